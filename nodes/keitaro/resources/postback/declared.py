"""The postback operations that are data: the received and sent postback logs."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.model import Field, Operation, Wire

__all__ = ["DECLARED"]

SEARCH = Field(
    "query",
    "Поиск",
    "trimmed",
    param="search",
    description="Only lines containing this text, e.g. a subid",
)


def _log(value: str, label: str, description: str, action: str, log_type: str) -> Operation:
    """A tracker log read newest lines first, paged with `limit`/`offset`."""
    return Operation(
        resource="postback",
        value=value,
        label=label,
        description=description,
        action=action,
        wire=Wire(
            "GET",
            f"/logs/{log_type}",
            answer="pages",
            query_optional=(SEARCH,),
            idempotent=True,
        ),
        example={"limit": 20},
    )


DECLARED = (
    _log(
        "getReceivedLog",
        "Лог полученных",
        "Lines of the received-postbacks log: what arrived and what became of it "
        '("SubID not found", ignored status changes, …)',
        "Get the received postbacks log",
        "postbacks",
    ),
    _log(
        "getSentLog",
        "Лог отправленных",
        "Lines of the sent-postbacks log: the postbacks the tracker sent to traffic sources",
        "Get the sent postbacks log",
        "sent_postbacks",
    ),
)
