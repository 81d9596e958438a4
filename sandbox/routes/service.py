"""The bot list, log maintenance and the third-party integrations."""

from __future__ import annotations

from aiohttp import web

from kflow.sandbox.checks import Invalid, Rule, check_query
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.routes._entity import ID, EntityRoutes, ident, json_body
from kflow.sandbox.rules import BOT_LIST, FACEBOOK_CAMPAIGN
from kflow.sandbox.store.entities import FACEBOOK
from kflow.sandbox.store.logs import LOG_TYPES
from kflow.sandbox.store.settings import (
    bot_entries,
    read_setting,
    write_bot_entries,
    write_setting,
)

__all__ = ["routes"]

routes = web.RouteTableDef()
_PREFIX = "/admin_api/v1"


async def _bot_body(request: web.Request) -> list[str]:
    body = await json_body(request, BOT_LIST, creating=True)
    try:
        return bot_entries(body["value"])
    except ValueError as exc:
        raise Invalid({"value": [str(exc)]}) from None


@routes.get(f"{_PREFIX}/botlist")
async def get_bot_list(request: web.Request) -> web.Response:
    return web.json_response({"value": read_setting(request.app[STORE].conn, "botlist")})


@routes.put(f"{_PREFIX}/botlist")
async def replace_bot_list(request: web.Request) -> web.Response:
    entries = await _bot_body(request)
    with request.app[STORE].transaction() as db:
        return web.json_response({"count": write_bot_entries(db, entries)})


@routes.delete(f"{_PREFIX}/botlist")
async def clear_bot_list(request: web.Request) -> web.Response:
    with request.app[STORE].transaction() as db:
        write_bot_entries(db, [])
    return web.json_response({"success": True})


@routes.post(f"{_PREFIX}/botlist/add")
async def add_to_bot_list(request: web.Request) -> web.Response:
    entries = await _bot_body(request)
    with request.app[STORE].transaction() as db:
        current = bot_entries(read_setting(db, "botlist"))
        return web.json_response({"count": write_bot_entries(db, current + entries)})


@routes.post(f"{_PREFIX}/botlist/exclude")
async def exclude_from_bot_list(request: web.Request) -> web.Response:
    entries = set(await _bot_body(request))
    with request.app[STORE].transaction() as db:
        current = bot_entries(read_setting(db, "botlist"))
        kept = [entry for entry in current if entry not in entries]
        return web.json_response({"count": write_bot_entries(db, kept)})


@routes.post(f"{_PREFIX}/logs/types")
async def log_types(request: web.Request) -> web.Response:
    return web.json_response(list(LOG_TYPES))


@routes.delete(r"/admin_api/v1/logs/{log_type}")
async def clear_log(request: web.Request) -> web.Response:
    log_type = request.match_info["log_type"]
    if log_type not in LOG_TYPES:
        return error_response(404, "Not found")
    with request.app[STORE].transaction() as db:
        db.execute("DELETE FROM logs WHERE type = ?", (log_type,))
    return web.json_response({"success": True})


def _setting_routes(name: str, key: str) -> None:
    """GET answers `{key: value}`; PUT takes the value in the query string, as the API does."""
    path = f"{_PREFIX}/integrations/{name}"

    async def read(request: web.Request) -> web.Response:
        return web.json_response({key: read_setting(request.app[STORE].conn, key)})

    async def write(request: web.Request) -> web.Response:
        value = check_query(request.query, {key: Rule("str", True)})[key]
        with request.app[STORE].transaction() as db:
            write_setting(db, key, value)
        return web.json_response({key: value})

    routes.get(path)(read)
    routes.put(path)(write)


_setting_routes("avscan", "avscan_key")
_setting_routes("imklo", "imklo_api_url")

facebook = EntityRoutes(
    routes, f"{_PREFIX}/integrations/facebook", FACEBOOK, "Facebook integration", "facebook"
)


@routes.get(f"{_PREFIX}/integrations/facebook")
async def list_facebook(request: web.Request) -> web.Response:
    return web.json_response({"data": FACEBOOK.list(request.app[STORE].conn)})


facebook.create(wrap=lambda obj: {"data": obj})


@routes.get(f"{_PREFIX}/integrations/facebook/{ID}")
async def get_facebook(request: web.Request) -> web.Response:
    found = FACEBOOK.get(request.app[STORE].conn, ident(request))
    return web.json_response({"data": found}) if found else _no_account()


facebook.update(wrap=lambda obj: {"data": obj})
facebook.remove()


def _no_account() -> web.Response:
    return error_response(404, "Facebook integration not found")


@routes.get(f"{_PREFIX}/integrations/facebook/{ID}/campaign")
async def facebook_campaigns(request: web.Request) -> web.Response:
    """The campaigns linked to the account, as `[{name, value}]`."""
    conn = request.app[STORE].conn
    if FACEBOOK.get(conn, ident(request)) is None:
        return _no_account()
    rows = conn.execute(
        "SELECT c.id, c.name FROM facebook_campaigns f JOIN campaigns c ON c.id = f.campaign_id "
        "WHERE f.account_id = ? ORDER BY c.id",
        (ident(request),),
    )
    return web.json_response([{"name": row["name"], "value": row["id"]} for row in rows])


async def _link(request: web.Request, *, linked: bool) -> web.Response:
    body = await json_body(request, FACEBOOK_CAMPAIGN, creating=True)
    store = request.app[STORE]
    if FACEBOOK.get(store.conn, ident(request)) is None:
        return _no_account()
    campaign = body["campaign_id"]
    if not store.conn.execute("SELECT 1 FROM campaigns WHERE id = ?", (campaign,)).fetchone():
        raise Invalid({"campaign_id": ["Campaign not found"]})
    with store.transaction() as db:
        if linked:
            db.execute(
                "INSERT OR IGNORE INTO facebook_campaigns (account_id, campaign_id) VALUES (?, ?)",
                (ident(request), campaign),
            )
        else:
            db.execute(
                "DELETE FROM facebook_campaigns WHERE account_id = ? AND campaign_id = ?",
                (ident(request), campaign),
            )
    return web.json_response({"success": True})


@routes.post(f"{_PREFIX}/integrations/facebook/{ID}/campaign")
async def link_campaign(request: web.Request) -> web.Response:
    return await _link(request, linked=True)


@routes.delete(f"{_PREFIX}/integrations/facebook/{ID}/campaign")
async def unlink_campaign(request: web.Request) -> web.Response:
    return await _link(request, linked=False)
