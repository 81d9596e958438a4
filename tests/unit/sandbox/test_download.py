"""The sandbox's zip downloads (`GET /offers/{id}/download`, `/landing_pages/{id}/download`)
answer as the 2022 spec gives them: a zip as application/octet-stream, JSON errors."""

from __future__ import annotations

import io
import zipfile

import aiohttp
import pytest

from kflow.sandbox import SandboxServer
from tests.support import CANARY_KEY, FIXED_NOW


async def _get(server: SandboxServer, path: str, key: str = CANARY_KEY) -> tuple[int, dict, bytes]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{server.url}/admin_api/v1{path}", headers={"Api-Key": key}) as resp,
    ):
        return resp.status, dict(resp.headers), await resp.read()


@pytest.mark.parametrize(
    ("path", "name", "members"),
    [
        ("/offers/1/download", "offer_1.zip", {"css/style.css", "index.html"}),
        ("/landing_pages/1/download", "landing_1.zip", {"index.html"}),
    ],
)
async def test_a_download_is_a_zip_of_the_folder(
    sandbox: SandboxServer, path: str, name: str, members: set[str]
) -> None:
    status, headers, body = await _get(sandbox, path)
    assert status == 200
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Disposition"] == f'attachment; filename="{name}"'
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert set(archive.namelist()) == members
    assert archive.testzip() is None
    stamp = archive.getinfo("index.html").date_time
    assert stamp[:3] == (FIXED_NOW.year, FIXED_NOW.month, FIXED_NOW.day)


async def test_downloads_are_the_same_bytes_each_time(sandbox: SandboxServer) -> None:
    first = await _get(sandbox, "/offers/1/download")
    assert first[2] == (await _get(sandbox, "/offers/1/download"))[2]


async def test_a_folder_without_files_is_an_empty_zip(sandbox: SandboxServer) -> None:
    status, _, body = await _get(sandbox, "/landing_pages/2/download")
    assert status == 200
    assert zipfile.ZipFile(io.BytesIO(body)).namelist() == []


async def test_unknown_ids_and_bad_keys_answer_json_errors(sandbox: SandboxServer) -> None:
    status, headers, body = await _get(sandbox, "/offers/9999/download")
    assert status == 404 and headers["Content-Type"].startswith("application/json")
    assert b'"error"' in body
    status, _, _ = await _get(sandbox, "/landing_pages/1/download", key="wrong-key")
    assert status == 401
