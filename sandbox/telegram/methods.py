"""The Bot API methods the emulator answers, with Telegram's checks and error texts.

A method gets the store, the request's parameters (JSON values, form text, or uploads)
and "now"; it returns the `result`, or raises BotError with Telegram's code and text.
"""

from __future__ import annotations

import json
import mimetypes
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from kflow.sandbox.telegram.entities import EntityError, parse
from kflow.sandbox.telegram.store import BotStore, StoredFile, file_ids

__all__ = ["METHODS", "BotError", "Upload"]

MAX_TEXT = 4096
MAX_CAPTION = 1024
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
    "record_audio",
    "upload_audio",
}
_BUTTON_ACTIONS = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "callback_game",
    "pay",
    "copy_text",
}


class BotError(Exception):
    """A Bot API error: `{ok: false, error_code, description}`."""

    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart body."""

    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)


Params = dict[str, Any]
Method = Callable[[BotStore, Params, datetime], Any]


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _json_field(value: Any, error: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise BotError(error) from None
    return value


def _integer(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise BotError(f"Bad Request: invalid {name} specified") from None


def _chat(store: BotStore, params: Params) -> dict[str, Any]:
    chat_id = params.get("chat_id")
    if chat_id in (None, ""):
        raise BotError("Bad Request: chat_id is empty")
    chat = store.find_chat(chat_id)
    if chat is None:
        raise BotError("Bad Request: chat not found")
    return chat


def _message_base(store: BotStore, chat: dict[str, Any], now: datetime) -> dict[str, Any]:
    message: dict[str, Any] = {"message_id": store.next_message_id(chat["id"])}
    if chat["type"] == "channel":
        message["sender_chat"] = dict(chat)
    else:
        message["from"] = dict(store.bot)
    message["chat"] = dict(chat)
    message["date"] = int(now.timestamp())
    return message


def _formatted(text: Any, mode: Any, empty: str, too_long: str, limit: int) -> tuple[str, list]:
    raw = "" if text is None else str(text)
    try:
        plain, entities = parse(raw, str(mode) if mode else None)
    except EntityError as exc:
        raise BotError(str(exc)) from None
    stripped = plain.lstrip()
    shift = len(plain[: len(plain) - len(stripped)].encode("utf-16-le")) // 2
    stripped = stripped.rstrip()
    size = len(stripped.encode("utf-16-le")) // 2
    if not stripped and empty:
        raise BotError(empty)
    if size > limit:
        raise BotError(too_long)
    kept = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] - shift + entity["length"], size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return stripped, kept


def _markup(params: Params) -> dict[str, Any] | None:
    """The reply markup, checked; only inline keyboards are kept on the message."""
    value = params.get("reply_markup")
    if value in (None, ""):
        return None
    markup = _json_field(value, "Bad Request: can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise BotError("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise BotError(
                "Bad Request: can't parse inline keyboard button: field "
                '"inline_keyboard" must be an Array of Arrays'
            )
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not str(button.get("text") or ""):
                    raise BotError(
                        "Bad Request: can't parse inline keyboard button: Text must be non-empty"
                    )
                if not _BUTTON_ACTIONS & set(button):
                    raise BotError(
                        "Bad Request: can't parse inline keyboard button: Text "
                        "buttons are unallowed in the inline keyboard"
                    )
        return {"inline_keyboard": rows}
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise BotError("Bad Request: can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                text = button.get("text") if isinstance(button, dict) else button
                if not str(text or ""):
                    raise BotError(
                        "Bad Request: can't parse keyboard button: Text must be non-empty"
                    )
    return None


def _reply_to(store: BotStore, chat: dict[str, Any], params: Params) -> dict[str, Any] | None:
    wanted = _integer(params.get("reply_to_message_id"), "reply_to_message_id")
    if not wanted:
        return None
    found = store.messages.get((chat["id"], wanted))
    if found is None:
        raise BotError("Bad Request: message to be replied not found")
    return {k: v for k, v in found.items() if k != "reply_to_message"}


def _finish(
    store: BotStore, message: dict[str, Any], chat: dict[str, Any], params: Params
) -> dict[str, Any]:
    replied = _reply_to(store, chat, params)
    if replied is not None:
        message["reply_to_message"] = replied
    markup = _markup(params)
    if markup is not None:
        message["reply_markup"] = markup
    store.keep(message)
    return message


def get_me(store: BotStore, params: Params, now: datetime) -> Any:
    return {
        **store.bot,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    text, entities = _formatted(
        params.get("text"),
        params.get("parse_mode"),
        "Bad Request: message text is empty",
        "Bad Request: message is too long",
        MAX_TEXT,
    )
    message = _message_base(store, chat, now)
    message["text"] = text
    if entities:
        message["entities"] = entities
    if _preview_disabled(params):
        message["link_preview_options"] = {"is_disabled": True}
    return _finish(store, message, chat, params)


def _preview_disabled(params: Params) -> bool:
    options = _json_field(
        params.get("link_preview_options") or {},
        "Bad Request: can't parse link preview options JSON object",
    )
    return _flag(params.get("disable_web_page_preview")) or (
        isinstance(options, dict) and bool(options.get("is_disabled"))
    )


def _image_size(data: bytes) -> tuple[int, int]:
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    return 320, 320


def _file(store: BotStore, kind: str, value: Any) -> StoredFile:
    """The file a send names: an upload, an HTTP URL, or a file_id the emulator made."""
    if isinstance(value, Upload):
        file_id, unique = file_ids(kind, value.data)
        name = value.filename
        mime = value.content_type or (mimetypes.guess_type(name or "")[0])
        stored = StoredFile(kind, file_id, unique, len(value.data), name, mime, value.data)
        if kind == "photo":
            stored.width, stored.height = _image_size(value.data)
    elif value in (None, ""):
        raise BotError(f"Bad Request: there is no {kind} in the request")
    elif str(value).startswith(("http://", "https://")):
        url = str(value)
        file_id, unique = file_ids(kind, url.encode())
        name = urlsplit(url).path.rsplit("/", 1)[-1] or "file"
        stored = StoredFile(kind, file_id, unique, None, name, mimetypes.guess_type(name)[0])
        if kind == "photo":
            stored.width, stored.height = 320, 320
    else:
        found = store.files.get(str(value))
        if found is None:
            raise BotError("Bad Request: wrong file identifier/HTTP URL specified")
        if found.kind != kind:
            raise BotError(
                f"Bad Request: can't use file of type {found.kind.title()} as {kind.title()}"
            )
        return found
    store.files[stored.file_id] = stored
    return stored


def _file_view(stored: StoredFile) -> dict[str, Any]:
    view: dict[str, Any] = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if stored.size is not None:
        view["file_size"] = stored.size
    return view


def _captioned(store: BotStore, params: Params, kind: str, now: datetime) -> Any:
    chat = _chat(store, params)
    stored = _file(store, kind, params.get(kind))
    caption, entities = _formatted(
        params.get("caption"),
        params.get("parse_mode"),
        "",
        "Bad Request: message caption is too long",
        MAX_CAPTION,
    )
    message = _message_base(store, chat, now)
    if kind == "photo":
        message["photo"] = [{**_file_view(stored), "width": stored.width, "height": stored.height}]
    else:
        view = {}
        if stored.name:
            view["file_name"] = stored.name
        if stored.mime_type:
            view["mime_type"] = stored.mime_type
        message[kind] = {**view, **_file_view(stored)}
    if caption and kind != "sticker":
        message["caption"] = caption
        if entities:
            message["caption_entities"] = entities
    return _finish(store, message, chat, params)


def send_photo(store: BotStore, params: Params, now: datetime) -> Any:
    return _captioned(store, params, "photo", now)


def send_document(store: BotStore, params: Params, now: datetime) -> Any:
    return _captioned(store, params, "document", now)


def _target(store: BotStore, params: Params, verb: str) -> dict[str, Any]:
    if params.get("inline_message_id") not in (None, ""):
        raise BotError("Bad Request: MESSAGE_ID_INVALID")
    chat = _chat(store, params)
    message_id = _integer(params.get("message_id"), "message_id")
    if message_id is None:
        raise BotError("Bad Request: message identifier is not specified")
    found = store.messages.get((chat["id"], message_id))
    if found is None:
        raise BotError(f"Bad Request: message to {verb} not found")
    return found


def edit_message_text(store: BotStore, params: Params, now: datetime) -> Any:
    found = _target(store, params, "edit")
    if "text" not in found:
        raise BotError("Bad Request: there is no text in the message to edit")
    text, entities = _formatted(
        params.get("text"),
        params.get("parse_mode"),
        "Bad Request: message text is empty",
        "Bad Request: message is too long",
        MAX_TEXT,
    )
    markup = _markup(params)
    if (
        text == found["text"]
        and entities == found.get("entities", [])
        and markup == found.get("reply_markup")
    ):
        raise BotError(_NOT_MODIFIED)
    found["text"] = text
    found.pop("entities", None)
    if entities:
        found["entities"] = entities
    found.pop("reply_markup", None)
    if markup is not None:
        found["reply_markup"] = markup
    found.pop("link_preview_options", None)
    if _preview_disabled(params):
        found["link_preview_options"] = {"is_disabled": True}
    found["edit_date"] = int(now.timestamp())
    return found


def get_chat(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11}


def delete_message(store: BotStore, params: Params, now: datetime) -> Any:
    found = _target(store, params, "delete")
    del store.messages[(found["chat"]["id"], found["message_id"])]
    return True


def send_chat_action(store: BotStore, params: Params, now: datetime) -> Any:
    _chat(store, params)
    if params.get("action") not in _ACTIONS:
        raise BotError("Bad Request: wrong parameter action in request")
    return True


def send_location(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    try:
        latitude = float(params.get("latitude"))  # type: ignore[arg-type]
        longitude = float(params.get("longitude"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BotError("Bad Request: wrong latitude or longitude specified") from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BotError("Bad Request: wrong location specified")
    message = _message_base(store, chat, now)
    message["location"] = {"latitude": latitude, "longitude": longitude}
    return _finish(store, message, chat, params)


def get_chat_administrators(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    if chat["type"] == "private":
        raise BotError("Bad Request: there are no administrators in the private chat")
    owner = {"id": 100001, "is_bot": False, "first_name": "User 100001"}
    return [
        {"user": owner, "status": "creator", "is_anonymous": False},
        {
            "user": dict(store.bot),
            "status": "administrator",
            "can_be_edited": False,
            "can_manage_chat": True,
            "can_delete_messages": True,
            "is_anonymous": False,
        },
    ]


def leave_chat(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    if chat["type"] == "private":
        raise BotError("Bad Request: chat member status can't be changed in private chats")
    store.left.add(chat["id"])
    return True


def _media(kind: str) -> Method:
    def send(store: BotStore, params: Params, now: datetime) -> Any:
        return _captioned(store, params, kind, now)

    return send


def _pinned(store: BotStore, params: Params, verb: str) -> Any:
    chat = _chat(store, params)
    message_id = _integer(params.get("message_id"), "message_id")
    if message_id is not None and (chat["id"], message_id) not in store.messages:
        raise BotError(f"Bad Request: message to {verb} not found")
    return True


def pin_chat_message(store: BotStore, params: Params, now: datetime) -> Any:
    if _integer(params.get("message_id"), "message_id") is None:
        raise BotError("Bad Request: message identifier is not specified")
    return _pinned(store, params, "pin")


def unpin_chat_message(store: BotStore, params: Params, now: datetime) -> Any:
    return _pinned(store, params, "unpin")


def get_chat_member(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    user_id = _integer(params.get("user_id"), "user_id")
    if not user_id:
        raise BotError("Bad Request: invalid user_id specified")
    if user_id == store.bot["id"]:
        status = "member" if chat["type"] == "private" else "administrator"
        return {"user": dict(store.bot), "status": status}
    if user_id == chat["id"] or (chat["type"] != "private" and 100001 <= user_id <= 100999):
        user = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        status = "creator" if chat["type"] != "private" and user_id == 100001 else "member"
        return {"user": user, "status": status}
    raise BotError("Bad Request: user not found")


def _set_chat(field_name: str, spoken: str, limit: int, empty_ok: bool) -> Method:
    def set_value(store: BotStore, params: Params, now: datetime) -> Any:
        chat = _chat(store, params)
        value = str(params.get(field_name) or "")
        if chat["type"] == "private":
            raise BotError(f"Bad Request: chat {spoken} can't be changed in private chats")
        if not value.strip() and not empty_ok:
            raise BotError(f"Bad Request: chat {spoken} is empty")
        if len(value) > limit:
            raise BotError(f"Bad Request: chat {spoken} is too long")
        if chat.get(field_name, "") == value:
            raise BotError(f"Bad Request: chat {spoken} is not modified")
        chat[field_name] = value
        return True

    return set_value


def answer_callback_query(store: BotStore, params: Params, now: datetime) -> Any:
    raise BotError(
        "Bad Request: query is too old and response timeout expired or query ID is invalid"
    )


def get_file(store: BotStore, params: Params, now: datetime) -> Any:
    found = store.files.get(str(params.get("file_id") or ""))
    if found is None:
        raise BotError("Bad Request: wrong file_id or the file is temporarily unavailable")
    return {**_file_view(found), "file_path": found.path}


def send_media_group(store: BotStore, params: Params, now: datetime) -> Any:
    chat = _chat(store, params)
    media = _json_field(params.get("media"), "Bad Request: can't parse media JSON object")
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise BotError("Bad Request: wrong number of media in the album: must be 2-10")
    group_id = f"{chat['id']}{store.counters.get(chat['id'], 0) + 1:06d}"
    sent = []
    for entry in media:
        kind = entry.get("type") if isinstance(entry, dict) else None
        if kind not in ("photo", "video", "document", "audio"):
            raise BotError("Bad Request: unsupported media type in the album")
        one = {
            "chat_id": params.get("chat_id"),
            kind: entry.get("media"),
            "caption": entry.get("caption"),
            "parse_mode": entry.get("parse_mode"),
        }
        message = _captioned(store, one, kind, now)
        message["media_group_id"] = group_id
        sent.append(message)
    return sent


METHODS: dict[str, Method] = {
    "sendanimation": _media("animation"),
    "sendaudio": _media("audio"),
    "sendvideo": _media("video"),
    "sendsticker": _media("sticker"),
    "pinchatmessage": pin_chat_message,
    "unpinchatmessage": unpin_chat_message,
    "getchatmember": get_chat_member,
    "setchattitle": _set_chat("title", "title", 255, empty_ok=False),
    "setchatdescription": _set_chat("description", "description", 255, empty_ok=True),
    "answercallbackquery": answer_callback_query,
    "getfile": get_file,
    "sendmediagroup": send_media_group,
    "getme": get_me,
    "sendmessage": send_message,
    "sendphoto": send_photo,
    "senddocument": send_document,
    "editmessagetext": edit_message_text,
    "getchat": get_chat,
    "deletemessage": delete_message,
    "sendchataction": send_chat_action,
    "sendlocation": send_location,
    "getchatadministrators": get_chat_administrators,
    "leavechat": leave_chat,
}
"""Methods by lower-cased name: Telegram's method names are case-insensitive."""
