"""The Telegram node's parameters, with n8n's names, types, defaults and display rules.

Every parameter n8n 2.41.1 stores for this node is declared, so any n8n workflow loads;
operations kflow does not run are refused at run time (see operations.py).
"""

from __future__ import annotations

from typing import Any

__all__ = ["PROPERTIES"]

Prop = dict[str, Any]

SEND_FILE_OPERATIONS = [
    "sendAnimation",
    "sendAudio",
    "sendDocument",
    "sendPhoto",
    "sendVideo",
    "sendSticker",
]
CHAT_ID_OPERATIONS = [
    "administrators",
    "deleteMessage",
    "get",
    "leave",
    "member",
    "pinChatMessage",
    "setDescription",
    "setTitle",
    "sendAnimation",
    "sendAudio",
    "sendChatAction",
    "sendDocument",
    "sendLocation",
    "sendMessage",
    "sendMessageDraft",
    "sendMediaGroup",
    "sendPhoto",
    "sendRichMessage",
    "sendRichMessageDraft",
    "sendSticker",
    "sendVideo",
    "unpinChatMessage",
]


def _show(**rules: list[Any]) -> dict[str, Any]:
    return {"show": rules}


def _opt(value: str, name: str, action: str | None = None) -> dict[str, Any]:
    option: dict[str, Any] = {"name": name, "value": value}
    if action:
        option["action"] = action
    return option


def _field(
    name: str, display: str, kind: str, default: Any, description: str = "", **extra: Any
) -> Prop:
    prop: Prop = {"displayName": display, "name": name, "type": kind, "default": default}
    if description:
        prop["description"] = description
    prop.update(extra)
    return prop


def _message(*operations: str, **more: list[Any]) -> dict[str, Any]:
    return _show(operation=list(operations), resource=["message"], **more)


PARSE_MODE = _field(
    "parse_mode",
    "Parse Mode",
    "options",
    "HTML",
    "How Telegram reads formatting in the text",
    options=[
        _opt("Markdown", "Markdown (Legacy)"),
        _opt("MarkdownV2", "MarkdownV2"),
        _opt("HTML", "HTML"),
    ],
)

RESOURCE = _field(
    "resource",
    "Resource",
    "options",
    "message",
    noDataExpression=True,
    options=[
        _opt("chat", "Chat"),
        _opt("callback", "Callback"),
        _opt("file", "File"),
        _opt("message", "Message"),
    ],
)

OPERATIONS: list[Prop] = [
    _field(
        "operation",
        "Operation",
        "options",
        "get",
        noDataExpression=True,
        displayOptions=_show(resource=["chat"]),
        options=[
            _opt("get", "Get", "Get a chat"),
            _opt("administrators", "Get Administrators", "Get all administrators in a chat"),
            _opt("member", "Get Member", "Get a member in a chat"),
            _opt("leave", "Leave", "Leave a chat"),
            _opt("setDescription", "Set Description", "Set description on a chat"),
            _opt("setTitle", "Set Title", "Set a title on a chat"),
        ],
    ),
    _field(
        "operation",
        "Operation",
        "options",
        "answerQuery",
        noDataExpression=True,
        displayOptions=_show(resource=["callback"]),
        options=[
            _opt("answerQuery", "Answer Query", "Answer a callback query"),
            _opt("answerInlineQuery", "Answer Inline Query", "Answer an inline query"),
        ],
    ),
    _field(
        "operation",
        "Operation",
        "options",
        "get",
        noDataExpression=True,
        displayOptions=_show(resource=["file"]),
        options=[_opt("get", "Get", "Get a file")],
    ),
    _field(
        "operation",
        "Operation",
        "options",
        "sendMessage",
        noDataExpression=True,
        displayOptions=_show(resource=["message"]),
        options=[
            _opt("deleteMessage", "Delete Chat Message", "Delete a chat message"),
            _opt("editMessageText", "Edit Message Text", "Edit a text message"),
            _opt("pinChatMessage", "Pin Chat Message", "Pin a chat message"),
            _opt("sendAnimation", "Send Animation", "Send an animated file"),
            _opt("sendAudio", "Send Audio", "Send an audio file"),
            _opt("sendChatAction", "Send Chat Action", "Send a chat action"),
            _opt("sendDocument", "Send Document", "Send a document"),
            _opt("sendLocation", "Send Location", "Send a location"),
            _opt("sendMediaGroup", "Send Media Group", "Send a media group message"),
            _opt("sendMessage", "Send Message", "Send a text message"),
            _opt("sendMessageDraft", "Send Message Draft", "Send a message draft"),
            _opt("sendRichMessage", "Send Rich Message", "Send a rich message"),
            _opt("sendRichMessageDraft", "Send Rich Message Draft", "Send a rich message draft"),
            _opt("sendAndWait", "Send and Wait for Response", "Send a message and wait"),
            _opt("sendPhoto", "Send Photo", "Send a photo message"),
            _opt("sendSticker", "Send Sticker", "Send a sticker"),
            _opt("sendVideo", "Send Video", "Send a video"),
            _opt("unpinChatMessage", "Unpin Chat Message", "Unpin a chat message"),
        ],
    ),
]

