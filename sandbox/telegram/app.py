"""The emulator's aiohttp app: `/bot<token>/<method>` as Telegram answers it, plus
`/_emulator/...` for tests to read what the bot sent."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from multidict import MultiMapping

from kflow.sandbox.telegram.methods import METHODS, BotError, Upload
from kflow.sandbox.telegram.store import DEFAULT_TOKEN, BotStore, bot_id_of, seed_chats

__all__ = ["STORE_KEY", "create_app"]

STORE_KEY: web.AppKey[BotStore] = web.AppKey("telegram_store", BotStore)
_TOKEN_KEY: web.AppKey[str] = web.AppKey("telegram_token", str)
_CLOCK_KEY: web.AppKey[Callable[[], datetime]] = web.AppKey("telegram_clock", Callable)  # type: ignore[arg-type]
_FILTER_KEY: web.AppKey[Callable[[dict[str, Any]], dict[str, Any]]] = web.AppKey(
    "telegram_filter",
    Callable,  # type: ignore[arg-type]
)
_JSON_FIELDS = ("reply_markup", "entities", "caption_entities", "link_preview_options", "media")


def _fail(code: int, description: str) -> web.Response:
    return web.json_response({"ok": False, "error_code": code, "description": description})


def _failure(code: int, description: str) -> web.Response:
    response = _fail(code, description)
    response.set_status(code)
    return response


def _from_text(fields: MultiMapping[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, value in fields.items():
        params[key] = value
    for key in _JSON_FIELDS:
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            # Unparsable JSON stays text: the method reports it in Telegram's words.
            with contextlib.suppress(json.JSONDecodeError):
                params[key] = json.loads(params[key])
    return params


async def _params(request: web.Request) -> dict[str, Any]:
    """Query parameters, then the body's: JSON, form-urlencoded or multipart (uploads)."""
    params = _from_text(request.query)
    kind = request.content_type
    if kind == "application/json":
        text = await request.text()
        if text.strip():
            try:
                body = json.loads(text)
            except json.JSONDecodeError:
                raise BotError("Bad Request: can't parse JSON object") from None
            if not isinstance(body, dict):
                raise BotError("Bad Request: can't parse JSON object")
            params.update(body)
    elif kind == "application/x-www-form-urlencoded":
        params.update(_from_text(await request.post()))
    elif kind.startswith("multipart/"):
        reader = await request.multipart()
        fields: dict[str, Any] = {}
        async for part in reader:
            if part.name is None or not hasattr(part, "read"):
                continue
            data = await part.read()  # type: ignore[union-attr]
            if part.filename is not None:
                fields[part.name] = Upload(
                    part.filename, part.headers.get("Content-Type"), bytes(data)
                )
            else:
                fields[part.name] = bytes(data).decode("utf-8", "replace")
        uploads = {k: v for k, v in fields.items() if isinstance(v, Upload)}
        texts = {k: v for k, v in fields.items() if isinstance(v, str)}
        params.update(_from_text(texts))  # type: ignore[arg-type]
        params.update(uploads)
    return params


async def bot_method(request: web.Request) -> web.Response:
    """One Bot API call: 404 for a malformed token or an unknown method, 401 for a token
    the emulator does not accept, else `{ok: true, result}` or Telegram's 400 error."""
    token = request.match_info["token"]
    method = METHODS.get(request.match_info["method"].lower())
    if ":" not in token or method is None:
        return _failure(404, "Not Found")
    if token != request.app[_TOKEN_KEY]:
        return _failure(401, "Unauthorized")
    try:
        params = request.app[_FILTER_KEY](await _params(request))
        result = method(request.app[STORE_KEY], params, request.app[_CLOCK_KEY]())
    except BotError as exc:
        return _failure(exc.code, exc.description)
    return web.json_response({"ok": True, "result": result})


async def download(request: web.Request) -> web.Response:
    """A file's bytes, at /file/bot<token>/<file_path>, as getFile gives the path."""
    if request.match_info["token"] != request.app[_TOKEN_KEY]:
        return _failure(401, "Unauthorized")
    path = request.match_info["path"]
    for stored in request.app[STORE_KEY].files.values():
        if stored.path == path and stored.data is not None:
            return web.Response(
                body=stored.data, content_type=stored.mime_type or "application/octet-stream"
            )
    return _failure(404, "Not Found")


async def sent_messages(request: web.Request) -> web.Response:
    """`GET /_emulator/messages[?chat_id=N]`: every message the bot sent, as it is now."""
    store = request.app[STORE_KEY]
    wanted = request.query.get("chat_id")
    messages = [
        store.messages.get((m["chat"]["id"], m["message_id"]), {**m, "deleted": True})
        for m in store.sent
        if wanted is None or str(m["chat"]["id"]) == wanted
    ]
    return web.json_response({"messages": messages})


async def add_chat(request: web.Request) -> web.Response:
    """`POST /_emulator/chats` with a Chat object (`id`, `type`, ...): the bot joins it."""
    chat = await request.json()
    if not isinstance(chat, dict) or "id" not in chat or "type" not in chat:
        return _failure(400, "Bad Request: a chat needs an id and a type")
    request.app[STORE_KEY].add_chat(chat)
    return web.json_response({"ok": True, "result": chat})


def create_app(
    *,
    token: str = DEFAULT_TOKEN,
    clock: Callable[[], datetime] | None = None,
    bot_name: str = "kflow Emulator Bot",
    bot_username: str = "kflow_emulator_bot",
    params_filter: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> web.Application:
    """A fresh emulator accepting `token`; message dates come from `clock` (default: now).

    It starts with the chats of store.seed_chats. `params_filter` sees every call's
    parameters before the method does (a test double may normalise them).
    """
    store = BotStore(
        bot={
            "id": bot_id_of(token),
            "is_bot": True,
            "first_name": bot_name,
            "username": bot_username,
        }
    )
    seed_chats(store)
    app = web.Application(client_max_size=50 * 1024 * 1024)
    app[STORE_KEY] = store
    app[_TOKEN_KEY] = token
    app[_CLOCK_KEY] = clock or (lambda: datetime.now(UTC))
    app[_FILTER_KEY] = params_filter or (lambda params: params)
    app.router.add_route("*", "/bot{token}/{method}", bot_method)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
    app.router.add_get("/_emulator/messages", sent_messages)
    app.router.add_post("/_emulator/chats", add_chat)
    return app
