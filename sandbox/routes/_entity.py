"""The handlers most collections share, built for one collection at a time."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from kflow.sandbox.bodies import read_json
from kflow.sandbox.checks import Rule, check_body
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import STORE
from kflow.sandbox.rules import BODY_RULES, CREATE, UPDATE
from kflow.sandbox.store.entities import Collection

__all__ = ["ID", "EntityRoutes", "ident", "json_body"]

ID = "{id:[0-9]+}"
Handler = Callable[[web.Request], Awaitable[web.Response]]
Check = Callable[[Any, dict[str, Any], int | None], None]


def ident(request: web.Request) -> int:
    return int(request.match_info["id"])


async def json_body(request: web.Request, rules: Mapping[str, Rule], *, creating: bool) -> dict:
    """The request's JSON body, checked against `rules` (400/406 raised)."""
    return check_body(await read_json(request), rules, creating=creating)


class EntityRoutes:
    """List, get, create, update, archive, restore, state and clone for one collection.

    Args:
        routes: The table to add routes to.
        path: The collection's path (`/admin_api/v1/offers`).
        collection: Where the objects live.
        noun: For messages (`Offer`).
        rules: Key into BODY_RULES.
        hide_archived: Whether GET of an archived object is 404 (campaigns, streams, domains).
        check: Extra checks of a body against the store (ids that must exist), given the
            object's own id on update; raises Invalid.
    """

    def __init__(
        self,
        routes: web.RouteTableDef,
        path: str,
        collection: Collection,
        noun: str,
        rules: str,
        *,
        hide_archived: bool = False,
        check: Check | None = None,
    ) -> None:
        self.routes = routes
        self.path = path
        self.collection = collection
        self.noun = noun
        self.rules = BODY_RULES[rules]
        self.hide_archived = hide_archived
        self.check = check

    def _found(self, request: web.Request, *, archived: bool | None = None) -> dict | None:
        if archived is None and self.hide_archived:
            archived = False
        return self.collection.get(request.app[STORE].conn, ident(request), archived=archived)

    def _missing(self) -> web.Response:
        return error_response(404, f"{self.noun} not found")

    def catalogue(
        self, *, archive: str = "", clone: str = "POST", archived_answer: Any = None
    ) -> None:
        """The usual set: list, create, get, update, archive (`DELETE …{archive}`), clone.

        Args:
            archive: The archive route's suffix (offers use `/archive`).
            clone: The clone route's method (landing pages clone with PUT).
            archived_answer: What archiving answers instead of the archived object.
        """
        self.list()
        self.create()
        self.get()
        self.update()
        if archived_answer is None:
            self.set_state("DELETE", archive, "deleted")
        else:
            self.set_state("DELETE", archive, "deleted", wrap=lambda obj: archived_answer)
        self.clone(clone)

    def list(self, suffix: str = "", *, archived: bool = False) -> None:
        async def handler(request: web.Request) -> web.Response:
            conn = request.app[STORE].conn
            return web.json_response(self.collection.list(conn, archived=archived))

        self.routes.get(self.path + suffix)(handler)

    def get(self) -> None:
        async def handler(request: web.Request) -> web.Response:
            found = self._found(request)
            return web.json_response(found) if found else self._missing()

        self.routes.get(f"{self.path}/{ID}")(handler)

    def create(self, *, wrap: Callable[[dict], Any] = lambda obj: obj) -> None:
        async def handler(request: web.Request) -> web.Response:
            body = await json_body(request, self.rules[CREATE], creating=True)
            store = request.app[STORE]
            if self.check:
                self.check(store.conn, body, None)
            with store.transaction() as db:
                created = self.collection.create(db, body)
            return web.json_response(wrap(created))

        self.routes.post(self.path)(handler)

    def update(self, *, wrap: Callable[[dict], Any] = lambda obj: obj) -> None:
        async def handler(request: web.Request) -> web.Response:
            body = await json_body(request, self.rules[UPDATE], creating=False)
            store = request.app[STORE]
            if self._found(request) is None:
                return self._missing()
            if self.check:
                self.check(store.conn, body, ident(request))
            with store.transaction() as db:
                updated = self.collection.update(db, ident(request), body)
            return web.json_response(wrap(updated))

        self.routes.put(f"{self.path}/{ID}")(handler)

    def set_state(
        self,
        method: str,
        suffix: str,
        state: str,
        *,
        status: int = 200,
        wrap: Callable[[dict], Any] = lambda obj: obj,
        from_archive: bool = False,
    ) -> None:
        """A route that sets `state` (archive: deleted; restore: active; enable; disable)."""

        async def handler(request: web.Request) -> web.Response:
            store = request.app[STORE]
            if self._found(request, archived=from_archive or None) is None:
                return self._missing()
            with store.transaction() as db:
                changed = self.collection.update(db, ident(request), {"state": state})
            return web.json_response(wrap(changed), status=status)

        self.routes.route(method, f"{self.path}/{ID}{suffix}")(handler)

    def remove(self, suffix: str = "", *, status: int = 200, answer_object: bool = False) -> None:
        async def handler(request: web.Request) -> web.Response:
            store = request.app[STORE]
            found = self._found(request)
            if found is None:
                return self._missing()
            with store.transaction() as db:
                self.collection.remove(db, ident(request))
            return web.json_response(found if answer_object else {"success": True}, status=status)

        self.routes.delete(f"{self.path}/{ID}{suffix}")(handler)

    def clone(self, method: str = "POST") -> None:
        """Clones; like a tracker, answers a one-element array."""

        async def handler(request: web.Request) -> web.Response:
            store = request.app[STORE]
            if self._found(request) is None:
                return self._missing()
            with store.transaction() as db:
                copy = self.collection.clone(db, ident(request))
            return web.json_response([copy])

        self.routes.route(method, f"{self.path}/{ID}/clone")(handler)
