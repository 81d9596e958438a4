"""The deterministic demo data set: campaigns, streams, offers, sources, clicks and conversions.

The same seed always yields the same rows (ids, subids, amounts, attributes); only the
dates move, since clicks are spread over the 30 days before `now` so that "today",
"yesterday" and "7_days_ago" reports always have data.
"""

from __future__ import annotations

import json
import random
import sqlite3
import string
from datetime import UTC, datetime, timedelta

from kflow.sandbox.store.db import STORAGE_FORMAT, Store

__all__ = ["DEFAULT_CLICKS", "DEFAULT_SEED", "seed_store"]

DEFAULT_SEED = 1
DEFAULT_CLICKS = 3000

_SOURCES = ["Facebook Ads", "Google Ads", "TikTok Ads"]
_OFFERS = [
    ("Keto Slim ES", 28.0),
    ("Loan Express MX", 12.5),
    ("VPN Shield", 6.0),
    ("Casino Royal DE", 45.0),
]
# name, alias, source index, offer index, CPC, share of traffic, conversion rate.
# Tuned so that some campaigns earn and some lose: ROI from about +70% to -70%.
_CAMPAIGNS = [
    ("FB Nutra ES", "fbnutra", 0, 0, 0.3, 30, 0.032),
    ("Google Loans MX", "gloansmx", 1, 1, 0.5, 25, 0.05),
    ("TikTok VPN Global", "ttvpn", 2, 2, 0.1, 25, 0.04),
    ("FB Casino DE", "fbcasino", 0, 3, 0.875, 15, 0.028),
    ("Google VPN US", "gvpnus", 1, 2, 0.625, 5, 0.05),
]
_COUNTRIES = [
    ("ES", "Madrid"),
    ("MX", "Mexico City"),
    ("US", "New York"),
    ("DE", "Berlin"),
    ("BR", "São Paulo"),
]
_DEVICES = [
    ("mobile", "Android", "Chrome Mobile"),
    ("mobile", "iOS", "Safari"),
    ("desktop", "Windows", "Chrome"),
    ("desktop", "macOS", "Safari"),
    ("tablet", "Android", "Chrome"),
]
# Attributes derived from others (not drawn), so the random sequence stays as it is.
_REGIONS = {
    "Madrid": "Madrid",
    "Mexico City": "CDMX",
    "New York": "New York",
    "Berlin": "Berlin",
    "São Paulo": "São Paulo",
}
_MODELS = {
    ("mobile", "Android"): "Pixel 8",
    ("mobile", "iOS"): "iPhone 15",
    ("tablet", "Android"): "Galaxy Tab S9",
}
_OS_VERSIONS = {"Android": "14", "iOS": "17.5", "Windows": "11", "macOS": "14.4"}
_BROWSER_VERSIONS = {"Chrome Mobile": "124.0", "Safari": "17.4", "Chrome": "124.0"}
_ISPS = {
    "ES": "Telefonica",
    "MX": "Telmex",
    "US": "Comcast",
    "DE": "Deutsche Telekom",
    "BR": "Vivo",
}
_SEARCH_ENGINES = {"google": "Google"}

_KEYWORDS = ["", "diet pills", "fast loan", "best vpn", "online casino", "weight loss"]


def _subid(rng: random.Random) -> str:
    # Keitaro subids are lowercase base-36 strings of about 19 characters.
    alphabet = string.ascii_lowercase + string.digits
    return "".join(rng.choice(alphabet) for _ in range(19))


def _derived(row: tuple) -> tuple:
    """external_id, region, device model, versions, connection, operator, ISP, search engine."""
    sub_id, country, city, device, os_name, browser, source = (
        row[0],
        row[8],
        row[9],
        row[10],
        row[11],
        row[12],
        row[13],
    )
    mobile = device != "desktop"
    return (
        f"{source[:2]}-{sub_id[:10]}",
        _REGIONS.get(city, ""),
        _MODELS.get((device, os_name), ""),
        _OS_VERSIONS.get(os_name, ""),
        _BROWSER_VERSIONS.get(browser, ""),
        "cellular" if mobile and sub_id[0] < "n" else ("wifi" if mobile else "broadband"),
        _ISPS[country] if mobile else "",
        _ISPS[country],
        _SEARCH_ENGINES.get(source, ""),
    )


