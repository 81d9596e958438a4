"""A stub web API for the HTTP Request cases: it echoes what it was sent, answers with chosen
status codes and content types, redirects, pages in every style n8n paginates, checks
digest and OAuth2 credentials. Every answer depends on the request alone, and shows only
stable parts of it (no dates, ports, boundaries or agent strings)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from aiohttp import web

__all__ = ["app"]

_SHOWN_HEADERS = ("accept", "content-type", "authorization", "x-")
_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)
_REALM = "stub"
_NONCE = "fixednonce123"
DIGEST_USER, DIGEST_PASSWORD = "dora", "digest-pw"
CLIENT_ID, CLIENT_SECRET = "client-1", "client-secret-1"
PAGE_SIZE, LAST_PAGE = 2, 3


def _headers(request: web.Request) -> dict[str, str]:
    shown = {}
    for name, value in request.headers.items():
        lower = name.lower()
        if lower == "accept-encoding":
            continue
        if lower.startswith(_SHOWN_HEADERS) or lower in _SHOWN_HEADERS:
            if lower == "content-type" and "boundary=" in value:
                value = value.split(";")[0]
            shown[lower] = value
    return dict(sorted(shown.items()))


def _query(request: web.Request) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key in request.query:
        values = request.query.getall(key)
        found[key] = values if len(values) > 1 else values[0]
    return found


async def _body(request: web.Request) -> Any:
    kind = request.content_type
    if kind == "multipart/form-data":
        fields = []
        reader = await request.multipart()
        async for part in reader:
            data = await part.read()
            field: dict[str, Any] = {"name": part.name}
            if part.filename is not None:
                field["filename"] = part.filename
                field["type"] = part.headers.get("Content-Type")
                field["size"] = len(data)
                field["text"] = data.decode("utf-8", errors="replace")
            else:
                field["value"] = data.decode()
            fields.append(field)
        return {"multipart": fields}
    raw = await request.read()
    if not raw:
        return None
    if kind == "application/x-www-form-urlencoded":
        try:
            return {"form": raw.decode()}
        except UnicodeDecodeError:
            return {"bytes": len(raw)}
    if kind == "application/json":
        try:
            return {"json": json.loads(raw)}
        except ValueError:
            return {"text": raw.decode(errors="replace")}
    text = raw.decode(errors="replace")
    return {"text": text} if text.isprintable() else {"bytes": len(raw)}


def _clean(value: Any) -> Any:
    """Text that came percent-decoded with undecodable bytes, made valid (U+FFFD)."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


async def echo(request: web.Request) -> web.Response:
    return web.json_response(
        _clean(
            {
                "method": request.method,
                "path": request.path,
                "raw_query": request.rel_url.raw_query_string,
                "query": _query(request),
                "headers": _headers(request),
                "body": await _body(request),
            }
        )
    )


async def status(request: web.Request) -> web.Response:
    code = int(request.match_info["code"])
    kind = request.query.get("as", "json")
    if kind == "text":
        return web.Response(status=code, text=f"status {code} as text")
    if kind == "empty":
        return web.Response(status=code)
    return web.json_response({"error": {"code": code, "message": f"stub says {code}"}}, status=code)


async def content(request: web.Request) -> web.Response:
    kind = request.match_info["kind"]
    if kind == "text":
        return web.Response(text="plain words, ünïcode")
    if kind == "html":
        return web.Response(text="<html><body><p>hi</p></body></html>", content_type="text/html")
    if kind == "xml":
        return web.Response(text="<a><b>1</b></a>", content_type="application/xml")
    if kind == "png":
        return web.Response(body=_PNG, content_type="image/png")
    if kind == "pdf":
        return web.Response(body=b"%PDF-1.4 tiny", content_type="application/pdf")
    if kind == "octet":
        return web.Response(body=b"\x00\x01\x02bytes", content_type="application/octet-stream")
    if kind == "named":
        return web.Response(
            body=b"a,b\n1,2\n",
            content_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="report.csv"'},
        )
    if kind == "empty":
        return web.Response(status=200)
    if kind == "empty-json":
        return web.Response(status=200, body=b"", content_type="application/json")
    if kind == "array":
        return web.json_response([{"id": 1}, {"id": 2, "tag": "x"}, {"id": 3}])
    if kind == "scalars":
        return web.json_response([1, "two", None])
    if kind == "null":
        return web.json_response(None)
    if kind == "number":
        return web.json_response(42)
    if kind == "nested":
        return web.json_response({"data": [{"a": 1}, {"a": 2}], "meta": {"n": 2}})
    if kind == "bad-json":
        return web.Response(text="{not json", content_type="application/json")
    if kind == "json-as-text":
        return web.Response(text='{"hidden": "json"}', content_type="text/plain")
    if kind == "headers":
        return web.json_response({"ok": True}, headers={"X-Custom-Thing": "Value-1"})
    raise web.HTTPNotFound()


async def redirect(request: web.Request) -> web.Response:
    left = int(request.match_info["n"])
    code = int(request.query.get("code", "302"))
    target = "/echo" if left <= 1 else f"/redirect/{left - 1}?code={code}"
    return web.Response(status=code, headers={"Location": target})


def _digest_expected(method: str, uri: str, fields: dict[str, str]) -> str:
    ha1 = hashlib.md5(f"{DIGEST_USER}:{_REALM}:{DIGEST_PASSWORD}".encode()).hexdigest()
    ha2 = hashlib.md5(f"{method}:{uri}".encode()).hexdigest()
    if fields.get("qop"):
        tail = f"{fields['nonce']}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}"
    else:
        tail = f"{fields['nonce']}:{ha2}"
    return hashlib.md5(f"{ha1}:{tail}".encode()).hexdigest()


