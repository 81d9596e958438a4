-- Keitaro sandbox storage. Times are UTC, 'YYYY-MM-DD HH:MM:SS'.

CREATE TABLE traffic_sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active',
    postback_url TEXT NOT NULL DEFAULT '',
    postback_statuses TEXT NOT NULL DEFAULT 'lead,sale'
);

CREATE TABLE offers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    payout_value REAL NOT NULL DEFAULT 0,
    payout_currency TEXT NOT NULL DEFAULT 'USD',
    state TEXT NOT NULL DEFAULT 'active'
);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    alias TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'position',
    state TEXT NOT NULL DEFAULT 'active',
    cost_type TEXT NOT NULL DEFAULT 'CPC',
    cost_value REAL NOT NULL DEFAULT 0,
    cost_currency TEXT NOT NULL DEFAULT '',
    cost_auto INTEGER NOT NULL DEFAULT 0,
    group_id INTEGER,
    traffic_source_id INTEGER REFERENCES traffic_sources(id),
    token TEXT NOT NULL,
    cookies_ttl INTEGER NOT NULL DEFAULT 24,
    position INTEGER NOT NULL DEFAULT 0,
    bind_visitors TEXT,
    parameters TEXT NOT NULL DEFAULT '{}',
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE streams (
    id INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    name TEXT NOT NULL,
    type TEXT NOT NULL DEFAULT 'regular',
    schema TEXT NOT NULL DEFAULT 'redirect',
    action_type TEXT NOT NULL DEFAULT 'http',
    position INTEGER NOT NULL DEFAULT 0,
    weight INTEGER NOT NULL DEFAULT 100,
    state TEXT NOT NULL DEFAULT 'active',
    offer_id INTEGER REFERENCES offers(id)
);

CREATE TABLE clicks (
    id INTEGER PRIMARY KEY,
    sub_id TEXT NOT NULL UNIQUE,
    visitor_code TEXT NOT NULL,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    stream_id INTEGER REFERENCES streams(id),
    offer_id INTEGER REFERENCES offers(id),
    ts_id INTEGER REFERENCES traffic_sources(id),
    datetime TEXT NOT NULL,
    ip TEXT NOT NULL,
    country_code TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    device_model TEXT NOT NULL DEFAULT '',
    os_version TEXT NOT NULL DEFAULT '',
    browser_version TEXT NOT NULL DEFAULT '',
    connection_type TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    isp TEXT NOT NULL DEFAULT '',
    search_engine TEXT NOT NULL DEFAULT '',
    device_type TEXT NOT NULL,
    os TEXT NOT NULL,
    browser TEXT NOT NULL,
    user_agent TEXT NOT NULL DEFAULT '',
    referrer TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    keyword TEXT NOT NULL DEFAULT '',
    cost REAL NOT NULL DEFAULT 0,
    is_unique_campaign INTEGER NOT NULL DEFAULT 1,
    is_unique_stream INTEGER NOT NULL DEFAULT 1,
    is_bot INTEGER NOT NULL DEFAULT 0,
    is_using_proxy INTEGER NOT NULL DEFAULT 0,
    external_id TEXT NOT NULL DEFAULT '',
    creative_id TEXT NOT NULL DEFAULT '',
    ad_campaign_id TEXT NOT NULL DEFAULT '',
    sub_id_1 TEXT NOT NULL DEFAULT '',
    sub_id_2 TEXT NOT NULL DEFAULT '',
    sub_id_3 TEXT NOT NULL DEFAULT '',
    sub_id_4 TEXT NOT NULL DEFAULT '',
    sub_id_5 TEXT NOT NULL DEFAULT '',
    sub_id_6 TEXT NOT NULL DEFAULT '',
    sub_id_7 TEXT NOT NULL DEFAULT '',
    sub_id_8 TEXT NOT NULL DEFAULT '',
    sub_id_9 TEXT NOT NULL DEFAULT '',
    sub_id_10 TEXT NOT NULL DEFAULT '',
    sub_id_11 TEXT NOT NULL DEFAULT '',
    sub_id_12 TEXT NOT NULL DEFAULT '',
    sub_id_13 TEXT NOT NULL DEFAULT '',
    sub_id_14 TEXT NOT NULL DEFAULT '',
    sub_id_15 TEXT NOT NULL DEFAULT '',
    sub_id_16 TEXT NOT NULL DEFAULT '',
    sub_id_17 TEXT NOT NULL DEFAULT '',
    sub_id_18 TEXT NOT NULL DEFAULT '',
    sub_id_19 TEXT NOT NULL DEFAULT '',
    sub_id_20 TEXT NOT NULL DEFAULT '',
    sub_id_21 TEXT NOT NULL DEFAULT '',
    sub_id_22 TEXT NOT NULL DEFAULT '',
    sub_id_23 TEXT NOT NULL DEFAULT '',
    sub_id_24 TEXT NOT NULL DEFAULT '',
    sub_id_25 TEXT NOT NULL DEFAULT '',
    sub_id_26 TEXT NOT NULL DEFAULT '',
    sub_id_27 TEXT NOT NULL DEFAULT '',
    sub_id_28 TEXT NOT NULL DEFAULT '',
    sub_id_29 TEXT NOT NULL DEFAULT '',
    sub_id_30 TEXT NOT NULL DEFAULT '',
    extra_param_1 TEXT NOT NULL DEFAULT '',
    extra_param_2 TEXT NOT NULL DEFAULT '',
    extra_param_3 TEXT NOT NULL DEFAULT '',
    extra_param_4 TEXT NOT NULL DEFAULT '',
    extra_param_5 TEXT NOT NULL DEFAULT '',
    extra_param_6 TEXT NOT NULL DEFAULT '',
    extra_param_7 TEXT NOT NULL DEFAULT '',
    extra_param_8 TEXT NOT NULL DEFAULT '',
    extra_param_9 TEXT NOT NULL DEFAULT '',
    extra_param_10 TEXT NOT NULL DEFAULT ''
);
CREATE INDEX clicks_datetime ON clicks(datetime);
CREATE INDEX clicks_campaign ON clicks(campaign_id, datetime);

CREATE TABLE conversions (
    id INTEGER PRIMARY KEY,
    sub_id TEXT NOT NULL,
    tid TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    previous_status TEXT NOT NULL DEFAULT '',
    original_status TEXT NOT NULL DEFAULT '',
    revenue REAL NOT NULL DEFAULT 0,
    cost REAL NOT NULL DEFAULT 0,
    currency TEXT NOT NULL DEFAULT 'USD',
    datetime TEXT NOT NULL,
    sale_datetime TEXT,
    params TEXT NOT NULL DEFAULT '{}',
    UNIQUE (sub_id, tid)
);
CREATE INDEX conversions_sub_id ON conversions(sub_id);

CREATE TABLE labels (
    campaign_id INTEGER NOT NULL,
    ref_name TEXT NOT NULL,
    value TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (campaign_id, ref_name, value)
);

CREATE TABLE logs (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    datetime TEXT NOT NULL,
    jid TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX logs_type ON logs(type, id);
