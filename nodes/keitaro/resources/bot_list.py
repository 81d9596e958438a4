"""Resource `botList`: the IPs the tracker treats as bots: get, add, exclude, replace, clear."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {
    "name": "Бот-лист",
    "value": "botList",
    "description": "The IPs the tracker treats as bots",
}

BOTLIST = Entity("botList", "bot list", "/botlist", Field("id", "ID", "int"))

IPS = Field(
    "value",
    "IP-адреса",
    "lines",
    placeholder="1.2.3.4\n5.6.7.0/24",
    description="One IP address or range a line (commas also separate)",
)
_IPS_EXAMPLE = {"value": "203.0.113.7\n198.51.100.0/24"}

DECLARED = (
    BOTLIST.op(
        "get",
        "Получить",
        "The bot list: one IP or range a line",
        "GET",
        by_id=False,
        action="Get the bot list",
        idempotent=True,
    ),
    BOTLIST.op(
        "add",
        "Добавить",
        "Add IPs to the bot list",
        "POST",
        "/add",
        by_id=False,
        required=(IPS,),
        example=_IPS_EXAMPLE,
        idempotent=True,
        action="Add IPs to the bot list",
    ),
    BOTLIST.op(
        "exclude",
        "Исключить",
        "Remove IPs from the bot list",
        "POST",
        "/exclude",
        by_id=False,
        required=(IPS,),
        example={"value": "10.0.0.1"},
        idempotent=True,
        action="Remove IPs from the bot list",
    ),
    BOTLIST.op(
        "replace",
        "Заменить",
        "Replace the whole bot list",
        "PUT",
        by_id=False,
        required=(IPS,),
        example=_IPS_EXAMPLE,
        action="Replace the bot list",
        idempotent=True,
    ),
    BOTLIST.op(
        "clear",
        "Очистить",
        "Empty the bot list",
        "DELETE",
        by_id=False,
        action="Clear the bot list",
        idempotent=True,
    ),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
