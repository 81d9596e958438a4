"""Telegram 1, 1.1, 1.2 against the Bot API emulator (stubs/telegram.py).

Each case sends to chats of its own (message ids count per chat, and n8n runs every case
against one emulator), and items of one case go to different chats (kflow sends them
concurrently).
"""

from __future__ import annotations

from itertools import count, pairwise
from typing import Any

from tests.node_oracle.harness import Case
from tests.node_oracle.stubs.telegram import TOKEN

TYPE = "n8n-nodes-base.telegram"
VERSIONS = (1, 1.1, 1.2)
STUB = frozenset({"telegram"})
CREDENTIALS = {"telegramApi": {"accessToken": TOKEN, "baseUrl": "http://telegram.stub"}}
WRONG_TOKEN = {"telegramApi": {"accessToken": "999:wrong-token", "baseUrl": "http://telegram.stub"}}
_private = count(100001)
_groups = count(100001)


def private() -> str:
    """A private chat no other case uses."""
    return str(next(_private))


def group() -> str:
    """A group chat no other case uses."""
    return str(-next(_groups))


def node(name: str, version: float, **parameters: Any) -> dict[str, Any]:
    return {"name": name, "type": TYPE, "typeVersion": version, "parameters": parameters}


def case(
    id: str,
    *nodes: dict[str, Any],
    inputs: list[dict[str, Any]] | None = None,
    error: bool = False,
    credentials: dict[str, dict[str, Any]] | None = None,
    connections: dict[str, Any] | None = None,
    order: str = "v1",
) -> Case:
    chained = dict(connections or {})
    for first, second in pairwise(nodes):
        chained.setdefault(
            first["name"], {"main": [[{"node": second["name"], "type": "main", "index": 0}]]}
        )
    return Case(
        id=f"telegram-{id}",
        nodes=list(nodes),
        connections=chained,
        inputs={"Input": inputs if inputs is not None else [{}]},
        error=error,
        stubs=STUB,
        credentials=credentials or CREDENTIALS,
        order=order,
    )


def continuing(spec: dict[str, Any]) -> dict[str, Any]:
    return {**spec, "onError": "continueRegularOutput"}


def send(version: float, text: Any, chat: str | None = None, **more: Any) -> dict[str, Any]:
    return node("Send", version, chatId=chat or private(), text=text, **more)


CASES: list[Case] = []

for v in VERSIONS:
    tag = f"{v:g}"
    CASES += [
        case(f"{tag}-send-plain", send(v, "Hello from kflow")),
        case(f"{tag}-send-with-url", send(v, "Read https://example.com/page now")),
        case(f"{tag}-send-dotted-word", send(v, "Version 2.5 is out")),
        case(
            f"{tag}-send-no-attribution",
            send(v, "No footer", additionalFields={"appendAttribution": False}),
        ),
        case(
            f"{tag}-send-attribution-on",
            send(v, "Footer asked", additionalFields={"appendAttribution": True}),
        ),
        case(
            f"{tag}-send-html",
            send(
                v,
                "<b>Bold</b> and <i>italic</i> &amp; more",
                additionalFields={"parse_mode": "HTML"},
            ),
        ),
        case(
            f"{tag}-send-markdown-v2",
            send(v, "*bold* _it_ escaped\\.", additionalFields={"parse_mode": "MarkdownV2"}),
        ),
        case(
            f"{tag}-send-preview-explicit-off",
            send(v, "see https://n8n.io", additionalFields={"disable_web_page_preview": False}),
        ),
        case(
            f"{tag}-send-preview-explicit-on",
            send(v, "see https://n8n.io", additionalFields={"disable_web_page_preview": True}),
        ),
        case(
            f"{tag}-send-silent",
            send(v, "quiet", additionalFields={"disable_notification": True}),
        ),
        case(f"{tag}-send-markdown-unicode", send(v, "Привет *мир* 👋 _ok_ `x`")),
        case(
            f"{tag}-send-expression",
            send(v, "={{ $json.text }}", chat="={{ $json.chat }}"),
            inputs=[
                {"text": "first", "chat": private()},
                {"text": "second ✓", "chat": private()},
                {"text": 42, "chat": private()},
            ],
        ),
        case(f"{tag}-send-chat-not-found", send(v, "lost", chat="42"), error=True),
        case(
            f"{tag}-send-chat-not-found-continue",
            continuing(send(v, "lost", chat="42")),
        ),
        case(
            f"{tag}-send-empty-after-markdown",
            continuing(send(v, "**", additionalFields={"appendAttribution": False})),
        ),
        case(f"{tag}-send-broken-markdown", continuing(send(v, "*unclosed bold"))),
        case(f"{tag}-send-wrong-token", continuing(send(v, "hi")), credentials=WRONG_TOKEN),
        case(
            f"{tag}-get-chat-private",
            node("Get", v, resource="chat", operation="get", chatId=private()),
        ),
    ]

