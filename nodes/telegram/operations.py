"""Each (resource, operation) → the Bot API method and the JSON body n8n sends for it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from kflow.nodes.telegram.markup import add_options, reply_markup

__all__ = ["REFUSED", "BotCall", "build_call"]

Params = Mapping[str, Any]


@dataclass(frozen=True)
class BotCall:
    """One Bot API call: its method, body, and whether the answer's `result` list is split
    into one item per element (Get Administrators)."""

    method: str
    body: dict[str, Any] = field(repr=False)
    split_result: bool = False


REFUSED: dict[tuple[str, str], str] = {
    ("message", "sendAndWait"): "it pauses the execution until someone answers, and kflow "
    "has no waiting executions",
}
"""Operations kflow declares (so n8n workflows load) but does not run, and why."""


def _chat(params: Params) -> dict[str, Any]:
    return {"chat_id": params.get("chatId")}


def _with_options(
    method: str, file_key: str | None = None
) -> Callable[[Params, float | None], BotCall]:
    def build(params: Params, version: float | None) -> BotCall:
        body = _chat(params)
        if file_key is not None:
            body[file_key] = params.get("file", "")
        add_options(body, method, params, None)
        return BotCall(method, body)

    return build


def _send_message(params: Params, version: float | None) -> BotCall:
    body = {**_chat(params), "text": params.get("text")}
    add_options(body, "sendMessage", params, version)
    return BotCall("sendMessage", body)


def _edit_message_text(params: Params, version: float | None) -> BotCall:
    if params.get("messageType") == "inlineMessage":
        body: dict[str, Any] = {"inline_message_id": params.get("inlineMessageId")}
    else:
        body = {**_chat(params), "message_id": params.get("messageId")}
    body["text"] = params.get("text")
    add_options(body, "editMessageText", params, None)
    return BotCall("editMessageText", body)


def _send_location(params: Params, version: float | None) -> BotCall:
    body = {
        **_chat(params),
        "latitude": params.get("latitude"),
        "longitude": params.get("longitude"),
    }
    add_options(body, "sendLocation", params, None)
    return BotCall("sendLocation", body)


def _send_media_group(params: Params, version: float | None) -> BotCall:
    body = {**_chat(params), **(params.get("additionalFields") or {})}
    media = []
    for entry in (params.get("media") or {}).get("media") or []:
        one = {k: v for k, v in entry.items() if k != "additionalFields"}
        one.update(entry.get("additionalFields") or {})
        media.append(one)
    body["media"] = media
    return BotCall("sendMediaGroup", body)


def _draft_id(params: Params) -> Any:
    draft = params.get("draftId")
    if not draft:
        raise ValueError("Draft ID must be non-zero")
    return draft


def _send_message_draft(params: Params, version: float | None) -> BotCall:
    body = {**_chat(params), "draft_id": _draft_id(params), "text": params.get("text", "")}
    body.update(params.get("additionalFields") or {})
    return BotCall("sendMessageDraft", body)


def _rich(operation: str) -> Callable[[Params, float | None], BotCall]:
    def build(params: Params, version: float | None) -> BotCall:
        body = _chat(params)
        if operation == "sendRichMessageDraft":
            body["draft_id"] = _draft_id(params)
        extra = params.get("additionalFields") or {}
        content = params.get("richMessageText")
        rich: dict[str, Any] = (
            {"html": content} if params.get("richFormat") == "html" else {"markdown": content}
        )
        for key in ("is_rtl", "skip_entity_detection"):
            if key in extra:
                rich[key] = extra[key]
        body["rich_message"] = rich
        for key in (
            "disable_notification",
            "protect_content",
            "message_thread_id",
            "message_effect_id",
        ):
            if key in extra:
                body[key] = extra[key]
        if operation == "sendRichMessage":
            markup = reply_markup(params)
            if markup is not None:
                body["reply_markup"] = markup
        return BotCall(operation, body)

    return build


def _simple(method: str, **fields: str) -> Callable[[Params, float | None], BotCall]:
    def build(params: Params, version: float | None) -> BotCall:
        return BotCall(method, {key: params.get(name) for key, name in fields.items()})

    return build


def _pin(params: Params, version: float | None) -> BotCall:
    body = {**_chat(params), "message_id": params.get("messageId")}
    if (params.get("additionalFields") or {}).get("disable_notification"):
        body["disable_notification"] = True
    return BotCall("pinChatMessage", body)


def _answer_query(params: Params, version: float | None) -> BotCall:
    body = {"callback_query_id": params.get("queryId"), **(params.get("additionalFields") or {})}
    return BotCall("answerCallbackQuery", body)


def _answer_inline(params: Params, version: float | None) -> BotCall:
    body = {
        "inline_query_id": params.get("queryId"),
        "results": params.get("results"),
        **(params.get("additionalFields") or {}),
    }
    return BotCall("answerInlineQuery", body)


def _administrators(params: Params, version: float | None) -> BotCall:
    return BotCall("getChatAdministrators", _chat(params), split_result=True)


BUILDERS: dict[tuple[str, str], Callable[[Params, float | None], BotCall]] = {
    ("callback", "answerQuery"): _answer_query,
    ("callback", "answerInlineQuery"): _answer_inline,
    ("chat", "get"): _simple("getChat", chat_id="chatId"),
    ("chat", "administrators"): _administrators,
    ("chat", "leave"): _simple("leaveChat", chat_id="chatId"),
    ("chat", "member"): _simple("getChatMember", chat_id="chatId", user_id="userId"),
    ("chat", "setDescription"): _simple(
        "setChatDescription", chat_id="chatId", description="description"
    ),
    ("chat", "setTitle"): _simple("setChatTitle", chat_id="chatId", title="title"),
    ("file", "get"): _simple("getFile", file_id="fileId"),
    ("message", "editMessageText"): _edit_message_text,
    ("message", "deleteMessage"): _simple(
        "deleteMessage", chat_id="chatId", message_id="messageId"
    ),
    ("message", "pinChatMessage"): _pin,
    ("message", "unpinChatMessage"): _simple(
        "unpinChatMessage", chat_id="chatId", message_id="messageId"
    ),
    ("message", "sendAnimation"): _with_options("sendAnimation", "animation"),
    ("message", "sendAudio"): _with_options("sendAudio", "audio"),
    ("message", "sendChatAction"): _simple("sendChatAction", chat_id="chatId", action="action"),
    ("message", "sendDocument"): _with_options("sendDocument", "document"),
    ("message", "sendLocation"): _send_location,
    ("message", "sendMessage"): _send_message,
    ("message", "sendMediaGroup"): _send_media_group,
    ("message", "sendPhoto"): _with_options("sendPhoto", "photo"),
    ("message", "sendSticker"): _with_options("sendSticker", "sticker"),
    ("message", "sendVideo"): _with_options("sendVideo", "video"),
    ("message", "sendMessageDraft"): _send_message_draft,
    ("message", "sendRichMessage"): _rich("sendRichMessage"),
    ("message", "sendRichMessageDraft"): _rich("sendRichMessageDraft"),
}


def build_call(resource: str, operation: str, params: Params, version: float) -> BotCall:
    """The call an item's parameters make.

    Raises:
        KeyError: No builder for (resource, operation).
        ValueError: A value n8n itself refuses (a zero draft ID).
    """
    return BUILDERS[(resource, operation)](params, version)