CHAT_ID_HELP = "The chat's numeric ID, or a channel's username as @channelusername"

IDENTIFIERS: list[Prop] = [
    _field(
        "chatId",
        "Chat ID",
        "string",
        "",
        CHAT_ID_HELP,
        required=True,
        displayOptions=_show(operation=CHAT_ID_OPERATIONS, resource=["chat", "message"]),
    ),
    _field(
        "messageId",
        "Message ID",
        "string",
        "",
        "The message to delete",
        required=True,
        displayOptions=_message("deleteMessage"),
    ),
    _field(
        "messageId",
        "Message ID",
        "string",
        "",
        "The message to pin or unpin",
        required=True,
        displayOptions=_message("pinChatMessage", "unpinChatMessage"),
    ),
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_message("pinChatMessage"),
        options=[
            _field(
                "disable_notification",
                "Disable Notification",
                "boolean",
                False,
                "Whether to pin without notifying the chat's members",
            )
        ],
    ),
    _field(
        "userId",
        "User ID",
        "string",
        "",
        "The member's user ID",
        required=True,
        displayOptions=_show(operation=["member"], resource=["chat"]),
    ),
    _field(
        "description",
        "Description",
        "string",
        "",
        "The chat's new description (0-255 characters)",
        required=True,
        displayOptions=_show(operation=["setDescription"], resource=["chat"]),
    ),
    _field(
        "title",
        "Title",
        "string",
        "",
        "The chat's new title (1-255 characters)",
        required=True,
        displayOptions=_show(operation=["setTitle"], resource=["chat"]),
    ),
]

_CALLBACK_FIELDS = [
    _field(
        "cache_time",
        "Cache Time",
        "number",
        0,
        "Seconds clients may cache the answer",
        typeOptions={"minValue": 0},
    ),
    _field(
        "show_alert",
        "Show Alert",
        "boolean",
        False,
        "Whether the client shows an alert instead of a notification",
    ),
    _field("text", "Text", "string", "", "The notification's text (0-200 characters)"),
    _field("url", "URL", "string", "", "A URL the client opens"),
]

CALLBACKS: list[Prop] = [
    _field(
        "queryId",
        "Query ID",
        "string",
        "",
        "The callback query to answer",
        required=True,
        displayOptions=_show(operation=["answerQuery"], resource=["callback"]),
    ),
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_show(operation=["answerQuery"], resource=["callback"]),
        options=_CALLBACK_FIELDS,
    ),
    _field(
        "queryId",
        "Query ID",
        "string",
        "",
        "The inline query to answer",
        required=True,
        displayOptions=_show(operation=["answerInlineQuery"], resource=["callback"]),
    ),
    _field(
        "results",
        "Results",
        "string",
        "",
        "The results, as a JSON array of InlineQueryResult",
        required=True,
        displayOptions=_show(operation=["answerInlineQuery"], resource=["callback"]),
    ),
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_show(operation=["answerInlineQuery"], resource=["callback"]),
        options=_CALLBACK_FIELDS,
    ),
]