CASES += [
    case(
        "1.2-send-broken-html",
        continuing(send(1.2, "<b>open", additionalFields={"parse_mode": "HTML"})),
    ),
    case(
        "1.2-send-unknown-tag",
        continuing(send(1.2, "<blink>x</blink>", additionalFields={"parse_mode": "HTML"})),
    ),
    case(
        "1.2-send-too-long",
        continuing(send(1.2, "x" * 4100, additionalFields={"appendAttribution": False})),
    ),
    case(
        "1.2-send-inline-keyboard",
        send(
            1.2,
            "Pick one",
            replyMarkup="inlineKeyboard",
            inlineKeyboard={
                "rows": [
                    {
                        "row": {
                            "buttons": [
                                {"text": "Site", "additionalFields": {"url": "https://n8n.io"}},
                                {"text": "Yes", "additionalFields": {"callback_data": "yes"}},
                            ]
                        }
                    },
                    {
                        "row": {
                            "buttons": [
                                {
                                    "text": "App",
                                    "additionalFields": {"web_app": {"url": "https://a.example"}},
                                },
                            ]
                        }
                    },
                ]
            },
        ),
    ),
    case(
        "1.2-send-inline-keyboard-text-only",
        continuing(
            send(
                1.2,
                "Bad keys",
                replyMarkup="inlineKeyboard",
                inlineKeyboard={"rows": [{"row": {"buttons": [{"text": "plain"}]}}]},
            )
        ),
    ),
    case(
        "1.1-send-reply-keyboard",
        send(
            1.1,
            "Keys",
            replyMarkup="replyKeyboard",
            replyKeyboard={
                "rows": [
                    {
                        "row": {
                            "buttons": [
                                {"text": "Share", "additionalFields": {"request_contact": True}},
                                {"text": "Plain"},
                            ]
                        }
                    }
                ]
            },
            replyKeyboardOptions={"resize_keyboard": True, "one_time_keyboard": True},
        ),
    ),
    case(
        "1.2-send-force-reply",
        send(
            1.2,
            "Answer me",
            replyMarkup="forceReply",
            forceReply={"force_reply": True, "selective": False},
        ),
    ),
    case(
        "1.2-send-keyboard-remove",
        send(
            1.2,
            "Gone",
            replyMarkup="replyKeyboardRemove",
            replyKeyboardRemove={"remove_keyboard": True},
        ),
    ),
    case("1-send-to-group", send(1, "Group hello", chat=group())),
    case("1.2-send-to-channel", send(1.2, "Channel post", chat="@kflow_channel")),
    case(
        "1.2-send-then-reply",
        send(1.2, "first", chat=(reply_chat := private())),
        node(
            "Reply",
            1.2,
            chatId=reply_chat,
            text="second",
            additionalFields={"reply_to_message_id": 1, "appendAttribution": False},
        ),
    ),
    case(
        "1.2-send-reply-missing",
        continuing(send(1.2, "to nothing", additionalFields={"reply_to_message_id": 77})),
    ),
    case(
        "1.2-send-then-edit",
        send(1.2, "draft", chat=(edit_chat := private())),
        node(
            "Edit",
            1.2,
            operation="editMessageText",
            chatId=edit_chat,
            messageId="={{ $json.result.message_id }}",
            text="final *text*",
            additionalFields={"parse_mode": "Markdown"},
        ),
    ),
    case(
        "1-send-then-edit-keyboard",
        send(1, "draft", chat=(edit_chat2 := private())),
        node(
            "Edit",
            1,
            operation="editMessageText",
            chatId=edit_chat2,
            messageId="={{ $json.result.message_id }}",
            text="with keys",
            replyMarkup="inlineKeyboard",
            inlineKeyboard={
                "rows": [
                    {
                        "row": {
                            "buttons": [{"text": "Go", "additionalFields": {"callback_data": "go"}}]
                        }
                    }
                ]
            },
        ),
    ),
    case(
        "1.2-edit-not-modified",
        send(
            1.2,
            "same",
            chat=(same_chat := private()),
            additionalFields={"appendAttribution": False, "parse_mode": "HTML"},
        ),
        continuing(
            node(
                "Edit",
                1.2,
                operation="editMessageText",
                chatId=same_chat,
                messageId="={{ $json.result.message_id }}",
                text="same",
            )
        ),
    ),
    case(
        "1.1-edit-missing-message",
        continuing(
            node(
                "Edit",
                1.1,
                operation="editMessageText",
                chatId=private(),
                messageId="9",
                text="nothing here",
            )
        ),
    ),
    case(
        "1.2-edit-missing-message-stops",
        node(
            "Edit",
            1.2,
            operation="editMessageText",
            chatId=private(),
            messageId="9",
            text="nothing here",
        ),
        error=True,
    ),
    case(
        "1.2-send-photo-url",
        node(
            "Photo",
            1.2,
            operation="sendPhoto",
            chatId=private(),
            file="https://example.com/cat.png",
            additionalFields={"caption": "A <b>cat</b>", "parse_mode": "HTML"},
        ),
    ),
    case(
        "1-send-photo-plain",
        node(
            "Photo",
            1,
            operation="sendPhoto",
            chatId=private(),
            file="https://example.com/a/dog.jpg",
        ),
    ),
    case(
        "1.1-send-photo-missing",
        continuing(node("Photo", 1.1, operation="sendPhoto", chatId=private(), file="")),
    ),
    case(
        "1.2-send-photo-bad-file-id",
        continuing(
            node("Photo", 1.2, operation="sendPhoto", chatId=private(), file="not-a-file-id")
        ),
    ),
    case(
        "1.2-send-photo-then-reuse",
        node(
            "Photo",
            1.2,
            operation="sendPhoto",
            chatId=(reuse_chat := private()),
            file="https://example.com/reuse.png",
        ),
        node(
            "Again",
            1.2,
            operation="sendPhoto",
            chatId=reuse_chat,
            file="={{ $json.result.photo[0].file_id }}",
            additionalFields={"caption": "again"},
        ),
    ),
    case(
        "1.2-send-document-url",
        node(
            "Doc",
            1.2,
            operation="sendDocument",
            chatId=private(),
            file="https://example.com/files/report.pdf",
            additionalFields={
                "caption": "Monthly *report*",
                "parse_mode": "Markdown",
                "disable_notification": True,
            },
        ),
    ),
    case(
        "1-send-document-keyboard",
        node(
            "Doc",
            1,
            operation="sendDocument",
            chatId=private(),
            file="https://example.com/data.zip",
            replyMarkup="inlineKeyboard",
            inlineKeyboard={
                "rows": [
                    {
                        "row": {
                            "buttons": [
                                {"text": "Open", "additionalFields": {"url": "https://example.com"}}
                            ]
                        }
                    }
                ]
            },
        ),
    ),
    case(
        "1.2-send-document-caption-too-long",
        continuing(
            node(
                "Doc",
                1.2,
                operation="sendDocument",
                chatId=private(),
                file="https://example.com/x.pdf",
                additionalFields={"caption": "c" * 1100},
            )
        ),
    ),
    case("1.2-get-chat-group", node("Get", 1.2, resource="chat", operation="get", chatId=group())),
    case(
        "1.2-get-chat-channel",
        node("Get", 1.2, resource="chat", operation="get", chatId="@kflow_channel"),
    ),
    case(
        "1.2-get-chat-unknown",
        continuing(node("Get", 1.2, resource="chat", operation="get", chatId="@nobody_here")),
    ),
    case(
        "1.1-get-chat-unknown-stops",
        node("Get", 1.1, resource="chat", operation="get", chatId="7"),
        error=True,
    ),
    case(
        "1.2-get-chat-expression",
        continuing(node("Get", 1.2, resource="chat", operation="get", chatId="={{ $json.chat }}")),
        inputs=[{"chat": private()}, {"chat": group()}, {"chat": 5}],
    ),
    case(
        "1.2-get-administrators",
        node("Admins", 1.2, resource="chat", operation="administrators", chatId=group()),
    ),
    case(
        "1.2-get-administrators-private",
        continuing(
            node("Admins", 1.2, resource="chat", operation="administrators", chatId=private())
        ),
    ),
    case(
        "1.2-chat-action",
        node("Action", 1.2, operation="sendChatAction", chatId=private(), action="upload_photo"),
    ),
    case(
        "1.2-send-location",
        node(
            "Where",
            1.2,
            operation="sendLocation",
            chatId=private(),
            latitude=52.52,
            longitude=13.405,
        ),
    ),
    case(
        "1.2-send-then-delete",
        send(1.2, "temporary", chat=(delete_chat := private())),
        node(
            "Delete",
            1.2,
            operation="deleteMessage",
            chatId=delete_chat,
            messageId="={{ $json.result.message_id }}",
        ),
    ),
    case(
        "1.2-send-v0-order",
        send(1.2, "={{ 'order ' + $json.n }}", chat="={{ $json.chat }}"),
        inputs=[{"n": 1, "chat": private()}, {"n": 2, "chat": private()}],
        order="v0",
    ),
    case(
        "1-send-then-edit-v0",
        send(1, "v0 draft", chat=(v0_chat := private())),
        node(
            "Edit",
            1,
            operation="editMessageText",
            chatId=v0_chat,
            messageId="={{ $json.result.message_id }}",
            text="v0 final",
        ),
        order="v0",
    ),
]

