"""What n8n's Telegram node adds to a send: additional fields, its attribution, reply markup."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kflow.nodes.core.js_values import js_string

__all__ = ["ATTRIBUTION_LINK", "add_options", "reply_markup"]

ATTRIBUTION_TEXT = "This message was sent automatically with "
ATTRIBUTION_LINK = (
    "https://n8n.io/?utm_source=n8n-internal&utm_medium=powered_by"
    "&utm_campaign=n8n-nodes-base.telegram"
)
"""n8n's attribution link. n8n ends it with `_<instance id>`; kflow has no instance id."""

_LOOKS_LIKE_URL = re.compile(r"(https?|ftp|file)://\S+|www\.\S+|\S+\.\S+")


def add_options(
    body: dict[str, Any],
    operation: str,
    params: Mapping[str, Any],
    version: float | None,
) -> None:
    """Lays the item's additional fields and reply markup over `body`, as n8n does.

    For sendMessage (where n8n passes its version): parse mode Markdown unless another is
    chosen, the attribution appended from version 1.1 unless turned off, link previews off
    when the text holds nothing like a link (always from 1.2, unless set).
    """
    extra = dict(params.get("additionalFields") or {})
    if operation == "sendMessage":
        if version is not None and version >= 1.1 and "appendAttribution" not in extra:
            extra["appendAttribution"] = True
        if not extra.get("parse_mode"):
            extra["parse_mode"] = "Markdown"
        if not _LOOKS_LIKE_URL.search(js_string(body.get("text"))):
            body["disable_web_page_preview"] = True
        if extra.get("appendAttribution"):
            text = js_string(body.get("text"))
            if extra["parse_mode"] == "Markdown":
                body["text"] = f"{text}\n\n_{ATTRIBUTION_TEXT}_[n8n]({ATTRIBUTION_LINK})"
            elif extra["parse_mode"] == "HTML":
                body["text"] = (
                    f"{text}\n\n<em>{ATTRIBUTION_TEXT}</em>"
                    f'<a href="{ATTRIBUTION_LINK}" target="_blank">n8n</a>'
                )
        if version is not None and version >= 1.2 and "disable_web_page_preview" not in extra:
            body["disable_web_page_preview"] = True
        extra.pop("appendAttribution", None)
    body.update(extra)
    markup = reply_markup(params)
    if markup is not None:
        body["reply_markup"] = markup


def _keyboard(data: Mapping[str, Any] | None) -> list[list[dict[str, Any]]]:
    rows: list[list[dict[str, Any]]] = []
    for row in (data or {}).get("rows") or []:
        buttons = ((row or {}).get("row") or {}).get("buttons")
        if buttons is None:
            continue
        sent = []
        for button in buttons:
            one: dict[str, Any] = {"text": button.get("text")}
            one.update(button.get("additionalFields") or {})
            sent.append(one)
        rows.append(sent)
    return rows


def reply_markup(params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The `reply_markup` the item's Reply Markup choice builds, or None for "none"."""
    choice = params.get("replyMarkup", "none")
    if choice == "none":
        return None
    if choice == "inlineKeyboard":
        return {"inline_keyboard": _keyboard(params.get("inlineKeyboard"))}
    if choice == "replyKeyboard":
        return {
            "keyboard": _keyboard(params.get("replyKeyboard")),
            **(params.get("replyKeyboardOptions") or {}),
        }
    if choice == "forceReply":
        return dict(params.get("forceReply") or {})
    if choice == "replyKeyboardRemove":
        return dict(params.get("replyKeyboardRemove") or {})
    return {}