def _digest_fields(header: str) -> dict[str, str]:
    fields = {}
    for part in header[len("Digest ") :].split(","):
        if "=" in part:
            key, value = part.strip().split("=", 1)
            fields[key] = value.strip('"')
    return fields


async def digest(request: web.Request) -> web.Response:
    header = request.headers.get("Authorization", "")
    if header.startswith("Digest "):
        fields = _digest_fields(header)
        if fields.get("username") == DIGEST_USER and fields.get("response") == _digest_expected(
            request.method, fields.get("uri", ""), fields
        ):
            return web.json_response({"digest": "accepted", "user": DIGEST_USER})
    challenge = f'Digest realm="{_REALM}", nonce="{_NONCE}", qop="auth", algorithm=MD5'
    return web.json_response(
        {"digest": "refused"}, status=401, headers={"WWW-Authenticate": challenge}
    )


async def token(request: web.Request) -> web.Response:
    form = await request.post()
    basic = request.headers.get("Authorization", "")
    client_id, secret = form.get("client_id"), form.get("client_secret")
    if basic.startswith("Basic "):
        client_id, secret = base64.b64decode(basic[6:]).decode().split(":", 1)
    grant = form.get("grant_type")
    if grant == "refresh_token" and form.get("refresh_token") == "refresh-1":
        return web.json_response({"access_token": "fresh-token", "token_type": "Bearer"})
    if grant == "client_credentials" and (client_id, secret) == (CLIENT_ID, CLIENT_SECRET):
        scope = form.get("scope", "")
        return web.json_response(
            {"access_token": f"cc-token{'-' + scope if scope else ''}", "token_type": "bearer"}
        )
    return web.json_response({"error": "invalid_client"}, status=401)


async def protected(request: web.Request) -> web.Response:
    header = request.headers.get("Authorization", "")
    if header in ("Bearer fresh-token",) or header.startswith("Bearer cc-token"):
        return web.json_response({"protected": True, "authorization": header})
    return web.json_response({"error": "token expired"}, status=401)


def _items(page: int) -> list[dict[str, int]]:
    if page > LAST_PAGE or page < 1:
        return []
    return [{"n": (page - 1) * PAGE_SIZE + i + 1} for i in range(PAGE_SIZE)]


async def page_by_query(request: web.Request) -> web.Response:
    page = int(request.query.get("page", "1"))
    return web.json_response(_items(page))


async def page_wrapped(request: web.Request) -> web.Response:
    page = int(request.query.get("page", "1"))
    items = _items(page)
    return web.json_response(
        {"page": page, "items": items, "more": page < LAST_PAGE, "total": LAST_PAGE * PAGE_SIZE}
    )


async def page_by_header(request: web.Request) -> web.Response:
    page = int(request.headers.get("X-Page", "1"))
    return web.json_response({"page": page, "items": _items(page)})


async def page_by_body(request: web.Request) -> web.Response:
    raw = await request.read()
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        body = dict(p.split("=", 1) for p in raw.decode().split("&") if "=" in p)
    page = int(body.get("page", 1))
    return web.json_response({"page": page, "items": _items(page), "sent": body})


async def page_by_status(request: web.Request) -> web.Response:
    page = int(request.query.get("page", "1"))
    if page > LAST_PAGE:
        return web.json_response({"done": True}, status=404)
    return web.json_response({"page": page, "items": _items(page)})


async def page_next_url_query(request: web.Request) -> web.Response:
    """Pages whose next URL carries `page` alone; the answer shows the query received."""
    page = int(request.match_info["n"])
    nxt = f"http://{request.host}/pages/nextq/{page + 1}?page={page + 1}"
    return web.json_response(
        {
            "page": page,
            "query": dict(sorted(request.query.items())),
            "next": nxt if page < LAST_PAGE else None,
        }
    )


async def page_next_url(request: web.Request) -> web.Response:
    page = int(request.match_info["n"])
    nxt = f"http://{request.host}/pages/next/{page + 1}" if page < LAST_PAGE else None
    return web.json_response({"page": page, "items": _items(page), "next": nxt})


async def page_text(request: web.Request) -> web.Response:
    page = int(request.query.get("page", "1"))
    return web.Response(text=f"text page {page}" if page <= LAST_PAGE else "")


async def _steady_headers(request: web.Request, response: web.StreamResponse) -> None:
    # Answers shown in full must not depend on the clock or the server's version.
    response.headers["Date"] = "Thu, 01 Jan 2026 00:00:00 GMT"
    response.headers["Server"] = "stub"
    # n8n's client asks to close each connection, so its answers say so: every client's do.
    response.force_close()
    response.headers["Connection"] = "close"


def app() -> web.Application:
    application = web.Application()
    application.on_response_prepare.append(_steady_headers)
    application.router.add_route("*", "/echo", echo)
    application.router.add_route("*", "/echo/{tail:.*}", echo)
    application.router.add_route("*", "/status/{code}", status)
    application.router.add_route("*", "/content/{kind}", content)
    application.router.add_route("*", "/redirect/{n}", redirect)
    application.router.add_route("*", "/digest", digest)
    application.router.add_post("/oauth/token", token)
    application.router.add_route("*", "/oauth/protected", protected)
    application.router.add_route("*", "/pages/query", page_by_query)
    application.router.add_route("*", "/pages/wrapped", page_wrapped)
    application.router.add_route("*", "/pages/header", page_by_header)
    application.router.add_route("*", "/pages/body", page_by_body)
    application.router.add_route("*", "/pages/status", page_by_status)
    application.router.add_route("*", "/pages/next/{n}", page_next_url)
    application.router.add_route("*", "/pages/nextq/{n}", page_next_url_query)
    application.router.add_route("*", "/pages/text", page_text)
    return application
