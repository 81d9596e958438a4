"""offer / download and landing / download against the real sandbox: the zip as binary data,
its description in `data`, errors, and the API key kept out of everything."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from typing import Any

import pytest

from kflow.host import (
    HttpClient,
    ItemContext,
    ItemWithFiles,
    NodeApiError,
    NodeOperationError,
    Redactor,
)
from kflow.host.parameters import resolve_parameters
from kflow.nodes.keitaro import KeitaroNode
from kflow.nodes.keitaro.handlers import files
from kflow.sandbox import SandboxServer
from kflow.testing import MemoryTransport
from tests.support import CANARY_KEY


def _ctx(credentials: dict[str, Any], params: dict[str, Any]) -> ItemContext:
    resolved = resolve_parameters(KeitaroNode.description, params, node_name="Keitaro")
    return ItemContext(
        node_name="Keitaro",
        item_index=0,
        item={},
        params=resolved,
        credentials={"keitaroApi": credentials},
        redactor=Redactor([CANARY_KEY]),
    )


async def _download(server: SandboxServer, **params: Any) -> list[dict[str, Any]]:
    node = KeitaroNode()
    ctx = _ctx(server.credentials(), {"operation": "download", **params})
    prepared = node.prepare(ctx)
    async with HttpClient() as http:
        outputs = await node.execute(ctx, prepared, http)
    assert all(isinstance(output, ItemWithFiles) for output in outputs)
    return [{"json": output.json, "binary": output.binary} for output in outputs]


def _members(entry: dict[str, Any]) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(entry["data"])))
    return {name: archive.read(name).decode() for name in archive.namelist()}


async def test_offer_download_gives_the_zip_as_binary_data(sandbox: SandboxServer) -> None:
    (item,) = await _download(sandbox, resource="offer", offerId=1)
    envelope = item["json"]
    assert envelope["resource"] == "offer" and envelope["operation"] == "download"
    assert envelope["success"] is True
    assert envelope["request"]["method"] == "GET"
    assert envelope["request"]["url"].endswith("/admin_api/v1/offers/1/download")
    assert envelope["request"]["headers"]["Accept"] == "*/*"
    entry = item["binary"]["data"]
    assert entry["mimeType"] == "application/zip"
    assert entry["fileName"] == "offer_1.zip" and entry["fileExtension"] == "zip"
    assert envelope["data"] == {
        "fileName": "offer_1.zip",
        "mimeType": "application/zip",
        "size": entry["bytes"],
    }
    assert _members(entry) == {
        "css/style.css": "h1 { color: green }",
        "index.html": "<h1>Keto Slim</h1>",
    }


async def test_landing_download_into_a_named_field(sandbox: SandboxServer) -> None:
    (item,) = await _download(
        sandbox, resource="landing", landingId=1, binaryPropertyName="archive"
    )
    assert set(item["binary"]) == {"archive"}
    assert item["json"]["data"]["fileName"] == "landing_1.zip"
    assert _members(item["binary"]["archive"]) == {"index.html": "<h1>Quiz</h1>"}


async def test_edited_files_are_in_the_next_download(sandbox: SandboxServer) -> None:
    node = KeitaroNode()
    ctx = _ctx(
        sandbox.credentials(),
        {
            "resource": "landing",
            "operation": "updateFile",
            "landingId": 1,
            "path": "thanks.html",
            "data": "<p>Спасибо</p>",
        },
    )
    async with HttpClient() as http:
        await node.execute(ctx, node.prepare(ctx), http)
    (item,) = await _download(sandbox, resource="landing", landingId=1)
    assert _members(item["binary"]["data"])["thanks.html"] == "<p>Спасибо</p>"


async def test_an_unknown_id_is_the_trackers_404(sandbox: SandboxServer) -> None:
    with pytest.raises(NodeApiError) as caught:
        await _download(sandbox, resource="offer", offerId=9999)
    error = caught.value
    assert error.http_code == 404
    assert "Not found" in str(error)
    assert CANARY_KEY not in json.dumps(error.to_json(), default=str) + str(error)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"offerId": 0}, "ID Оффера"),
        ({"offerId": "abc"}, "ID Оффера"),
        ({"offerId": 1, "binaryPropertyName": "  "}, "Поле для файла"),
    ],
)
async def test_bad_parameters_are_refused_before_sending(
    sandbox: SandboxServer, params: dict[str, Any], parameter: str
) -> None:
    with pytest.raises(NodeOperationError) as caught:
        await _download(sandbox, resource="offer", **params)
    assert parameter in str(caught.value)


async def test_the_api_key_never_appears_in_the_output(sandbox: SandboxServer) -> None:
    items = await _download(sandbox, resource="offer", offerId=1)
    text = json.dumps(items)
    assert CANARY_KEY not in text
    assert items[0]["json"]["request"]["headers"]["Api-Key"] != CANARY_KEY


def test_the_file_name_and_type_are_read_as_a_tracker_sends_them() -> None:
    def name(value: str) -> str:
        return files.file_name({"Content-Disposition": value}, "fallback.zip")

    assert name('attachment; filename="lp.zip"') == "lp.zip"
    assert name("attachment; filename*=UTF-8''%D0%BB%D0%B5%D0%BD%D0%B4.zip") == "ленд.zip"
    assert name('attachment; filename="../../etc/lp.zip"') == "lp.zip"
    assert name('attachment; filename=".."') == "fallback.zip"
    assert files.file_name({}, "fallback.zip") == "fallback.zip"
    zipped = b"PK\x05\x06" + bytes(18)
    assert files.mime_type({"Content-Type": "application/octet-stream"}, zipped) == files.ZIP_MIME
    assert files.mime_type({"content-type": "application/x-zip; q=1"}, zipped) == (
        "application/x-zip"
    )
    assert not files.is_zip(b'{"error": "Not found"}')


async def test_a_page_that_is_not_a_zip_is_an_error() -> None:
    """A 200 that is not a zip (a panel's HTML page, a wrong domain) is refused, not kept."""
    transport = MemoryTransport().answer(
        "GET", "/admin_api/v1/offers/1/download", text="<html>Login</html>"
    )
    node = KeitaroNode()
    ctx = _ctx(
        {"domain": "https://tracker.test", "apiKey": CANARY_KEY},
        {"resource": "offer", "operation": "download", "offerId": 1},
    )
    async with HttpClient(transport=transport) as http:
        with pytest.raises(NodeApiError, match="not a zip archive") as caught:
            await node.execute(ctx, node.prepare(ctx), http)
    assert CANARY_KEY not in str(caught.value.to_json())
    (sent,) = transport.sent
    assert sent.headers["Accept"] == "*/*"