FILES: list[Prop] = [
    _field(
        "fileId",
        "File ID",
        "string",
        "",
        "The file to get",
        required=True,
        displayOptions=_show(operation=["get"], resource=["file"]),
    ),
    _field(
        "download",
        "Download",
        "boolean",
        True,
        "Whether to download the file as binary data",
        displayOptions=_show(operation=["get"], resource=["file"]),
    ),
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_show(operation=["get"], resource=["file"], download=[True]),
        options=[_field("mimeType", "MIME Type", "string", "", "The downloaded file's type")],
    ),
]


def _file(operation: str, display: str) -> Prop:
    return _field(
        "file",
        display,
        "string",
        "",
        f"A file_id already on Telegram's servers, or an HTTP URL Telegram fetches ({display})",
        displayOptions=_message(operation, binaryData=[False]),
    )


MESSAGES: list[Prop] = [
    _field(
        "messageType",
        "Message Type",
        "options",
        "message",
        "Whether the message was sent by the bot in a chat, or via the bot (inline)",
        displayOptions=_message("editMessageText"),
        options=[_opt("inlineMessage", "Inline Message"), _opt("message", "Message")],
    ),
    _field(
        "chatId",
        "Chat ID",
        "string",
        "",
        CHAT_ID_HELP,
        required=True,
        displayOptions=_message("editMessageText", messageType=["message"]),
    ),
    _field(
        "binaryData",
        "Binary File",
        "boolean",
        False,
        "Whether to upload the item's binary data instead of naming a file",
        required=True,
        displayOptions=_message(*SEND_FILE_OPERATIONS),
    ),
    _field(
        "binaryPropertyName",
        "Input Binary Field",
        "string",
        "data",
        "The item's binary field holding the file to upload",
        required=True,
        displayOptions=_message(*SEND_FILE_OPERATIONS, binaryData=[True]),
    ),
    _field(
        "messageId",
        "Message ID",
        "string",
        "",
        "The message to edit",
        required=True,
        displayOptions=_message("editMessageText", messageType=["message"]),
    ),
    _field(
        "inlineMessageId",
        "Inline Message ID",
        "string",
        "",
        "The inline message to edit",
        required=True,
        displayOptions=_message("editMessageText", messageType=["inlineMessage"]),
    ),
    _field(
        "replyMarkup",
        "Reply Markup",
        "options",
        "none",
        "Extra interface options to send with the message",
        displayOptions=_message("editMessageText"),
        options=[_opt("none", "None"), _opt("inlineKeyboard", "Inline Keyboard")],
    ),
    _file("sendAnimation", "Animation"),
    _file("sendAudio", "Audio"),
    _field(
        "action",
        "Action",
        "options",
        "typing",
        "What the bot is shown doing",
        displayOptions=_message("sendChatAction"),
        options=[
            _opt(value, value.replace("_", " ").title())
            for value in (
                "find_location",
                "record_audio",
                "record_video",
                "record_video_note",
                "typing",
                "upload_audio",
                "upload_document",
                "upload_photo",
                "upload_video",
                "upload_video_note",
            )
        ],
    ),
    _file("sendDocument", "Document"),
    _field(
        "latitude",
        "Latitude",
        "number",
        0,
        "Latitude of the location",
        typeOptions={"numberPrecision": 10, "minValue": -90, "maxValue": 90},
        displayOptions=_message("sendLocation"),
    ),
    _field(
        "longitude",
        "Longitude",
        "number",
        0,
        "Longitude of the location",
        typeOptions={"numberPrecision": 10, "minValue": -180, "maxValue": 180},
        displayOptions=_message("sendLocation"),
    ),
    _field(
        "media",
        "Media",
        "fixedCollection",
        {},
        "The photos and videos of the album (2-10)",
        typeOptions={"multipleValues": True},
        displayOptions=_message("sendMediaGroup"),
        options=[
            {
                "name": "media",
                "displayName": "Media",
                "values": [
                    _field(
                        "type",
                        "Type",
                        "options",
                        "photo",
                        "The kind of media",
                        options=[_opt("photo", "Photo"), _opt("video", "Video")],
                    ),
                    _field("media", "Media File", "string", "", "A file_id or an HTTP URL"),
                    _field(
                        "additionalFields",
                        "Additional Fields",
                        "collection",
                        {},
                        placeholder="Add Field",
                        options=[
                            _field("caption", "Caption", "string", "", "The media's caption"),
                            PARSE_MODE,
                        ],
                    ),
                ],
            }
        ],
    ),
    _field(
        "text",
        "Text",
        "string",
        "",
        "The message's text (1-4096 characters after entities parsing)",
        required=True,
        displayOptions=_message("editMessageText", "sendMessage"),
    ),
    _file("sendPhoto", "Photo"),
    _file("sendSticker", "Sticker"),
    _file("sendVideo", "Video"),
    _field(
        "richFormat",
        "Format",
        "options",
        "html",
        "How the rich message is written",
        displayOptions=_message("sendRichMessage", "sendRichMessageDraft"),
        options=[_opt("markdown", "Markdown"), _opt("html", "HTML")],
    ),
    _field(
        "richMessageText",
        "Rich Message",
        "string",
        "",
        "The rich message's content",
        required=True,
        typeOptions={"rows": 6},
        displayOptions=_message("sendRichMessage", "sendRichMessageDraft"),
    ),
]