def _ip(rng: random.Random) -> str:
    octets = (rng.randrange(1, 224), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    return ".".join(str(o) for o in octets)


def seed_store(
    store: Store,
    *,
    seed: int = DEFAULT_SEED,
    clicks: int = DEFAULT_CLICKS,
    now: datetime | None = None,
) -> None:
    """Fills an empty store with the demo data set."""
    rng = random.Random(seed)
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    created = (now - timedelta(days=90)).strftime(STORAGE_FORMAT)
    with store.transaction() as db:
        db.executemany(
            "INSERT INTO traffic_sources (id, name, postback_url) VALUES (?, ?, ?)",
            [
                (
                    i + 1,
                    name,
                    f"https://{name.split()[0].lower()}.example.test/pb?click={{external_id}}"
                    "&status={status}&payout={revenue}",
                )
                for i, name in enumerate(_SOURCES)
            ],
        )
        db.executemany(
            "INSERT INTO offers (id, name, payout_value) VALUES (?, ?, ?)",
            [(i + 1, name, payout) for i, (name, payout) in enumerate(_OFFERS)],
        )
        for cid, (name, alias, source, offer, cpc, _, _) in enumerate(_CAMPAIGNS, start=1):
            params = {
                "keyword": {"name": "kw", "placeholder": "{kw}", "alias": "Keyword"},
                "sub_id_1": {"name": "ad", "placeholder": "{ad}", "alias": "Ad"},
            }
            db.execute(
                "INSERT INTO campaigns (id, alias, name, cost_value, traffic_source_id, token, "
                "group_id, position, parameters, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cid,
                    alias,
                    name,
                    cpc,
                    source + 1,
                    _subid(rng)[:16],
                    1 + cid % 2,
                    cid,
                    json.dumps(params),
                    created,
                    created,
                ),
            )
            db.execute(
                "INSERT INTO streams (id, campaign_id, name, position, offer_id) "
                "VALUES (?, ?, ?, ?, ?)",
                (cid * 2 - 1, cid, "Main offer", 1, offer + 1),
            )
            db.execute(
                "INSERT INTO streams (id, campaign_id, name, type, schema, action_type, position) "
                "VALUES (?, ?, 'Bots', 'forced', 'action', 'status404', 0)",
                (cid * 2, cid),
            )
        _seed_catalogue(db, rng, created)
        weights = [c[5] for c in _CAMPAIGNS]
        start = now - timedelta(days=30)
        conversion_rows = []
        click_rows = []
        for _ in range(clicks):
            cid = rng.choices(range(1, len(_CAMPAIGNS) + 1), weights)[0]
            name, alias, source, offer, cpc, _, rate = _CAMPAIGNS[cid - 1]
            when = start + timedelta(seconds=rng.randrange(int((now - start).total_seconds())))
            country, city = rng.choice(_COUNTRIES)
            device, os_name, browser = rng.choice(_DEVICES)
            is_bot = rng.random() < 0.03
            sub_id = _subid(rng)
            click_rows.append(
                (
                    sub_id,
                    _subid(rng)[:10],
                    cid,
                    cid * 2 if is_bot else cid * 2 - 1,
                    None if is_bot else offer + 1,
                    source + 1,
                    when.strftime(STORAGE_FORMAT),
                    _ip(rng),
                    country,
                    city,
                    device,
                    os_name,
                    browser,
                    _SOURCES[source].split()[0].lower(),
                    rng.choice(_KEYWORDS),
                    round(cpc * rng.uniform(0.7, 1.3), 4),
                    int(rng.random() < 0.85),
                    int(is_bot),
                    f"ad-{rng.randrange(1, 6)}",
                    f"cr{rng.randrange(100, 110)}",
                    f"adset-{cid}{rng.randrange(1, 4)}",
                )
            )
            if not is_bot and rng.random() < rate / 0.7:
                converted = min(when + timedelta(minutes=rng.randrange(2, 600)), now)
                status = rng.choices(["lead", "sale", "rejected"], [3, 6, 1])[0]
                payout = _OFFERS[offer][1]
                conversion_rows.append(
                    (
                        sub_id,
                        f"tid-{rng.randrange(10**8):08d}",
                        status,
                        status,
                        payout if status != "rejected" else 0.0,
                        converted.strftime(STORAGE_FORMAT),
                        converted.strftime(STORAGE_FORMAT) if status == "sale" else None,
                    )
                )
        click_rows = [(*row, *_derived(row)) for row in click_rows]
        click_rows.sort(key=lambda row: row[6])  # click ids grow with time, as on a tracker
        db.executemany(
            "INSERT INTO clicks (sub_id, visitor_code, campaign_id, stream_id, offer_id, ts_id, "
            "datetime, ip, country_code, city, device_type, os, browser, source, keyword, cost, "
            "is_unique_campaign, is_bot, sub_id_1, creative_id, ad_campaign_id, external_id, "
            "region, device_model, os_version, browser_version, connection_type, operator, isp, "
            "search_engine) VALUES (" + ", ".join(["?"] * 30) + ")",
            click_rows,
        )
        db.executemany(
            "INSERT INTO conversions (sub_id, tid, status, original_status, revenue, datetime, "
            "sale_datetime) VALUES (?, ?, ?, ?, ?, ?, ?)",
            conversion_rows,
        )