_KEYBOARDS: dict[str, dict[str, Any]] = {
    "inline": {
        "replyMarkup": "inlineKeyboard",
        "inlineKeyboard": {
            "rows": [
                {
                    "row": {
                        "buttons": [
                            {"text": "Query", "additionalFields": {"switch_inline_query": "q"}},
                            {
                                "text": "Here",
                                "additionalFields": {"switch_inline_query_current_chat": ""},
                            },
                        ]
                    }
                }
            ]
        },
    },
    "reply": {
        "replyMarkup": "replyKeyboard",
        "replyKeyboard": {
            "rows": [
                {
                    "row": {
                        "buttons": [
                            {"text": "Where", "additionalFields": {"request_location": True}}
                        ]
                    }
                },
                {
                    "row": {
                        "buttons": [
                            {
                                "text": "Web",
                                "additionalFields": {"web_app": {"url": "https://w.example"}},
                            }
                        ]
                    }
                },
            ]
        },
        "replyKeyboardOptions": {"selective": True},
    },
    "force": {"replyMarkup": "forceReply", "forceReply": {"force_reply": True}},
    "remove": {
        "replyMarkup": "replyKeyboardRemove",
        "replyKeyboardRemove": {"remove_keyboard": True, "selective": True},
    },
    "empty-inline": {"replyMarkup": "inlineKeyboard", "inlineKeyboard": {}},
}

