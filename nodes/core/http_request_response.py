"""HTTP Request 3-4.5: an answer → output items (autodetect, JSON, text, file; full)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from kflow.nodes.core.http_request_build import ResponseOptions
from kflow.nodes.core.js_values import json_stringify

__all__ = [
    "BINARY_TYPES",
    "Answer",
    "ResponseError",
    "answer_body",
    "file_entry",
    "items_of",
    "status_message",
]

BINARY_TYPES = (
    "image/",
    "audio/",
    "video/",
    "application/octet-stream",
    "application/gzip",
    "application/zip",
    "application/vnd.rar",
    "application/epub+zip",
    "application/x-bzip",
    "application/x-bzip2",
    "application/x-cdf",
    "application/vnd.amazon.ebook",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-fontobject",
    "application/vnd.oasis.opendocument.presentation",
    "application/pdf",
    "application/x-tar",
    "application/vnd.visio",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/x-7z-compressed",
)

_UNDEFINED = object()


class ResponseError(ValueError):
    """The answer cannot be read as the chosen format."""


@dataclass
class Answer:
    """One HTTP answer: status, lower-cased headers, raw body."""

    status: int
    reason: str
    headers: dict[str, str]
    content: bytes
    url: str

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


def status_message(answer: Answer) -> str:
    return answer.reason


def _try_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return _UNDEFINED


def answer_body(answer: Answer, options: ResponseOptions) -> tuple[str, Any]:
    """The format the answer is read as, and its body (bytes for a file; _UNDEFINED for
    an empty text)."""
    kind = answer.content_type
    if options.format == "autodetect":
        if "application/json" in kind:
            text = answer.text
            if not text.strip():
                return "json", {}
            found = _try_json(text)
            if found is _UNDEFINED:
                if options.never_error:
                    return "json", {}
                raise ResponseError("Invalid JSON in response body")
            return "json", found
        if any(t in kind for t in BINARY_TYPES):
            return "file", answer.content
        text = answer.text
        return "text", text if text else _UNDEFINED
    if options.format == "file":
        return "file", answer.content
    text = answer.text
    found = _try_json(text) if text.strip() else _UNDEFINED
    if options.format == "json":
        if not text.strip():
            return "json", {}
        if found is _UNDEFINED:
            raise ResponseError(
                'Response body is not valid JSON. Change "Response Format" to "Text"'
            )
        return "json", found
    return "text", found if found is not _UNDEFINED and not isinstance(found, str) else (
        text if text else _UNDEFINED
    )


def _as_text(value: Any) -> Any:
    if value is _UNDEFINED:
        return _UNDEFINED
    if isinstance(value, dict | list):
        return json_stringify(value)
    if isinstance(value, str):
        return value
    return json_stringify(value)


def _meta(answer: Answer) -> dict[str, Any]:
    return {
        "headers": dict(answer.headers),
        "statusCode": answer.status,
        "statusMessage": answer.reason,
    }


def items_of(
    answer: Answer, options: ResponseOptions, index: int, source: dict[str, Any], make_file: Any
) -> list[dict[str, Any]]:
    """The output items of one answer to input item `index` (`source`: that item)."""
    kind, body = answer_body(answer, options)
    paired = {"item": index}
    if kind == "file":
        file = make_file(body, answer)
        json_part = _meta(answer) if options.full else dict(source.get("json", {}))
        binary = {**(source.get("binary") or {}), options.field: file}
        return [{"json": json_part, "binary": binary, "pairedItem": paired}]
    if kind == "text":
        text = _as_text(body)
        if options.full:
            data = {} if text is _UNDEFINED else {options.field: text}
            return [{"json": {**data, **_meta(answer)}, "pairedItem": paired}]
        return [{"json": {} if text is _UNDEFINED else {options.field: text}, "pairedItem": paired}]
    if options.full:
        return [{"json": {"body": body, **_meta(answer)}, "pairedItem": paired}]
    values = body if isinstance(body, list) else [body]
    return [{"json": _object(v), "pairedItem": paired} for v in values]


def _object(value: Any) -> Any:
    # n8n keeps a scalar element as the item's json; only null becomes {}.
    return {} if value is None else value


def file_entry(
    run: Any, data: bytes, answer: Answer, field: str, url_directory: bool
) -> dict[str, Any]:
    """The binary entry of a downloaded file: named by Content-Disposition or the URL's
    last segment; `directory` the URL (`url_directory`), else the folder it sits in."""
    mime = answer.content_type.split(" ")[0].split(";")[0] or None
    name = disposition = _disposition_name(answer.headers.get("content-disposition", ""))
    if name is None:
        name = answer.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or None
    entry = dict(run.binary.prepare(data, file_name=name, mime_type=mime))
    if url_directory:
        entry["directory"] = answer.url
    elif disposition is None:
        parts = answer.url.split("?")[0].rstrip("/").split("/")
        entry["directory"] = parts[-2] if len(parts) > 3 else ""
    if not entry.get("fileName") and entry.get("fileExtension"):
        entry["fileName"] = f"{field}.{entry['fileExtension']}"
    return entry


def _disposition_name(header: str) -> str | None:
    found = re.search(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', header)
    return found.group(1) if found else None