_WEB_APP = _field(
    "web_app",
    "Web App",
    "collection",
    {},
    "A Web App opened by the button",
    typeOptions={"multipleValues": False},
    options=[_field("url", "URL", "string", "", "The Web App's HTTPS URL")],
)


def _keyboard(name: str, display: str, buttons: list[Prop], show: dict[str, Any]) -> Prop:
    return _field(
        name,
        display,
        "fixedCollection",
        {},
        "Rows of buttons",
        typeOptions={"multipleValues": True},
        placeholder="Add Button Row",
        displayOptions=show,
        options=[
            {
                "name": "rows",
                "displayName": "Rows",
                "values": [
                    _field(
                        "row",
                        "Row",
                        "fixedCollection",
                        {},
                        "One row of buttons",
                        typeOptions={"multipleValues": True},
                        options=[
                            {
                                "name": "buttons",
                                "displayName": "Buttons",
                                "values": [
                                    _field("text", "Text", "string", "", "The button's label"),
                                    _field(
                                        "additionalFields",
                                        "Additional Fields",
                                        "collection",
                                        {},
                                        placeholder="Add Field",
                                        options=buttons,
                                    ),
                                ],
                            }
                        ],
                    )
                ],
            }
        ],
    )


MARKUP: list[Prop] = [
    _field(
        "replyMarkup",
        "Reply Markup",
        "options",
        "none",
        "Extra interface options to send with the message",
        displayOptions=_message(
            "sendAnimation",
            "sendDocument",
            "sendMessage",
            "sendPhoto",
            "sendRichMessage",
            "sendSticker",
            "sendVideo",
            "sendAudio",
            "sendLocation",
        ),
        options=[
            _opt("forceReply", "Force Reply"),
            _opt("inlineKeyboard", "Inline Keyboard"),
            _opt("none", "None"),
            _opt("replyKeyboard", "Reply Keyboard"),
            _opt("replyKeyboardRemove", "Reply Keyboard Remove"),
        ],
    ),
    _field(
        "forceReply",
        "Force Reply",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_show(replyMarkup=["forceReply"], resource=["message"]),
        options=[
            _field("force_reply", "Force Reply", "boolean", False, "Whether to show a reply box"),
            _field("selective", "Selective", "boolean", False, "Whether to ask some users only"),
        ],
    ),
    _keyboard(
        "inlineKeyboard",
        "Inline Keyboard",
        [
            _field("callback_data", "Callback Data", "string", "", "Data sent back on a tap"),
            _field("pay", "Pay", "boolean", False, "Whether this is a Pay button"),
            _field(
                "switch_inline_query_current_chat",
                "Switch Inline Query Current Chat",
                "string",
                "",
                "Inline query started in the current chat",
            ),
            _field(
                "switch_inline_query",
                "Switch Inline Query",
                "string",
                "",
                "Inline query started in a chat the user picks",
            ),
            _field("url", "URL", "string", "", "URL opened on a tap"),
            _WEB_APP,
        ],
        _show(replyMarkup=["inlineKeyboard"], resource=["message"]),
    ),
    _keyboard(
        "replyKeyboard",
        "Reply Keyboard",
        [
            _field("request_contact", "Request Contact", "boolean", False, "Sends the contact"),
            _field("request_location", "Request Location", "boolean", False, "Sends location"),
            _WEB_APP,
        ],
        _show(replyMarkup=["replyKeyboard"]),
    ),
    _field(
        "replyKeyboardOptions",
        "Reply Keyboard Options",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_show(replyMarkup=["replyKeyboard"]),
        options=[
            _field("resize_keyboard", "Resize Keyboard", "boolean", False, "Fit the keyboard"),
            _field("one_time_keyboard", "One Time Keyboard", "boolean", False, "Hide after use"),
            _field("selective", "Selective", "boolean", False, "Show to some users only"),
        ],
    ),
    _field(
        "replyKeyboardRemove",
        "Reply Keyboard Remove",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_show(replyMarkup=["replyKeyboardRemove"]),
        options=[
            _field("remove_keyboard", "Remove Keyboard", "boolean", False, "Remove the keyboard"),
            _field("selective", "Selective", "boolean", False, "For some users only"),
        ],
    ),
]


