-- Tables added after the first sandbox release; applied to new and old databases alike.

CREATE TABLE IF NOT EXISTS landing_pages (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active',
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS affiliate_networks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active',
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS domains (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'active',
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS groups (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'active',
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS facebook_accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    extra TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE IF NOT EXISTS facebook_campaigns (
    account_id INTEGER NOT NULL REFERENCES facebook_accounts(id) ON DELETE CASCADE,
    campaign_id INTEGER NOT NULL,
    PRIMARY KEY (account_id, campaign_id)
);

CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS files (
    owner TEXT NOT NULL,
    owner_id INTEGER NOT NULL,
    path TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (owner, owner_id, path)
);

CREATE TABLE IF NOT EXISTS stream_events (
    id INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL,
    datetime TEXT NOT NULL,
    action TEXT NOT NULL
);

-- A stream's history, as `/streams/{id}/events` answers it.
CREATE TRIGGER IF NOT EXISTS stream_created AFTER INSERT ON streams BEGIN
    INSERT INTO stream_events (stream_id, datetime, action)
    VALUES (NEW.id, strftime('%Y-%m-%d %H:%M:%S', 'now'), 'created');
END;

CREATE TRIGGER IF NOT EXISTS stream_changed AFTER UPDATE ON streams BEGIN
    INSERT INTO stream_events (stream_id, datetime, action)
    VALUES (
        NEW.id,
        strftime('%Y-%m-%d %H:%M:%S', 'now'),
        CASE WHEN OLD.state != NEW.state THEN 'state: ' || OLD.state || ' → ' || NEW.state
             ELSE 'updated' END
    );
END;
