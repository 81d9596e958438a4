"""Offers, landing pages, affiliate networks, traffic sources, domains, groups and users."""

from __future__ import annotations

import sqlite3
from typing import Any

from aiohttp import web

from kflow.sandbox.checks import Invalid, Rule, check_query
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.routes._entity import ID, EntityRoutes, ident, json_body
from kflow.sandbox.rules import BODY_RULES, CREATE, UPDATE, USER_ACCESS
from kflow.sandbox.store.entities import (
    DOMAINS,
    GROUPS,
    LANDINGS,
    NETWORKS,
    OFFERS,
    SOURCES,
    USERS,
)

__all__ = ["routes"]

routes = web.RouteTableDef()
_PREFIX = "/admin_api/v1"


def _exists(conn: sqlite3.Connection, table: str, ident_: Any) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (ident_,)).fetchone() is not None


def _offer_check(conn: sqlite3.Connection, body: dict[str, Any], own: int | None) -> None:
    network = body.get("affiliate_network_id")
    if network and not _exists(conn, "affiliate_networks", network):
        raise Invalid({"affiliate_network_id": ["Affiliate network not found"]})


def _domain_check(conn: sqlite3.Connection, body: dict[str, Any], own: int | None) -> None:
    errors: dict[str, list[str]] = {}
    name = body.get("name")
    if name is not None and (
        "." not in name or " " in name or name.startswith(("http:", "https:"))
    ):
        errors["name"] = ["Give a host name such as track.example.com"]
    elif (
        name
        and conn.execute(
            "SELECT 1 FROM domains WHERE name = ? AND id != ?", (name, own or 0)
        ).fetchone()
    ):
        errors["name"] = ["Domain already exists"]
    campaign = body.get("default_campaign_id")
    if campaign and not _exists(conn, "campaigns", campaign):
        errors["default_campaign_id"] = ["Campaign not found"]
    if errors:
        raise Invalid(errors)


def _user_check(conn: sqlite3.Connection, body: dict[str, Any], own: int | None) -> None:
    errors: dict[str, list[str]] = {}
    if body.get("new_password") != body.get("new_password_confirmation"):
        errors["new_password_confirmation"] = ["Passwords do not match"]
    elif "new_password" in body and len(body["new_password"] or "") < 6:
        errors["new_password"] = ["At least 6 characters"]
    login = body.get("login")
    if (
        login
        and conn.execute(
            "SELECT 1 FROM users WHERE login = ? AND id != ?", (login, own or 0)
        ).fetchone()
    ):
        errors["login"] = ["Login already used"]
    if errors:
        raise Invalid(errors)


def _without_passwords(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if not k.startswith("new_password")}


EntityRoutes(routes, f"{_PREFIX}/offers", OFFERS, "Offer", "offers", check=_offer_check).catalogue(
    archive="/archive"
)
EntityRoutes(
    routes, f"{_PREFIX}/landing_pages", LANDINGS, "Landing page", "landing_pages"
).catalogue(clone="PUT")
EntityRoutes(
    routes, f"{_PREFIX}/affiliate_networks", NETWORKS, "Affiliate network", "affiliate_networks"
).catalogue()
EntityRoutes(
    routes, f"{_PREFIX}/traffic_sources", SOURCES, "Traffic source", "traffic_sources"
).catalogue(archived_answer={"success": True})

domains = EntityRoutes(
    routes,
    f"{_PREFIX}/domains",
    DOMAINS,
    "Domain",
    "domains",
    hide_archived=True,
    check=_domain_check,
)
domains.list()
domains.list("/deleted", archived=True)
domains.create(wrap=lambda obj: [obj])
domains.get()
domains.update()
domains.set_state("DELETE", "", "deleted", status=201)
domains.set_state("POST", "/restore", "active", from_archive=True, wrap=lambda obj: [obj])


@routes.post(f"{_PREFIX}/domains/{ID}/check")
async def check_domain(request: web.Request) -> web.Response:
    """Re-checks DNS and certificate; `.test` and `.example` names never resolve."""
    store = request.app[STORE]
    domain = DOMAINS.get(store.conn, ident(request))
    if domain is None:
        return error_response(404, "Domain not found")
    reserved = domain["name"].rsplit(".", 1)[-1] in ("test", "example", "invalid", "localhost")
    status = "error" if reserved else "active"
    with store.transaction() as db:
        checked = DOMAINS.update(db, ident(request), {"network_status": status})
    return web.json_response([checked])


groups = EntityRoutes(routes, f"{_PREFIX}/groups", GROUPS, "Group", "groups")


@routes.get(f"{_PREFIX}/groups")
async def list_groups(request: web.Request) -> web.Response:
    """The groups of one type; `type` is required."""
    query = check_query(
        request.query, {"type": Rule("str", True, ("campaigns", "offers", "landings"))}
    )
    conn = request.app[STORE].conn
    return web.json_response(GROUPS.list(conn, where="type = ?", args=(query["type"],)))


groups.create()
groups.update()
groups.remove("/delete", answer_object=True)

users = EntityRoutes(routes, f"{_PREFIX}/users", USERS, "User", "users", check=_user_check)
users.list()


@routes.post(f"{_PREFIX}/users")
async def create_user(request: web.Request) -> web.Response:
    """Creates a user; the password is checked, never stored or answered."""
    body = await json_body(request, BODY_RULES["users"][CREATE], creating=True)
    store = request.app[STORE]
    _user_check(store.conn, body, None)
    with store.transaction() as db:
        return web.json_response(USERS.create(db, _without_passwords(body)))


users.get()


@routes.put(f"{_PREFIX}/users/{ID}")
async def update_user(request: web.Request) -> web.Response:
    body = await json_body(request, BODY_RULES["users"][UPDATE], creating=False)
    store = request.app[STORE]
    if USERS.get(store.conn, ident(request)) is None:
        return error_response(404, "User not found")
    _user_check(store.conn, body, ident(request))
    with store.transaction() as db:
        return web.json_response(USERS.update(db, ident(request), _without_passwords(body)))


users.remove(status=201)


@routes.put(f"{_PREFIX}/users/{ID}/access")
async def user_access(request: web.Request) -> web.Response:
    body = await json_body(request, USER_ACCESS, creating=True)
    store = request.app[STORE]
    if USERS.get(store.conn, ident(request)) is None:
        return error_response(404, "User not found")
    with store.transaction() as db:
        return web.json_response(USERS.update(db, ident(request), body))