for v in VERSIONS:
    tag = f"{v:g}"
    for kind, markup in _KEYBOARDS.items():
        CASES.append(case(f"{tag}-markup-{kind}", continuing(send(v, f"keys {kind}", **markup))))
    CASES += [
        case(
            f"{tag}-send-html-attribution-unicode",
            send(v, "Ünïcødé <u>under</u> 🎉", additionalFields={"parse_mode": "HTML"}),
        ),
        case(
            f"{tag}-send-v2-reserved",
            continuing(send(v, "1.5 is reserved", additionalFields={"parse_mode": "MarkdownV2"})),
        ),
        case(f"{tag}-send-www-link", send(v, "go to www.example.org")),
        case(f"{tag}-send-numeric-chat", send(v, "numeric", chat=f"={{{{ {private()} }}}}")),
        case(
            f"{tag}-send-thread-and-reply-zero",
            send(v, "thread", additionalFields={"message_thread_id": 0, "reply_to_message_id": 0}),
        ),
        case(
            f"{tag}-send-photo-caption",
            node(
                "Photo",
                v,
                operation="sendPhoto",
                chatId=private(),
                file="https://e.example/p.gif",
                additionalFields={
                    "caption": "_cap_",
                    "parse_mode": "Markdown",
                    "disable_notification": True,
                },
                **_KEYBOARDS["inline"],
            ),
        ),
        case(
            f"{tag}-send-document-plain",
            node(
                "Doc",
                v,
                operation="sendDocument",
                chatId=group(),
                file="https://e.example/notes.txt",
            ),
        ),
        case(
            f"{tag}-chat-action-typing",
            node("Action", v, operation="sendChatAction", chatId=private()),
        ),
        case(
            f"{tag}-send-location-force-reply",
            continuing(
                node(
                    "Where",
                    v,
                    operation="sendLocation",
                    chatId=private(),
                    latitude=0,
                    longitude=0,
                    replyMarkup="forceReply",
                    forceReply={"force_reply": True},
                )
            ),
        ),
        case(
            f"{tag}-edit-inline-message",
            continuing(
                node(
                    "Edit",
                    v,
                    operation="editMessageText",
                    messageType="inlineMessage",
                    inlineMessageId="AAA",
                    text="inline",
                )
            ),
        ),
        case(
            f"{tag}-edit-html",
            send(v, "before", chat=(html_chat := private())),
            node(
                "Edit",
                v,
                operation="editMessageText",
                chatId=html_chat,
                messageId="={{ $json.result.message_id }}",
                text="<b>after</b> https://n8n.io",
                additionalFields={"parse_mode": "HTML", "disable_web_page_preview": True},
            ),
        ),
        case(
            f"{tag}-get-chat-group-v0",
            node("Get", v, resource="chat", operation="get", chatId=group()),
            order="v0",
        ),
    ]