def _only(*operations: str) -> dict[str, Any]:
    return _show(**{"/operation": list(operations)})


_MEDIA_OPS = ("sendAnimation", "sendAudio", "sendDocument", "sendPhoto", "sendVideo")

SEND_OPTIONS: list[Prop] = [
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_message(
            "editMessageText",
            "sendAnimation",
            "sendAudio",
            "sendDocument",
            "sendLocation",
            "sendMessage",
            "sendMediaGroup",
            "sendPhoto",
            "sendSticker",
            "sendVideo",
        ),
        options=[
            _field(
                "appendAttribution",
                "Append n8n Attribution",
                "boolean",
                True,
                "Whether to end the message with 'This message was sent automatically with n8n'",
                displayOptions=_only("sendMessage"),
            ),
            _field(
                "caption",
                "Caption",
                "string",
                "",
                "The file's caption (0-1024 characters)",
                displayOptions=_only(*_MEDIA_OPS),
            ),
            _field(
                "disable_notification",
                "Disable Notification",
                "boolean",
                False,
                "Whether to send silently (no sound)",
                displayOptions={"hide": {"/operation": ["editMessageText"]}},
            ),
            _field(
                "disable_web_page_preview",
                "Disable WebPage Preview",
                "boolean",
                False,
                "Whether to show no preview of links in the message",
                displayOptions=_only("editMessageText", "sendMessage"),
            ),
            _field(
                "duration",
                "Duration",
                "number",
                0,
                "Length in seconds",
                typeOptions={"minValue": 0},
                displayOptions=_only("sendAnimation", "sendAudio", "sendVideo"),
            ),
            _field(
                "fileName",
                "File Name",
                "string",
                "",
                "Name of the uploaded file",
                displayOptions=_show(
                    **{
                        "/operation": SEND_FILE_OPERATIONS,
                        "/resource": ["message"],
                        "/binaryData": [True],
                    }
                ),
            ),
            _field(
                "height",
                "Height",
                "number",
                0,
                "Height of the video or animation",
                typeOptions={"minValue": 0},
                displayOptions=_only("sendAnimation", "sendVideo"),
            ),
            PARSE_MODE | {"displayOptions": _only("editMessageText", "sendMessage", *_MEDIA_OPS)},
            _field(
                "performer",
                "Performer",
                "string",
                "",
                "The audio's performer",
                displayOptions=_only("sendAudio"),
            ),
            _field(
                "reply_to_message_id",
                "Reply To Message ID",
                "number",
                0,
                "The message this one answers",
                displayOptions={"hide": {"/operation": ["editMessageText"]}},
            ),
            _field(
                "message_thread_id",
                "Message Thread ID",
                "number",
                0,
                "The forum topic to send to",
                displayOptions=_only(
                    "sendAnimation",
                    "sendAudio",
                    "sendChatAction",
                    "sendDocument",
                    "sendLocation",
                    "sendMediaGroup",
                    "sendMessage",
                    "sendPhoto",
                    "sendSticker",
                    "sendVideo",
                ),
            ),
            _field(
                "title",
                "Title",
                "string",
                "",
                "The audio's title",
                displayOptions=_only("sendAudio"),
            ),
            _field(
                "thumb",
                "Thumbnail",
                "string",
                "",
                "A thumbnail for the file",
                displayOptions=_only("sendAnimation", "sendAudio", "sendDocument", "sendVideo"),
            ),
            _field(
                "width",
                "Width",
                "number",
                0,
                "Width of the video or animation",
                typeOptions={"minValue": 0},
                displayOptions=_only("sendAnimation", "sendVideo"),
            ),
        ],
    ),
]

