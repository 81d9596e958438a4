"""The Telegram node against the emulator: versions, what is sent, refusals, secrets."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from kflow.host import NodeApiError, NodeOperationError
from kflow.nodes.telegram import TELEGRAM
from kflow.nodes.telegram.markup import ATTRIBUTION_LINK, add_options, reply_markup
from kflow.sandbox.telegram import TelegramServer
from kflow.testing import run_flow, run_node

TOKEN = "4242:AAsecretTokenForUnitTests_0123456789ab"


@pytest.fixture
async def server() -> AsyncIterator[TelegramServer]:
    clock = lambda: datetime(2026, 2, 2, tzinfo=UTC)  # noqa: E731
    async with TelegramServer(token=TOKEN, clock=clock) as running:
        yield running


def flow(version: float, **parameters: Any) -> dict[str, Any]:
    return {
        "name": "t",
        "nodes": [
            {
                "name": "Telegram",
                "type": "telegram",
                "typeVersion": version,
                "parameters": parameters,
            }
        ],
    }


def test_versions_and_default_follow_n8n() -> None:
    assert TELEGRAM.versions == [1.0, 1.1, 1.2]
    assert TELEGRAM.default == 1.2
    assert TELEGRAM.traits.n8n_types == ("n8n-nodes-base.telegram",)


@pytest.mark.parametrize(
    ("version", "extra", "ends_with", "preview"),
    [
        (1, {}, "hi", None),
        (1.1, {}, "with n8n", None),
        (1.2, {}, "with n8n", True),
        (1.2, {"appendAttribution": False}, "hi", True),
        (1.2, {"parse_mode": "MarkdownV2"}, "hi", True),
        (1.1, {"disable_web_page_preview": False}, "with n8n", False),
    ],
)
def test_send_message_options_by_version(
    version: float, extra: dict[str, Any], ends_with: str, preview: bool | None
) -> None:
    body: dict[str, Any] = {"chat_id": "1", "text": "see https://x.io hi"}
    add_options(body, "sendMessage", {"additionalFields": extra, "replyMarkup": "none"}, version)
    plain = body["text"].replace(f"[n8n]({ATTRIBUTION_LINK})", "n8n").replace("_", "")
    assert plain.endswith(ends_with)
    assert body.get("disable_web_page_preview") is preview
    assert body["parse_mode"] == extra.get("parse_mode", "Markdown")


def test_text_without_a_link_turns_previews_off_in_every_version() -> None:
    body: dict[str, Any] = {"text": "no links"}
    add_options(body, "sendMessage", {"additionalFields": {}}, 1)
    assert body["disable_web_page_preview"] is True


def test_reply_markup_shapes() -> None:
    rows = {"rows": [{"row": {"buttons": [{"text": "a", "additionalFields": {"url": "u"}}]}}, {}]}
    assert reply_markup({"replyMarkup": "inlineKeyboard", "inlineKeyboard": rows}) == {
        "inline_keyboard": [[{"text": "a", "url": "u"}]]
    }
    assert reply_markup(
        {
            "replyMarkup": "replyKeyboard",
            "replyKeyboard": {},
            "replyKeyboardOptions": {"selective": True},
        }
    ) == {"keyboard": [], "selective": True}
    assert reply_markup({"replyMarkup": "forceReply", "forceReply": {}}) == {}
    assert reply_markup({"replyMarkup": "none"}) is None


async def test_send_message_answers_with_telegrams_whole_answer(server: TelegramServer) -> None:
    items = await run_node(
        "telegram",
        parameters={"chatId": "100001", "text": "={{ $json.t }}"},
        items=[{"t": "hello"}],
        credentials={"telegramApi": server.credentials()},
    )
    answer = items[0]["json"]
    assert answer["ok"] is True
    assert answer["result"]["text"].startswith("hello\n\nThis message was sent automatically")
    assert items[0]["pairedItem"] == {"item": 0}
    assert server.store.sent[0]["chat"]["id"] == 100001


async def test_edit_and_get_chat(server: TelegramServer) -> None:
    creds = {"telegramApi": server.credentials()}
    await run_node("telegram", parameters={"chatId": "100002", "text": "a"}, credentials=creds)
    edited = await run_flow(
        flow(1, operation="editMessageText", chatId="100002", messageId="1", text="b"),
        credentials=creds,
    )
    assert edited[0]["json"]["result"]["text"] == "b"
    chat = await run_node(
        "telegram",
        parameters={"resource": "chat", "operation": "get", "chatId": "-100001"},
        credentials=creds,
    )
    assert chat[0]["json"]["result"]["type"] == "group"
    admins = await run_node(
        "telegram",
        parameters={"resource": "chat", "operation": "administrators", "chatId": "-100002"},
        credentials=creds,
    )
    assert [a["json"]["status"] for a in admins] == ["creator", "administrator"]


async def test_api_errors_keep_telegrams_text_and_hide_the_token(server: TelegramServer) -> None:
    creds = {"telegramApi": server.credentials()}
    with pytest.raises(NodeApiError) as caught:
        await run_node("telegram", parameters={"chatId": "42", "text": "x"}, credentials=creds)
    error = caught.value
    assert error.message == "Bad Request: chat not found"
    assert error.http_code == 400
    assert TOKEN not in str(error) and TOKEN not in str(error.to_json())
    assert TOKEN not in error.request["url"] and error.request["url"].endswith("/sendMessage")
    items = await run_node(
        "telegram",
        parameters={"chatId": "42", "text": "x"},
        credentials=creds,
        on_error="continueRegularOutput",
    )
    assert items[0]["json"] == {"error": "Bad Request: chat not found"}


async def test_a_wrong_token_is_unauthorized(server: TelegramServer) -> None:
    creds = {"telegramApi": {"accessToken": "1:nope", "baseUrl": server.url}}
    items = await run_node(
        "telegram",
        parameters={"chatId": "100001", "text": "x"},
        credentials=creds,
        on_error="continueRegularOutput",
    )
    assert items[0]["json"] == {"error": "Unauthorized"}


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        ({"operation": "sendAndWait", "chatId": "1", "message": "ok?"}, "sendAndWait"),
        ({"operation": "sendPhoto", "chatId": "1", "binaryData": True}, "no binary field 'data'"),
        ({"operation": "sendMessageDraft", "chatId": "1", "draftId": 0}, "Draft ID"),
    ],
)
async def test_what_kflow_does_not_run_is_refused_by_name(
    server: TelegramServer, parameters: dict[str, Any], named: str
) -> None:
    with pytest.raises(NodeOperationError) as caught:
        await run_node(
            "telegram", parameters=parameters, credentials={"telegramApi": server.credentials()}
        )
    assert named in str(caught.value)
    assert server.store.sent == []


async def test_unreachable_telegram_is_an_api_error_without_the_token() -> None:
    creds = {"telegramApi": {"accessToken": TOKEN, "baseUrl": "http://127.0.0.1:9"}}
    with pytest.raises(NodeApiError) as caught:
        await run_node("telegram", parameters={"chatId": "1", "text": "x"}, credentials=creds)
    assert TOKEN not in str(caught.value)
    assert "Telegram could not be reached" in str(caught.value)


def test_every_n8n_operation_is_declared() -> None:
    operations = {
        option.value
        for prop in TELEGRAM.description.properties
        if prop.name == "operation"
        for option in prop.options or []
    }
    assert {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "editMessageText",
        "get",
        "sendAndWait",
        "sendRichMessage",
        "answerInlineQuery",
    } <= operations


async def test_a_document_is_uploaded_from_the_items_binary_data(server: TelegramServer) -> None:
    report = {
        "name": "report",
        "nodes": [
            {"name": "Rows", "type": "input", "parameters": {"items": [{"text": "spend;1,5"}]}},
            {
                "name": "File",
                "type": "convertToFile",
                "typeVersion": 1.1,
                "parameters": {
                    "operation": "toText",
                    "sourceProperty": "text",
                    "options": {"fileName": "spend.csv"},
                },
            },
            {
                "name": "Send",
                "type": "telegram",
                "typeVersion": 1.2,
                "parameters": {
                    "operation": "sendDocument",
                    "chatId": "100001",
                    "binaryData": True,
                    "additionalFields": {"caption": "Spend"},
                },
            },
        ],
        "connections": {"Rows": ["File"], "File": ["Send"]},
    }
    items = await run_flow(report, credentials={"telegramApi": server.credentials()})
    result = items[0]["json"]["result"]
    assert result["document"]["file_name"] == "spend.csv"
    assert result["caption"] == "Spend"
    assert server.store.sent[0]["document"]["file_name"] == "spend.csv"
    file_id = result["document"]["file_id"]
    fetch = {
        "name": "fetch",
        "nodes": [
            {
                "name": "Get",
                "type": "telegram",
                "typeVersion": 1.2,
                "parameters": {"resource": "file", "operation": "get", "fileId": file_id},
            }
        ],
    }
    (got,) = await run_flow(fetch, credentials={"telegramApi": server.credentials()})
    assert got["json"]["result"]["file_id"] == file_id
    entry = got["binary"]["data"]
    assert base64.b64decode(entry["data"]) == b"spend;1,5"
    assert entry["fileName"] == got["json"]["result"]["file_path"].rsplit("/", 1)[-1]
    assert TOKEN not in json.dumps(got)
