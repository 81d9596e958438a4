"""TelegramNode: n8n's Telegram node (versions 1, 1.1, 1.2), one Bot API call per item."""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from kflow.host import (
    FormPart,
    HttpClient,
    HttpRequest,
    ItemContext,
    ItemWithFiles,
    NodeApiError,
    NodeDescription,
    NodeError,
    NodeOperationError,
    NodeTraits,
    TransportError,
    mask,
)
from kflow.nodes.telegram.operations import REFUSED, BotCall, build_call
from kflow.nodes.telegram.properties import PROPERTIES

__all__ = ["PreparedCall", "TelegramNode"]

CREDENTIAL = "telegramApi"
_READS = {"getChat", "getChatAdministrators", "getChatMember", "getFile", "getMe"}
_STATUS_MESSAGES = {
    400: "Bad request - please check your parameters",
    401: "Authorization failed - please check your credentials",
    402: "Payment required - perhaps check your payment details?",
    403: "Forbidden - perhaps check your credentials?",
    404: "The resource you are requesting could not be found",
    405: "Method not allowed - please check you are using the right HTTP method",
    429: "The service is receiving too many requests from you",
    500: "The service was not able to process your request",
    502: "Bad gateway - the service failed to handle your request",
    503: "Service unavailable - try again later or consider setting this node to retry "
    "automatically (in the node settings)",
    504: "Gateway timed out - perhaps try again later?",
}
"""n8n's messages for API errors by HTTP status, used when Telegram gives no description."""


_UPLOAD_FIELDS = {
    "sendAnimation": "animation",
    "sendAudio": "audio",
    "sendDocument": "document",
    "sendPhoto": "photo",
    "sendSticker": "sticker",
    "sendVideo": "video",
}
_UPLOADS = frozenset(_UPLOAD_FIELDS)


@dataclass(frozen=True)
class PreparedCall:
    """An item's Bot API call and where it goes (the URL holds the token: never shown)."""

    call: BotCall
    url: str = field(repr=False)
    shown_url: str
    upload: FormPart | None = field(default=None, repr=False)
    """The item's file, sent as multipart with the call's fields (Binary File on)."""
    files_url: str | None = field(default=None, repr=False)
    """Where the file getFile names is downloaded from (File → Get with Download on)."""
    mime_type: str | None = None


def _description(version: float) -> NodeDescription:
    return NodeDescription.model_validate(
        {
            "displayName": "Telegram",
            "name": "telegram",
            "icon": "file:telegram.svg",
            "group": ["output"],
            "version": [version],
            "defaultVersion": 1.2,
            "subtitle": '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
            "description": "Sends and edits messages, and reads chats, through Telegram's Bot API",
            "defaults": {"name": "Telegram"},
            "credentials": [{"name": CREDENTIAL, "required": True}],
            "properties": PROPERTIES,
        }
    )