DRAFTS: list[Prop] = [
    _field(
        "draftId",
        "Draft ID",
        "number",
        1,
        "Identifier of the draft (non-zero)",
        required=True,
        displayOptions=_message("sendMessageDraft", "sendRichMessageDraft"),
    ),
    _field(
        "text",
        "Text",
        "string",
        "",
        "The draft's text",
        typeOptions={"rows": 5},
        displayOptions=_message("sendMessageDraft"),
    ),
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_message("sendMessageDraft"),
        options=[
            _field("message_thread_id", "Message Thread ID", "number", 0, "The forum topic"),
            PARSE_MODE,
        ],
    ),
    _field(
        "additionalFields",
        "Additional Fields",
        "collection",
        {},
        placeholder="Add Field",
        displayOptions=_message("sendRichMessage", "sendRichMessageDraft"),
        options=[
            _field(
                "disable_notification",
                "Disable Notification",
                "boolean",
                False,
                "Whether to send silently",
                displayOptions=_only("sendRichMessage"),
            ),
            _field(
                "message_effect_id",
                "Message Effect ID",
                "string",
                "",
                "An effect added to the message (private chats)",
                displayOptions=_only("sendRichMessage"),
            ),
            _field("message_thread_id", "Message Thread ID", "number", 0, "The forum topic"),
            _field(
                "protect_content",
                "Protect Content",
                "boolean",
                False,
                "Whether to forbid forwarding and saving",
                displayOptions=_only("sendRichMessage"),
            ),
            _field("is_rtl", "Right-to-Left", "boolean", False, "Whether to show it right-to-left"),
            _field(
                "skip_entity_detection",
                "Skip Entity Detection",
                "boolean",
                False,
                "Whether to skip detecting URLs, mentions and the like",
            ),
        ],
    ),
]


def _wait(name: str, display: str, kind: str, default: Any, **more: list[Any]) -> Prop:
    """A Send and Wait parameter; kflow refuses that operation, so its nested values are
    accepted as stored (no sub-fields declared) rather than checked."""
    return _field(
        name,
        display,
        kind,
        default,
        "Send and Wait for Response (not run by kflow)",
        displayOptions=_show(resource=["message"], operation=["sendAndWait"], **more),
    )


SEND_AND_WAIT: list[Prop] = [
    _wait("chatId", "Chat ID", "string", ""),
    _wait("message", "Message", "string", ""),
    _wait("responseType", "Response Type", "string", "approval"),
    _wait("defineForm", "Define Form", "string", "fields", responseType=["customForm"]),
    _wait("jsonOutput", "Form Fields", "json", "[]", responseType=["customForm"]),
    _wait("formFields", "Form Elements", "fixedCollection", {}, responseType=["customForm"]),
    _wait("approvalOptions", "Approval Options", "fixedCollection", {}),
    _wait("advancedInteractivityNotice", "Advanced Interactivity", "notice", ""),
    _wait("chatApproval", "Approve Within Chat", "boolean", False),
    _wait("approverIds", "Restrict Who Can Approve", "string", ""),
    _wait(
        "unauthorizedReplyText",
        "Unauthorized Reply",
        "string",
        "You are not authorized to respond to this request.",
    ),
    _wait("postDecisionBehavior", "After Decision", "string", "showOutcome"),
    _wait("options", "Options", "collection", {}),
]

PROPERTIES: list[Prop] = [
    RESOURCE,
    *OPERATIONS,
    *IDENTIFIERS,
    *CALLBACKS,
    *FILES,
    *MESSAGES,
    *MARKUP,
    *SEND_OPTIONS,
    *DRAFTS,
    *SEND_AND_WAIT,
]
