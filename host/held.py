"""Dry runs: a request held back instead of sent, shown as it would have gone.

`HttpClient.send` holds a request when the run's dry run says so (`DryRun`): it records a
`HeldRequest` (secret headers masked, the body shown) and raises `RequestHeld`. The engine
turns that into the item's output, so the flow goes on and shows what would have happened.
`RequestHeld` is deliberately not a TransportError, KflowError or NodeError: code that
handles failures never takes a held request for one.
"""

from __future__ import annotations

import json
import sys
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any, Literal

from kflow.host import jsontext
from kflow.host.redaction import Redactor, mask

if TYPE_CHECKING:
    from kflow.host.http import HttpRequest

__all__ = [
    "DryRun",
    "HeldRequest",
    "RequestHeld",
    "announce",
    "held_request",
    "holds",
    "json_value",
]

DryRun = Literal["all", "writes"]
"""What a dry run holds back: `all` sends no request at all; `writes` sends the requests
that only read (GET, HEAD, OPTIONS, and those a node marks `reads_only`) and holds the rest."""

SECRET_HEADER_NAMES = frozenset(
    {"authorization", "proxy-authorization", "api-key", "x-api-key", "cookie"}
)
"""Headers masked in a held request even when the request does not mark them secret."""

_LINE_BODY = 400
"""Most characters of a body shown in the one-line notice (the output item has it all)."""


def holds(dry_run: DryRun | None, request: HttpRequest) -> bool:
    """Whether a run with this dry run holds the request back."""
    if dry_run is None:
        return False
    return dry_run == "all" or not request.only_reads


@dataclass(frozen=True)
class HeldRequest:
    """A request a dry run did not send, as it would have gone out.

    Attributes:
        method: HTTP method.
        url: Full URL (mask secrets by value before showing it: `masked`).
        headers: Headers, secret ones masked by name.
        body: The JSON body; `{"form": [field names]}` for a form; text; `<N bytes>` for
            binary data; None without a body. Amounts stay exact: a Decimal becomes a JSON
            number when a float holds it exactly, else a string of its digits.
    """

    method: str
    url: str = field(repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    body: Any = field(default=None, repr=False)

    def describe(self) -> dict[str, Any]:
        """`{url, method, headers, body}`, as outputs show it."""
        return {
            "url": self.url,
            "method": self.method,
            "headers": dict(self.headers),
            "body": self.body,
        }

    def masked(self, redactor: Redactor) -> HeldRequest:
        """The held request with every secret the run knows masked by value."""
        return HeldRequest(
            self.method,
            redactor.text(self.url),
            {redactor.text(k): redactor.text(v) for k, v in self.headers.items()},
            redactor.deep(self.body),
        )

    def line(self) -> str:
        """One line for the terminal: `dry run: would send PUT https://… {"cost":0.5}`."""
        text = f"dry run: would send {self.method} {self.url}"
        if self.body is None:
            return text
        shown = self.body if isinstance(self.body, str) else jsontext.dumps(self.body)
        shown = " ".join(shown.split()) if isinstance(self.body, str) else shown
        if len(shown) > _LINE_BODY:
            shown = f"{shown[:_LINE_BODY]}… ({len(shown) - _LINE_BODY} more characters)"
        return f"{text} {shown}"


class RequestHeld(Exception):
    """A dry run held this request back: nothing was sent.

    Not a failure: retries, continue-on-fail and onError leave it alone; the engine turns
    it into the item's output (`{dryRun: true, request, input}`).

    Attributes:
        held: The request as it would have gone.
    """

    def __init__(self, held: HeldRequest) -> None:
        # Not the URL: it may hold a secret that only the run's Redactor knows.
        super().__init__(f"a dry run held back a {held.method} request")
        self.held = held


def held_request(request: HttpRequest) -> HeldRequest:
    """The request as a dry run shows it: secret headers masked by name (the request's
    `secret_headers` and the usual credential headers), the body described."""
    secret = {name.lower() for name in request.secret_headers} | SECRET_HEADER_NAMES
    headers = {
        name: _masked_header(value) if name.lower() in secret else value
        for name, value in request.headers.items()
    }
    return HeldRequest(request.method.upper(), request.url, headers, _body(request))


def announce(held: HeldRequest, redactor: Redactor, out: IO[str] | None = None) -> None:
    """Prints the held request's line on stderr (`kflow: dry run: would send …`), secrets
    masked."""
    print(f"kflow: {redactor.text(held.line())}", file=out or sys.stderr, flush=True)


def _masked_header(value: str) -> str:
    scheme, _, rest = value.partition(" ")
    if rest and scheme.lower() in ("bearer", "basic", "digest", "token"):
        return f"{scheme} {mask(rest)}"
    return mask(value)


def _body(request: HttpRequest) -> Any:
    if request.form is not None:
        return {
            "form": [
                part.name
                if part.file_name is None and part.content_type is None
                else f"{part.name} ({part.file_name or 'file'}, {len(part.value)} bytes)"
                for part in request.form
            ]
        }
    if request.data is not None:
        return _data(request.data, _content_type(request.headers))
    if request.json is not None:
        return json_value(request.json)
    return None


def _data(data: bytes, content_type: str) -> Any:
    if "x-www-form-urlencoded" in content_type:
        try:
            pairs = urllib.parse.parse_qsl(data.decode(), keep_blank_values=True)
        except UnicodeDecodeError:
            return f"<{len(data)} bytes>"
        return {"form": list(dict.fromkeys(name for name, _ in pairs))}
    try:
        text = data.decode()
    except UnicodeDecodeError:
        return f"<{len(data)} bytes>"
    if "json" in content_type:
        try:
            return json_value(json.loads(text, parse_float=Decimal))
        except ValueError:
            return text
    textual = not content_type or content_type.startswith("text/") or "xml" in content_type
    if textual and all(c.isprintable() or c in "\r\n\t" for c in text):
        return text
    return f"<{len(data)} bytes>"


def _content_type(headers: dict[str, str]) -> str:
    return next((v for k, v in headers.items() if k.lower() == "content-type"), "").lower()


def json_value(value: Any) -> Any:
    """`value` as the standard JSON encoder writes it, amounts kept exact: a Decimal becomes
    an int, or a float when one holds it exactly, else a string of its digits."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else jsontext.decimal_literal(value)
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    return value