def _seed_catalogue(db: sqlite3.Connection, rng: random.Random, created: str) -> None:
    """Archived objects (to restore), landings, networks, domains, groups, users and the rest."""
    archived = len(_CAMPAIGNS) + 1
    db.execute(
        "INSERT INTO campaigns (id, alias, name, state, token, position, created_at, updated_at) "
        "VALUES (?, 'oldpush', 'Old push campaign', 'deleted', ?, ?, ?, ?)",
        (archived, _subid(rng)[:16], archived, created, created),
    )
    db.execute(
        "INSERT INTO streams (id, campaign_id, name, position, state) "
        "VALUES (?, 1, 'Old creative test', 2, 'deleted')",
        (len(_CAMPAIGNS) * 2 + 1,),
    )
    stamps = json.dumps({"created_at": created, "updated_at": created})
    db.executemany(
        "INSERT INTO landing_pages (id, name, extra) VALUES (?, ?, ?)",
        [(1, "Keto quiz", stamps), (2, "Loan calculator", stamps)],
    )
    db.executemany(
        "INSERT INTO affiliate_networks (id, name, extra) VALUES (?, ?, ?)",
        [(1, "Dr.Cash", stamps), (2, "LeadBit", stamps)],
    )
    db.executemany(
        "INSERT INTO domains (id, name, state, extra) VALUES (?, ?, ?, ?)",
        [
            (1, "track.sandbox.test", "active", stamps),
            (2, "go.sandbox.test", "active", stamps),
            (3, "old.sandbox.test", "deleted", stamps),
        ],
    )
    db.executemany(
        "INSERT INTO groups (id, name, type, position) VALUES (?, ?, ?, ?)",
        [(1, "Facebook", "campaigns", 1), (2, "Google", "campaigns", 2), (3, "Nutra", "offers", 1)],
    )
    db.executemany(
        "INSERT INTO users (id, login, type, extra) VALUES (?, ?, ?, ?)",
        [(1, "admin", "ADMIN", stamps), (2, "buyer", "USER", stamps)],
    )
    db.execute(
        "INSERT INTO facebook_accounts (id, name, extra) VALUES (1, 'BM main', ?)",
        (json.dumps({"ad_account_id": "act_1001"}),),
    )
    db.execute("INSERT INTO facebook_campaigns (account_id, campaign_id) VALUES (1, 1)")
    db.executemany(
        "INSERT INTO files (owner, owner_id, path, data) VALUES (?, 1, ?, ?)",
        [
            ("offers", "index.html", "<h1>Keto Slim</h1>"),
            ("offers", "css/style.css", "h1 { color: green }"),
            ("landing_pages", "index.html", "<h1>Quiz</h1>"),
        ],
    )
    db.execute(
        "INSERT INTO settings (key, value) VALUES ('botlist', ?)",
        ("66.249.64.0/19\n157.55.39.1\n10.0.0.1",),
    )
