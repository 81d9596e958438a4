"""Resource `log`: the tracker's logs: read one, clear one, list their types."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {"name": "Лог", "value": "log", "description": "The tracker's logs"}

LOG = Entity("log", "log", "/logs", Field("id", "ID", "int"))
LOG_TYPE = Field(
    "type",
    "Тип лога",
    options=("postbacks", "sent_postbacks", "system", "traffic", "ssl"),
    param="logType",
)

DECLARED = (
    LOG.op(
        "get",
        "Получить",
        "Read a tracker log, newest lines first",
        "GET",
        path="/logs/{type}",
        ids={"type": LOG_TYPE},
        by_id=False,
        answer="pages",
        query_optional=(
            Field("query", "Поиск", description="Only lines containing this text, e.g. a subid"),
        ),
        example={"logType": "postbacks"},
        action="Get a log",
        idempotent=True,
    ),
    LOG.op(
        "clear",
        "Очистить",
        "Empty a tracker log",
        "DELETE",
        path="/logs/{type}",
        ids={"type": LOG_TYPE},
        by_id=False,
        example={"logType": "system"},
        action="Clear a log",
        idempotent=True,
    ),
    LOG.op(
        "getTypes",
        "Типы логов",
        "The kinds of log the tracker keeps",
        "POST",
        path="/logs/types",
        by_id=False,
        answer="list",
        idempotent=True,
        reads_only=True,
        action="Get the log types",
    ),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
