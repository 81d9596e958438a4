"""The file editor of local offers and landing pages (`…/{id}/get_structure` and friends),
and their zip download (`…/{id}/download`).

Paths and contents travel in the query string, as the Admin API takes them. A download
answers the folder as a zip with `application/octet-stream` and an attachment file name,
as the 2022 spec gives it; errors stay JSON (`{"error": …}`), like every Admin API error.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from datetime import datetime

from aiohttp import web

from kflow.sandbox.checks import BadRequest, Rule, check_query
from kflow.sandbox.errors import error_response
from kflow.sandbox.keys import CLOCK, STORE
from kflow.sandbox.routes._entity import ID, ident
from kflow.sandbox.store.entities import LANDINGS, OFFERS, Collection

__all__ = ["routes"]

routes = web.RouteTableDef()
_PATH = {"path": Rule("str", True)}


def _clean(path: str) -> str:
    """A path inside the folder; `..` and absolute paths are refused."""
    normal = posixpath.normpath(path.strip())
    if not path.strip() or normal.startswith(("/", "..")) or normal == ".":
        raise BadRequest("path must be relative to the folder")
    return normal


def _tree(paths: list[str]) -> list[dict]:
    """EditorFiles: `{name, type, ext, path, children}` nested by folder."""
    root: dict = {}
    for path in sorted(paths):
        node = root
        for part in path.split("/"):
            node = node.setdefault(part, {})
    return _nodes(root, "")


def _nodes(level: dict, prefix: str) -> list[dict]:
    out = []
    for name, children in level.items():
        path = f"{prefix}{name}"
        if children:
            out.append(
                {
                    "name": name,
                    "type": "dir",
                    "ext": "",
                    "path": path,
                    "children": _nodes(children, path + "/"),
                }
            )
        else:
            ext = name.rsplit(".", 1)[1] if "." in name else ""
            out.append({"name": name, "type": "file", "ext": ext, "path": path, "children": []})
    return out


def _archive(files: list[tuple[str, str]], stamp: datetime) -> bytes:
    """A zip of `(path, text)` files, each dated `stamp` (an empty folder: an empty zip)."""
    out = io.BytesIO()
    moment = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in sorted(files):
            info = zipfile.ZipInfo(path, date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def _add(owner: str, collection: Collection, noun: str) -> None:
    base = f"/admin_api/v1/{owner}/{ID}"

    def _exists(request: web.Request) -> bool:
        return collection.get(request.app[STORE].conn, ident(request), archived=None) is not None

    def _missing() -> web.Response:
        return error_response(404, "Not found")

    async def structure(request: web.Request) -> web.Response:
        if not _exists(request):
            return _missing()
        rows = request.app[STORE].conn.execute(
            "SELECT path FROM files WHERE owner = ? AND owner_id = ?", (owner, ident(request))
        )
        return web.json_response(_tree([row["path"] for row in rows]))

    async def get_file(request: web.Request) -> web.Response:
        path = _clean(check_query(request.query, _PATH)["path"])
        if not _exists(request):
            return _missing()
        row = (
            request.app[STORE]
            .conn.execute(
                "SELECT data FROM files WHERE owner = ? AND owner_id = ? AND path = ?",
                (owner, ident(request), path),
            )
            .fetchone()
        )
        return (
            web.json_response({"data": row["data"]})
            if row
            else error_response(404, f"File {path} not found")
        )

    async def add_file(request: web.Request) -> web.Response:
        path = _clean(check_query(request.query, _PATH)["path"])
        if not _exists(request):
            return _missing()
        with request.app[STORE].transaction() as db:
            if db.execute(
                "SELECT 1 FROM files WHERE owner = ? AND owner_id = ? AND path = ?",
                (owner, ident(request), path),
            ).fetchone():
                return error_response(400, f"File {path} already exists")
            db.execute(
                "INSERT INTO files (owner, owner_id, path) VALUES (?, ?, ?)",
                (owner, ident(request), path),
            )
        return web.json_response({"path": path})

    async def update_file(request: web.Request) -> web.Response:
        query = check_query(request.query, {**_PATH, "data": Rule("str", True)})
        path = _clean(query["path"])
        if not _exists(request):
            return _missing()
        with request.app[STORE].transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO files (owner, owner_id, path, data) VALUES (?, ?, ?, ?)",
                (owner, ident(request), path, query["data"]),
            )
        return web.json_response({"path": path})

    async def remove_file(request: web.Request) -> web.Response:
        path = _clean(check_query(request.query, _PATH)["path"])
        if not _exists(request):
            return _missing()
        with request.app[STORE].transaction() as db:
            gone = db.execute(
                "DELETE FROM files WHERE owner = ? AND owner_id = ? AND path = ?",
                (owner, ident(request), path),
            ).rowcount
        if not gone:
            return error_response(404, f"File {path} not found")
        return web.json_response({"success": True})

    async def download(request: web.Request) -> web.Response:
        if not _exists(request):
            return _missing()
        rows = request.app[STORE].conn.execute(
            "SELECT path, data FROM files WHERE owner = ? AND owner_id = ?",
            (owner, ident(request)),
        )
        body = _archive([(row["path"], row["data"]) for row in rows], request.app[CLOCK]())
        name = f"{noun}_{ident(request)}.zip"
        return web.Response(
            body=body,
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Disposition": f'attachment; filename="{name}"',
            },
        )

    routes.get(f"{base}/download")(download)
    routes.get(f"{base}/get_structure")(structure)
    routes.get(f"{base}/get_file")(get_file)
    routes.post(f"{base}/add_file")(add_file)
    routes.put(f"{base}/update_file")(update_file)
    routes.delete(f"{base}/remove_file")(remove_file)


_add("offers", OFFERS, "offer")
_add("landing_pages", LANDINGS, "landing")
