"""Assertions on what a node sent and on the items it output."""

from __future__ import annotations

from typing import Any

from kflow.host.items import Item, is_failure
from kflow.testing.transport import MemoryTransport, SentRequest

__all__ = ["ANY", "assert_error_item", "assert_sent"]


class _Any:
    def __eq__(self, other: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "ANY"


ANY: Any = _Any()
"""Matches any value (for assert_sent's json and query)."""


def assert_sent(
    transport: MemoryTransport,
    method: str,
    path: str,
    *,
    json: Any = ANY,
    query: dict[str, str] | None = None,
    times: int | None = None,
) -> SentRequest:
    """The request (method, path, JSON body, query) the transport received.

    Raises:
        AssertionError: None matched (or not `times` of them); lists what was sent.
    """
    found = [
        sent
        for sent in transport.sent
        if sent.method == method.upper()
        and sent.path == path
        and json == sent.json
        and (query is None or sent.query == query)
    ]
    if not found or (times is not None and len(found) != times):
        listing = "\n".join(
            f"  {s.method} {s.path} {s.query or ''} {s.json!r}" for s in transport.sent
        )
        wanted = f"{method.upper()} {path}" + (f" ×{times}" if times is not None else "")
        raise AssertionError(f"expected {wanted}; sent:\n{listing or '  nothing'}")
    return found[0]


def assert_error_item(
    item: Item, *, message: str | None = None, parameter: str | None = None
) -> dict[str, Any]:
    """The error an output item records (onError: continue…), checked.

    Raises:
        AssertionError: The item is not an error item, or its message or parameter differ.
    """
    data = item["json"]
    if not is_failure(data):
        raise AssertionError(f"not an error item: {data!r}")
    error: dict[str, Any] = data.get("error") or {}
    if message is not None and message not in str(error.get("message", "")):
        raise AssertionError(f"error message {error.get('message')!r} lacks {message!r}")
    if parameter is not None and error.get("parameter") != parameter:
        raise AssertionError(f"error names parameter {error.get('parameter')!r}, not {parameter!r}")
    return error
