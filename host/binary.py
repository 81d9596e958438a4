"""Binary data as n8n models it: an item's `binary` maps a property name to a file.

An entry holds `mimeType`, `fileName`, `fileExtension`, `fileType`, `fileSize` (n8n's
human form, "1.2 kB"), `bytes` and `data` (base64). With a files folder (`--files-dir`,
always under `kflow serve`), a file larger than `inline_limit` is written inside it, under
`.kflow-binary/`, and the entry keeps `data: "filesystem"` and an `id` naming it; the bytes
are read back from there, and an `id` naming anything outside that folder is refused.
"""

from __future__ import annotations

import base64
import binascii
import math
import mimetypes
import os
import re
import uuid
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict

__all__ = [
    "BinaryEntry",
    "BinaryError",
    "BinaryStore",
    "file_type",
    "pretty_bytes",
]

INLINE_LIMIT = 1024 * 1024
REFERENCE_MODE = "filesystem"
_REFERENCE_PREFIX = "kflow-files:"
_STORE_FOLDER = ".kflow-binary"
_REFERENCE_NAME = re.compile(r"[0-9a-f]{32}")
_UNITS = ("B", "kB", "MB", "GB", "TB", "PB")
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
    (b"PK\x03\x04", "application/zip", "zip"),
)


class BinaryEntry(TypedDict, total=False):
    """One file on an item (n8n's IBinaryData)."""

    data: str
    mimeType: str
    fileType: str
    fileExtension: str
    fileName: str
    directory: str
    fileSize: str
    bytes: int
    id: str


class BinaryError(ValueError):
    """A binary entry that cannot be read (bad base64, a reference that is gone or
    points outside the store)."""


def pretty_bytes(size: int) -> str:
    """A byte count as n8n shows it: SI units, three significant digits ("1.2 kB")."""
    if size < 1:
        return f"{size} B"
    exponent = min(math.floor(math.log10(size) / 3), len(_UNITS) - 1)
    scaled = float(f"{size / 1000**exponent:.3g}")
    text = f"{scaled:.15g}"
    return f"{text} {_UNITS[exponent]}"


def file_type(mime_type: str) -> str | None:
    """n8n's coarse file type for a MIME type (json, html, image, audio, video, text, pdf)."""
    for prefix, kind in (
        ("application/json", "json"),
        ("text/html", "html"),
        ("image/", "image"),
        ("audio/", "audio"),
        ("video/", "video"),
        ("text/", "text"),
        ("application/javascript", "text"),
        ("application/pdf", "pdf"),
    ):
        if mime_type.startswith(prefix):
            return kind
    return None


def _sniff(data: bytes) -> tuple[str, str] | None:
    for signature, mime, extension in _SIGNATURES:
        if data.startswith(signature):
            return mime, extension
    return None


def _extension_for(mime_type: str) -> str | None:
    special = {"text/plain": "txt", "image/jpeg": "jpg", "application/json": "json"}
    base = mime_type.split(";", 1)[0].strip().lower()
    if base in special:
        return special[base]
    guessed = mimetypes.guess_extension(base)
    return guessed[1:] if guessed else None


class BinaryStore:
    """Makes and reads binary entries for a run.

    Args:
        root: The files folder; None keeps every file inline (base64 on the item).
        inline_limit: Files up to this many bytes stay inline even with a files folder.
    """

    def __init__(self, root: Path | None, inline_limit: int = INLINE_LIMIT) -> None:
        self.root = root.resolve() if root is not None else None
        self.inline_limit = inline_limit

    def __repr__(self) -> str:
        return f"BinaryStore(root={str(self.root) if self.root else None!r})"

    def prepare(
        self,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        directory: str | None = None,
    ) -> BinaryEntry:
        """An entry for `data`, as n8n's prepareBinaryData makes it: the MIME type given,
        else guessed from the file name, else from the bytes, else text/plain."""
        extension: str | None = None
        if not mime_type and file_name:
            mime_type = mimetypes.guess_type(file_name, strict=False)[0]
        if not mime_type:
            sniffed = _sniff(data)
            if sniffed:
                mime_type, extension = sniffed
        if not extension and mime_type:
            extension = _extension_for(mime_type)
        mime_type = mime_type or "text/plain"
        entry: BinaryEntry = {"mimeType": mime_type}
        kind = file_type(mime_type)
        if kind:
            entry["fileType"] = kind
        if extension:
            entry["fileExtension"] = extension
        if file_name:
            path = PurePosixPath(file_name)
            if directory:
                entry["directory"] = directory
            elif str(path.parent) not in ("", "."):
                entry["directory"] = str(path.parent)
            entry["fileName"] = path.name
            if path.suffix:
                entry["fileExtension"] = path.suffix[1:]
        return self.store(data, entry)

    def store(self, data: bytes, entry: BinaryEntry) -> BinaryEntry:
        """`entry` with `data` set: base64, or a reference in the files folder."""
        result: BinaryEntry = {**entry}
        result.pop("id", None)
        result["fileSize"] = pretty_bytes(len(data))
        result["bytes"] = len(data)
        if self.root is None or len(data) <= self.inline_limit:
            result["data"] = base64.b64encode(data).decode("ascii")
            return result
        folder = self.root / _STORE_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
        result["data"] = REFERENCE_MODE
        result["id"] = _REFERENCE_PREFIX + name
        return result

    def read(self, entry: BinaryEntry | dict[str, Any]) -> bytes:
        """The bytes of an entry.

        Raises:
            BinaryError: Its base64 is broken, or its reference is unknown, gone, or not
                in this run's files folder.
        """
        reference = entry.get("id")
        if reference:
            return self._read_reference(str(reference))
        data = entry.get("data")
        if not isinstance(data, str):
            raise BinaryError("the binary entry has no data")
        try:
            return base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError) as error:
            raise BinaryError(f"the binary data is not valid base64 ({error})") from None

    def _read_reference(self, reference: str) -> bytes:
        name = reference.removeprefix(_REFERENCE_PREFIX)
        if (
            self.root is None
            or not reference.startswith(_REFERENCE_PREFIX)
            or not _REFERENCE_NAME.fullmatch(name)
        ):
            raise BinaryError(f"binary data {reference!r} is not stored in this run's files")
        try:
            return (self.root / _STORE_FOLDER / name).read_bytes()
        except OSError as error:
            raise BinaryError(f"binary data {reference!r} cannot be read: {error}") from None
