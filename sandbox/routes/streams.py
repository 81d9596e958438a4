"""`/admin_api/v1/streams/...` and the stream catalogues (types, schemas, actions, filters)."""

from __future__ import annotations

import sqlite3
from typing import Any

from aiohttp import web

from kflow.sandbox.checks import Invalid, Rule, check_query
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.routes._entity import ID, EntityRoutes, ident, json_body
from kflow.sandbox.rules import BODY_RULES, CREATE, UPDATE
from kflow.sandbox.store import stream_catalogue
from kflow.sandbox.store.entities import STREAMS

__all__ = ["routes"]

routes = web.RouteTableDef()
_PREFIX = "/admin_api/v1"


def _check(conn: sqlite3.Connection, body: dict[str, Any], own: int | None = None) -> None:
    """Campaigns, offers and landings named in a stream must exist; shares must add up."""
    errors: dict[str, list[str]] = {}
    if (
        "campaign_id" in body
        and not conn.execute(
            "SELECT 1 FROM campaigns WHERE id = ? AND state != 'deleted'", (body["campaign_id"],)
        ).fetchone()
    ):
        errors["campaign_id"] = ["Campaign not found"]
    for key, table, ref in (
        ("offers", "offers", "offer_id"),
        ("landings", "landing_pages", "landing_id"),
    ):
        for link in body.get(key) or []:
            if not isinstance(link, dict) or not isinstance(link.get(ref), int):
                errors[key] = [f"Each entry needs an integer {ref} and share"]
            elif not isinstance(link.get("share"), int):
                errors[key] = ["Each entry needs an integer share"]
            elif not conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (link[ref],)).fetchone():
                errors[key] = [f"{ref} {link[ref]} not found"]
    for entry in body.get("filters") or []:
        if (
            not isinstance(entry, dict)
            or "name" not in entry
            or entry.get("mode")
            not in (
                "accept",
                "reject",
            )
        ):
            errors["filters"] = ["Each filter needs a name and mode accept or reject"]
    if errors:
        raise Invalid(errors)


def _with_offer(body: dict[str, Any]) -> dict[str, Any]:
    """The first linked offer also fills the `offer_id` column clicks are attributed by."""
    offers = body.get("offers")
    if isinstance(offers, list):
        return {**body, "offer_id": offers[0]["offer_id"] if offers else None}
    return body


streams = EntityRoutes(
    routes, f"{_PREFIX}/streams", STREAMS, "Stream", "streams", hide_archived=True, check=_check
)
streams.list("/deleted", archived=True)


@routes.get(f"{_PREFIX}/streams/search")
async def search(request: web.Request) -> web.Response:
    """Streams whose name, action payload or comments contain `query`."""
    query = check_query(request.query, {"query": Rule("str", True)})["query"].lower()
    found = [
        s
        for s in STREAMS.list(request.app[STORE].conn)
        if any(query in str(s.get(k, "")).lower() for k in ("name", "action_payload", "comments"))
    ]
    return web.json_response(found)


@routes.post(f"{_PREFIX}/streams")
async def create(request: web.Request) -> web.Response:
    body = await json_body(request, BODY_RULES["streams"][CREATE], creating=True)
    store = request.app[STORE]
    _check(store.conn, body)
    with store.transaction() as db:
        created = STREAMS.create(db, _with_offer(body))
    return web.json_response(STREAMS.get(store.conn, created["id"]))


streams.get()


@routes.put(f"{_PREFIX}/streams/{ID}")
async def update(request: web.Request) -> web.Response:
    body = await json_body(request, BODY_RULES["streams"][UPDATE], creating=False)
    store = request.app[STORE]
    if STREAMS.get(store.conn, ident(request)) is None:
        return error_response(404, "Stream not found")
    _check(store.conn, body)
    with store.transaction() as db:
        updated = STREAMS.update(db, ident(request), _with_offer(body))
    return web.json_response(updated)


streams.set_state("DELETE", "", "deleted")
streams.set_state("POST", "/restore", "active", from_archive=True)
streams.set_state("POST", "/enable", "active")
streams.set_state("POST", "/disable", "disabled")


@routes.get(f"{_PREFIX}/streams/{ID}/events")
async def events(request: web.Request) -> web.Response:
    """The stream's change history, newest first."""
    conn = request.app[STORE].conn
    if STREAMS.get(conn, ident(request), archived=None) is None:
        return error_response(404, "Stream not found")
    rows = conn.execute(
        "SELECT id, stream_id, datetime, action FROM stream_events WHERE stream_id = ? "
        "ORDER BY id DESC",
        (ident(request),),
    )
    return web.json_response([dict(row) for row in rows])


def _catalogue(items: list[dict[str, Any]]) -> Any:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(items)

    return handler


routes.get(f"{_PREFIX}/stream_types")(_catalogue(stream_catalogue.TYPES))
routes.get(f"{_PREFIX}/stream_schemas")(_catalogue(stream_catalogue.SCHEMAS))
routes.get(f"{_PREFIX}/streams_actions")(_catalogue(stream_catalogue.ACTIONS))
# Some clients call the singular form; trackers are reported to answer both.
routes.get(f"{_PREFIX}/stream_actions")(_catalogue(stream_catalogue.ACTIONS))
routes.get(f"{_PREFIX}/stream_filters")(_catalogue(stream_catalogue.FILTERS))
