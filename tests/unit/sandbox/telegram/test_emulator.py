"""The Telegram Bot API emulator: routes, bodies, Telegram's checks and error texts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from kflow.sandbox.telegram import TelegramServer, create_app
from kflow.sandbox.telegram.command import serve_credentials
from kflow.sandbox.telegram.store import DEFAULT_TOKEN

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
BOT = f"/bot{DEFAULT_TOKEN}"


@pytest.fixture
async def client() -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(clock=lambda: NOW))) as test_client:
        yield test_client


async def call(client: TestClient, method: str, **body: Any) -> tuple[int, dict[str, Any]]:
    response = await client.post(f"{BOT}/{method}", json=body)
    return response.status, await response.json()


async def test_send_message_counts_ids_per_chat_and_dates_from_the_clock(
    client: TestClient,
) -> None:
    _, first = await call(client, "sendMessage", chat_id=100001, text="one")
    _, second = await call(client, "sendMessage", chat_id="100001", text="two")
    _, other = await call(client, "sendMessage", chat_id=100002, text="three")
    assert [first["result"]["message_id"], second["result"]["message_id"]] == [1, 2]
    assert other["result"]["message_id"] == 1
    assert first["result"]["date"] == int(NOW.timestamp())
    assert first["result"]["chat"] == {"id": 100001, "first_name": "User 100001", "type": "private"}


async def test_markdown_becomes_entities_in_utf16_units(client: TestClient) -> None:
    _, answer = await call(
        client,
        "sendMessage",
        chat_id=100001,
        text="👋 *hi* [n8n](https://n8n.io)",
        parse_mode="Markdown",
    )
    result = answer["result"]
    assert result["text"] == "👋 hi n8n"
    assert result["entities"] == [
        {"offset": 3, "length": 2, "type": "bold"},
        {"offset": 6, "length": 3, "type": "text_link", "url": "https://n8n.io"},
    ]


async def test_html_and_markdown_v2(client: TestClient) -> None:
    _, html = await call(
        client,
        "sendMessage",
        chat_id=100001,
        text='<b>a</b> &lt;<a href="https://x.io">x</a>',
        parse_mode="HTML",
    )
    assert html["result"]["text"] == "a <x"
    assert [e["type"] for e in html["result"]["entities"]] == ["bold", "text_link"]
    _, v2 = await call(
        client, "sendMessage", chat_id=100001, text="__u__ ~s~ 1\\.5", parse_mode="MarkdownV2"
    )
    assert v2["result"]["text"] == "u s 1.5"
    status, bad = await call(
        client, "sendMessage", chat_id=100001, text="1.5", parse_mode="MarkdownV2"
    )
    assert status == 400
    assert "Character '.' is reserved" in bad["description"]


@pytest.mark.parametrize(
    ("body", "description"),
    [
        ({"chat_id": 42, "text": "x"}, "Bad Request: chat not found"),
        ({"text": "x"}, "Bad Request: chat_id is empty"),
        ({"chat_id": 100001, "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": 100001, "text": "x" * 4097}, "Bad Request: message is too long"),
        (
            {"chat_id": 100001, "text": "<i>x", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Can't find end tag corresponding to start "
            'tag "i"',
        ),
        (
            {"chat_id": 100001, "text": "x", "parse_mode": "Plain"},
            "Bad Request: unsupported parse_mode",
        ),
        (
            {"chat_id": 100001, "text": "x", "reply_markup": "{bad"},
            "Bad Request: can't parse reply keyboard markup JSON object",
        ),
    ],
)
async def test_send_message_errors(
    client: TestClient, body: dict[str, Any], description: str
) -> None:
    status, answer = await call(client, "sendMessage", **body)
    assert (status, answer) == (400, {"ok": False, "error_code": 400, "description": description})


async def test_bad_token_is_401_and_unknown_method_404(client: TestClient) -> None:
    response = await client.post("/bot1:wrong/getMe")
    assert response.status == 401
    assert await response.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    response = await client.post(f"{BOT}/sendPigeon", json={})
    assert response.status == 404
    assert (await response.json())["description"] == "Not Found"
    response = await client.get(f"{BOT}/GETME")
    assert (await response.json())["result"]["username"] == "kflow_emulator_bot"


async def test_form_and_multipart_bodies(client: TestClient) -> None:
    response = await client.post(
        f"{BOT}/sendMessage",
        data={
            "chat_id": "100003",
            "text": "form",
            "reply_markup": '{"inline_keyboard": [[{"text": "a", "url": "https://a.io"}]]}',
        },
    )
    answer = await response.json()
    assert answer["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "a"
    form = aiohttp.FormData()
    form.add_field("chat_id", "100003")
    form.add_field("caption", "<b>doc</b>")
    form.add_field("parse_mode", "HTML")
    form.add_field("document", b"%PDF-1.4 hello", filename="r.pdf", content_type="application/pdf")
    response = await client.post(f"{BOT}/sendDocument", data=form)
    document = (await response.json())["result"]
    assert document["document"]["file_name"] == "r.pdf"
    assert document["document"]["file_size"] == 14
    assert document["caption_entities"] == [{"offset": 0, "length": 3, "type": "bold"}]
    status, again = await call(
        client, "sendDocument", chat_id=100003, document=document["document"]["file_id"]
    )
    assert status == 200
    assert again["result"]["document"]["file_id"] == document["document"]["file_id"]


async def test_photo_sizes_from_png_upload(client: TestClient) -> None:
    png = (
        b"\x89PNG\r\n\x1a\n"
        + b"\x00\x00\x00\rIHDR"
        + (640).to_bytes(4, "big")
        + (480).to_bytes(4, "big")
    )
    form = aiohttp.FormData()
    form.add_field("chat_id", "100004")
    form.add_field("photo", png, filename="p.png", content_type="image/png")
    response = await client.post(f"{BOT}/sendPhoto", data=form)
    photo = (await response.json())["result"]["photo"][0]
    assert (photo["width"], photo["height"], photo["file_size"]) == (640, 480, len(png))
    status, answer = await call(client, "sendDocument", chat_id=100004, document=photo["file_id"])
    assert status == 400
    assert answer["description"] == "Bad Request: can't use file of type Photo as Document"


async def test_edit_message_text(client: TestClient) -> None:
    _, sent = await call(client, "sendMessage", chat_id=100005, text="v1")
    message_id = sent["result"]["message_id"]
    status, same = await call(
        client, "editMessageText", chat_id=100005, message_id=message_id, text="v1"
    )
    assert status == 400
    assert same["description"].startswith("Bad Request: message is not modified")
    _, edited = await call(
        client, "editMessageText", chat_id=100005, message_id=message_id, text="v2"
    )
    assert edited["result"]["text"] == "v2"
    assert edited["result"]["edit_date"] == int(NOW.timestamp())
    status, missing = await call(client, "editMessageText", chat_id=100005, message_id=99, text="x")
    assert missing["description"] == "Bad Request: message to edit not found"


async def test_emulator_lists_what_was_sent(client: TestClient) -> None:
    await call(client, "sendMessage", chat_id=100006, text="kept")
    await call(client, "sendMessage", chat_id=100007, text="other")
    response = await client.get("/_emulator/messages", params={"chat_id": "100006"})
    assert [m["text"] for m in (await response.json())["messages"]] == ["kept"]
    response = await client.post(
        "/_emulator/chats", json={"id": 5, "type": "private", "first_name": "Five"}
    )
    assert response.status == 200
    status, _ = await call(client, "sendMessage", chat_id=5, text="now known")
    assert status == 200


async def test_get_chat_and_administrators(client: TestClient) -> None:
    _, channel = await call(client, "getChat", chat_id="@kflow_channel")
    assert channel["result"]["type"] == "channel"
    _, admins = await call(client, "getChatAdministrators", chat_id=-100001)
    assert [a["status"] for a in admins["result"]] == ["creator", "administrator"]
    status, _ = await call(client, "getChatAdministrators", chat_id=100001)
    assert status == 400


async def test_serve_credentials_reach_a_live_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KFLOW_SANDBOX_NOW", "2026-05-01T00:00:00Z")
    async with serve_credentials() as credentials, aiohttp.ClientSession() as session:
        telegram = credentials["telegramApi"]
        url = f"{telegram['baseUrl']}/bot{telegram['accessToken']}/sendMessage"
        async with session.post(url, json={"chat_id": 100001, "text": "hi"}) as response:
            answer = await response.json()
    assert answer["result"]["date"] >= int(datetime(2026, 5, 1, tzinfo=UTC).timestamp())


async def test_server_repr_hides_the_token() -> None:
    async with TelegramServer(token="1:secret-token-value") as server:
        assert "secret" not in repr(server)
        assert server.credentials()["baseUrl"] == server.url
