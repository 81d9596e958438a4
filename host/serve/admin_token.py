"""The token that guards serve's REST API (`/rest/...`).

It comes from the environment (`KFLOW_API_TOKEN`), else from a file only its owner can
read, else it is generated into that file. Callers send it as n8n's public API does, in
`X-N8N-API-KEY`, or as `Authorization: Bearer <token>`. The token itself is never put in
an error message or a repr.
"""

from __future__ import annotations

import errno
import hmac
import os
import re
import secrets
import stat
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = ["ENV_VAR", "MIN_LENGTH", "ApiToken", "load_api_token", "token_matches"]

ENV_VAR = "KFLOW_API_TOKEN"
MIN_LENGTH = 16
"""Characters a token needs at least, wherever it comes from."""

_PRINTABLE = re.compile(r"[\x21-\x7e]+")
"""Visible ASCII: what survives an HTTP header unchanged."""
_MAX_FILE_BYTES = 4096
_RACE_TRIES = 50
"""Reads of a file another process has just created but not yet written (10 ms apart)."""

Source = Literal["environment", "file", "generated"]


@dataclass(frozen=True)
class ApiToken:
    """The REST API's token and where it came from (`path` is None for the environment)."""

    value: str = field(repr=False)
    source: Source
    path: Path | None = None

    def describe(self) -> str:
        """Where the token came from, for serve's start-up line (never the token)."""
        if self.source == "environment":
            return f"from ${ENV_VAR}"
        if self.source == "generated":
            return f"generated in {self.path}"
        return f"read from {self.path}"


def load_api_token(*, environ: Mapping[str, str], path: Path) -> ApiToken:
    """The REST API's token: `$KFLOW_API_TOKEN` when set, else the file at `path`, else
    a new one written to `path` (mode 0600).

    Raises:
        ValueError: The variable or the file holds no usable token, the file can be read
            by other users, or it cannot be read or written.
    """
    if ENV_VAR in environ:
        return ApiToken(_checked(environ[ENV_VAR], f"${ENV_VAR}"), "environment")
    try:
        return ApiToken(_read(path), "file", path)
    except FileNotFoundError:
        pass
    return _generate(path)


def token_matches(given: str | None, token: str) -> bool:
    """Whether `given` is `token`, compared in constant time (for tokens of one length)."""
    if given is None:
        return False
    # surrogatepass: a header's undecodable bytes must compare, not raise or be replaced.
    return hmac.compare_digest(
        given.encode("utf-8", "surrogatepass"), token.encode("utf-8", "surrogatepass")
    )


class _EmptyFile(ValueError):
    """The token file holds nothing (yet, when another process is writing it)."""


def _checked(value: str, where: str) -> str:
    token = value.strip()
    if not token:
        raise ValueError(f"{where} is empty: the REST API needs a token")
    if len(token) < MIN_LENGTH:
        raise ValueError(
            f"{where} is too short: the REST API's token needs at least {MIN_LENGTH} characters"
        )
    if not _PRINTABLE.fullmatch(token):
        raise ValueError(
            f"{where}: the REST API's token may hold only visible ASCII characters (no "
            "spaces), so that it can be sent in a header"
        )
    return token


def _read(path: Path) -> str:
    """The token in the file at `path`, checked on the opened file (no race with a swap).

    Raises:
        FileNotFoundError: There is no file at `path`.
        ValueError: The file is not a private regular file holding a usable token.
    """
    # O_NONBLOCK: a FIFO put there must be refused below, not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ValueError(f"cannot read the REST API token file {path}: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"the REST API token file {path} is not a regular file")
        if os.name == "posix" and info.st_mode & 0o077:
            raise ValueError(
                f"the REST API token file {path} can be read or changed by other users "
                f"(mode {stat.S_IMODE(info.st_mode):04o}); run: chmod 600 {path}"
            )
        data = os.read(fd, _MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValueError(f"cannot read the REST API token file {path}: {_reason(exc)}") from None
    finally:
        os.close(fd)
    if len(data) > _MAX_FILE_BYTES:
        raise ValueError(f"the REST API token file {path} is larger than a token")
    if not data.strip():
        raise _EmptyFile(
            f"the REST API token file {path} is empty; put a token of at least {MIN_LENGTH} "
            "characters in it, or delete it to have one generated"
        )
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise ValueError(
            f"the REST API token file {path}: the token may hold only visible ASCII characters"
        ) from None
    return _checked(text, f"the REST API token file {path}")


def _generate(path: Path) -> ApiToken:
    """A new token written to `path`, created 0600 and only if nothing is there; when
    another process creates it first, the token it wrote."""
    token = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return ApiToken(_read_when_written(path), "file", path)
    except OSError as exc:
        raise ValueError(f"cannot create the REST API token file {path}: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(f"{token}\n".encode("ascii"))
            file.flush()
            os.fsync(file.fileno())
    except OSError as exc:
        path.unlink(missing_ok=True)  # an empty file would stop every later start
        raise ValueError(f"cannot write the REST API token file {path}: {_reason(exc)}") from None
    return ApiToken(token, "generated", path)


def _read_when_written(path: Path) -> str:
    """The token in a file that another process may have created a moment ago and not
    yet written."""
    for _ in range(_RACE_TRIES):
        try:
            return _read(path)
        except FileNotFoundError:
            # Created and removed again (its writer failed): nothing to wait for.
            raise ValueError(
                f"the REST API token file {path} appeared and vanished while kflow was "
                "creating it; start again"
            ) from None
        except _EmptyFile:
            time.sleep(0.01)
    return _read(path)


def _reason(exc: OSError) -> str:
    return exc.strerror or errno.errorcode.get(exc.errno or 0, "") or type(exc).__name__
