"""A downloaded file as the node outputs it: its name, type and bytes (n8n's binary data)."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

__all__ = [
    "ZIP_MIME",
    "FileAnswer",
    "file_name",
    "is_zip",
    "mime_type",
    "valid_property_name",
]

ZIP_MIME = "application/zip"
_GENERIC = {"", "application/octet-stream", "binary/octet-stream", "application/x-download"}
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_PARAM = re.compile(r';\s*([A-Za-z*]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


@dataclass(frozen=True)
class FileAnswer:
    """What a download gives one output item.

    Attributes:
        data: The item's `data` (`{fileName, mimeType, size}`).
        binary: The item's `binary` (property name -> binary entry).
    """

    data: dict[str, Any]
    binary: dict[str, Any]


def _header(headers: dict[str, str], name: str) -> str:
    return next((v for k, v in headers.items() if k.lower() == name), "")


def file_name(headers: dict[str, str], fallback: str) -> str:
    """The file name a `Content-Disposition` header gives (a UTF-8 `filename*` before a plain
    `filename`, as RFC 6266 says), reduced to a bare name; `fallback` when it gives none."""
    params = {
        key.lower(): value.strip()
        for key, value in _PARAM.findall(_header(headers, "content-disposition"))
    }
    given = ""
    extended = params.get("filename*", "")
    if extended.lower().startswith("utf-8'"):
        given = urllib.parse.unquote(extended.split("'", 2)[-1], errors="replace")
    if not given:
        plain = params.get("filename", "")
        given = re.sub(r"\\(.)", r"\1", plain[1:-1]) if plain.startswith('"') else plain
    name = _CONTROL.sub("_", PurePosixPath(given.replace("\\", "/")).name).strip()
    return name if name.strip(". ") else fallback


def is_zip(data: bytes) -> bool:
    """Whether the bytes are a zip archive (a local file header, or an empty archive)."""
    return data.startswith(_ZIP_MAGIC)


def mime_type(headers: dict[str, str], data: bytes) -> str:
    """The file's MIME type: the answer's `Content-Type`, unless it is a generic one and the
    bytes are a zip (trackers send their zips as application/octet-stream)."""
    given = _header(headers, "content-type").split(";", 1)[0].strip().lower()
    if given in _GENERIC and is_zip(data):
        return ZIP_MIME
    return given or "application/octet-stream"


def valid_property_name(name: str) -> bool:
    """Whether `name` can name a binary property: not blank, no control characters."""
    return bool(name.strip()) and not _CONTROL.search(name)