def _msg(name: str, version: float, operation: str, **parameters: Any) -> dict[str, Any]:
    return node(name, version, operation=operation, **parameters)


for v in VERSIONS:
    tag = f"{v:g}"
    CASES += [
        case(
            f"{tag}-send-{kind}-url",
            _msg(
                "Media",
                v,
                operation,
                chatId=private(),
                file=f"https://e.example/m/{kind}.{ext}",
                additionalFields={"caption": f"a {kind}", "parse_mode": "HTML"},
            ),
        )
        for operation, kind, ext in (
            ("sendAnimation", "animation", "gif"),
            ("sendAudio", "audio", "mp3"),
            ("sendVideo", "video", "mp4"),
            ("sendSticker", "sticker", "webp"),
        )
    ]
    CASES += [
        case(
            f"{tag}-pin-then-unpin",
            send(v, "pin me", chat=(pin_chat := private())),
            _msg(
                "Pin",
                v,
                "pinChatMessage",
                chatId=pin_chat,
                messageId="={{ $json.result.message_id }}",
                additionalFields={"disable_notification": True},
            ),
            _msg("Unpin", v, "unpinChatMessage", chatId=pin_chat, messageId="1"),
        ),
        case(
            f"{tag}-pin-missing",
            continuing(_msg("Pin", v, "pinChatMessage", chatId=private(), messageId="5")),
        ),
        case(
            f"{tag}-get-member",
            node(
                "Member",
                v,
                resource="chat",
                operation="member",
                chatId="={{ $json.chat }}",
                userId="={{ $json.user }}",
            ),
            inputs=[
                {"chat": (member_chat := private()), "user": member_chat},
                {"chat": group(), "user": "100001"},
                {"chat": group(), "user": 123456789},
            ],
        ),
        case(
            f"{tag}-get-member-unknown",
            continuing(
                node("Member", v, resource="chat", operation="member", chatId=private(), userId="3")
            ),
        ),
        case(
            f"{tag}-set-title-and-description",
            node(
                "Title",
                v,
                resource="chat",
                operation="setTitle",
                chatId=(set_chat := group()),
                title="New title ✨",
            ),
            node(
                "Description",
                v,
                resource="chat",
                operation="setDescription",
                chatId=set_chat,
                description="About this group",
            ),
            node("Check", v, resource="chat", operation="get", chatId=set_chat),
        ),
        case(
            f"{tag}-set-title-private",
            continuing(
                node("Title", v, resource="chat", operation="setTitle", chatId=private(), title="x")
            ),
        ),
        case(
            f"{tag}-answer-query",
            continuing(
                node(
                    "Answer",
                    v,
                    resource="callback",
                    operation="answerQuery",
                    queryId="42",
                    additionalFields={"text": "done", "show_alert": True, "cache_time": 5},
                )
            ),
        ),
        case(
            f"{tag}-document-then-get-file",
            _msg("Doc", v, "sendDocument", chatId=private(), file="https://e.example/f/a.pdf"),
            node(
                "File",
                v,
                resource="file",
                operation="get",
                download=False,
                fileId="={{ $json.result.document.file_id }}",
            ),
        ),
        case(
            f"{tag}-get-file-unknown",
            continuing(
                node("File", v, resource="file", operation="get", download=False, fileId="nope")
            ),
        ),
        case(
            f"{tag}-media-group",
            _msg(
                "Album",
                v,
                "sendMediaGroup",
                chatId=private(),
                media={
                    "media": [
                        {
                            "type": "photo",
                            "media": "https://e.example/1.png",
                            "additionalFields": {"caption": "<b>one</b>", "parse_mode": "HTML"},
                        },
                        {"type": "video", "media": "https://e.example/2.mp4"},
                    ]
                },
                additionalFields={"disable_notification": True},
            ),
        ),
        case(
            f"{tag}-media-group-one",
            continuing(
                _msg(
                    "Album",
                    v,
                    "sendMediaGroup",
                    chatId=private(),
                    media={"media": [{"type": "photo", "media": "https://e.example/1.png"}]},
                )
            ),
        ),
        case(
            f"{tag}-leave-group",
            node("Leave", v, resource="chat", operation="leave", chatId=(leave_chat := group())),
            continuing(node("After", v, resource="chat", operation="get", chatId=leave_chat)),
        ),
    ]