class TelegramNode:
    """Telegram: one Bot API call per input item; each output item is Telegram's whole
    answer (`{ok, result}`), except Get Administrators, which gives one item per member.

    Args:
        version: The one type version this instance runs (attribution and link previews
            of Send Message differ by version).
    """

    traits = NodeTraits(n8n_types=("n8n-nodes-base.telegram",), streams=True)

    def __init__(self, version: float) -> None:
        self.version = version
        self.description = _description(version)

    def __repr__(self) -> str:
        return f"TelegramNode(version={self.version:g})"

    def prepare(self, ctx: ItemContext) -> PreparedCall:
        """Checks the item's parameters and builds its call (nothing is sent)."""
        resource = ctx.param("resource")
        operation = ctx.param("operation")
        self._refuse_unsupported(ctx, resource, operation)
        try:
            call = build_call(resource, operation, ctx.params, self.version)
        except KeyError:
            raise NodeOperationError(
                ctx.node_name,
                f'The operation "{operation}" of resource "{resource}" is not known',
                item_index=ctx.item_index,
                parameter="Operation",
            ) from None
        except ValueError as exc:
            raise NodeOperationError(
                ctx.node_name, str(exc), item_index=ctx.item_index, parameter="Draft ID"
            ) from None
        upload = self._upload(ctx, call) if ctx.param("binaryData") else None
        downloads = (resource, operation) == ("file", "get") and bool(ctx.param("download"))
        mime = (ctx.param("additionalFields") or {}).get("mimeType")
        credential = ctx.credentials.get(CREDENTIAL) or {}
        token = str(credential.get("accessToken") or "")
        base = str(credential.get("baseUrl") or "https://api.telegram.org").rstrip("/")
        path = f"/{call.method}"
        return PreparedCall(
            call,
            url=f"{base}/bot{quote(token, safe=':')}{path}",
            shown_url=f"{base}/bot{mask(token) if token else ''}{path}",
            upload=upload,
            files_url=f"{base}/file/bot{quote(token, safe=':')}/" if downloads else None,
            mime_type=str(mime) if downloads and mime else None,
        )

    @staticmethod
    def _upload(ctx: ItemContext, call: BotCall) -> FormPart:
        """The item's binary file as the call's file field."""
        key = _UPLOAD_FIELDS[call.method]
        call.body.pop(key, None)
        name = str(ctx.param("binaryPropertyName") or "data")
        data, entry = ctx.binary_file(name, "Input Binary Field")
        return FormPart(
            key,
            data,
            file_name=str(entry.get("fileName") or key),
            content_type=str(entry.get("mimeType") or "application/octet-stream"),
        )

    def _refuse_unsupported(self, ctx: ItemContext, resource: str, operation: str) -> None:
        why = REFUSED.get((resource, operation))
        if ctx.param("binaryData") and resource == "message" and operation not in _UPLOADS:
            why = "only single files are uploaded from the item's binary data"
        if why:
            raise NodeOperationError(
                ctx.node_name,
                f'kflow does not run the Telegram operation "{operation}" of resource '
                f'"{resource}"{" with Binary File on" if ctx.param("binaryData") else ""}: '
                f"{why}",
                item_index=ctx.item_index,
                parameter="Binary File" if ctx.param("binaryData") else "Operation",
            )

    @staticmethod
    def is_idempotent(prepared: PreparedCall) -> bool:
        """Reads may be sent again after an ambiguous failure; sends and edits may not."""
        return prepared.call.method in _READS

    async def execute(
        self, ctx: ItemContext, prepared: PreparedCall, http: HttpClient
    ) -> list[dict[str, Any] | ItemWithFiles]:
        """Sends the call; Telegram's answer (or its `result` elements) as output json, and
        a downloaded file as the item's binary `data`."""
        if prepared.upload is not None:
            fields = tuple(
                FormPart(k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
                for k, v in prepared.call.body.items()
                if v is not None
            )
            request = HttpRequest("POST", prepared.url, form=(*fields, prepared.upload))
        else:
            request = HttpRequest("POST", prepared.url, json=prepared.call.body)
        try:
            response = await http.send(request)
        except TransportError as exc:
            raise NodeApiError(
                ctx.node_name,
                ctx.redactor.text(f"Telegram could not be reached: {exc}"),
                request=self._shown(prepared),
                item_index=ctx.item_index,
                sent=exc.sent,
            ) from None
        answer = response.json()
        if not response.ok:
            raise self._api_error(ctx, prepared, response.status, answer, response.text)
        if not isinstance(answer, dict):
            raise NodeApiError(
                ctx.node_name,
                "Telegram's answer is not a JSON object",
                http_code=response.status,
                request=self._shown(prepared),
                item_index=ctx.item_index,
                permanent=True,
            )
        if prepared.files_url is not None:
            return [await self._download(ctx, prepared, answer, http)]
        if prepared.call.split_result and isinstance(answer.get("result"), list):
            return [v if isinstance(v, dict) else {"data": v} for v in answer["result"]]
        return [answer]

    async def _download(
        self, ctx: ItemContext, prepared: PreparedCall, answer: dict[str, Any], http: HttpClient
    ) -> ItemWithFiles:
        """The file getFile named, as the item's binary `data` (getFile's answer as json)."""
        result = answer.get("result")
        path = result.get("file_path") if isinstance(result, dict) else None
        if not isinstance(path, str) or not path:
            raise NodeApiError(
                ctx.node_name,
                "Telegram's getFile answer names no file_path to download",
                request=self._shown(prepared),
                item_index=ctx.item_index,
                permanent=True,
            )
        assert prepared.files_url is not None
        request = HttpRequest("GET", prepared.files_url + quote(path), keep_bytes=True)
        try:
            response = await http.send(request)
        except TransportError as exc:
            raise NodeApiError(
                ctx.node_name,
                ctx.redactor.text(f"Telegram could not be reached: {exc}"),
                request=self._shown(prepared),
                item_index=ctx.item_index,
                sent=exc.sent,
            ) from None
        if not response.ok:
            raise self._api_error(ctx, prepared, response.status, None, response.text)
        name = path.rsplit("/", 1)[-1]
        mime = prepared.mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        entry = ctx.files.prepare(response.content, file_name=name, mime_type=mime)
        return ItemWithFiles(answer, {"data": entry})

    def _api_error(
        self, ctx: ItemContext, prepared: PreparedCall, status: int, answer: Any, text: str
    ) -> NodeApiError:
        said = answer.get("description") if isinstance(answer, dict) else None
        family = "The service failed to process your request"
        if 400 <= status < 500:
            family = "Your request is invalid or could not be processed by the service"
        retry = (
            answer.get("parameters", {}).get("retry_after") if isinstance(answer, dict) else None
        )
        shown = ctx.redactor.text(str(said)) if said is not None else None
        return NodeApiError(
            ctx.node_name,
            shown or _STATUS_MESSAGES.get(status, family),
            http_code=status,
            api_message=ctx.redactor.text(str(said if said is not None else text[:500])),
            description=shown,
            request=self._shown(prepared),
            item_index=ctx.item_index,
            retry_after=float(retry) if isinstance(retry, int | float) else None,
        )

    @staticmethod
    def _shown(prepared: PreparedCall) -> dict[str, Any]:
        return {"method": "POST", "url": prepared.shown_url}

    def error_output(
        self, ctx: ItemContext, prepared: PreparedCall | None, error: NodeError
    ) -> dict[str, Any]:
        """A failed item as n8n's Telegram node gives it: `{error: description or message}`."""
        return {"error": error.description or error.message}
