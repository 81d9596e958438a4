"""Resource `group`: a group of campaigns, offers or landings: list, create, update, delete."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field, Lookup
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {
    "name": "Группа",
    "value": "group",
    "description": "A group of campaigns, offers or landings",
}

GROUP = Entity("group", "group", "/groups", Field("id", "ID Группы", "int", param="groupId"))

NAME = Field("name", "Название")
GROUP_TYPE = Field("type", "Тип группы", options=("campaigns", "offers", "landings"))

DECLARED = (
    GROUP.get_many(
        "List the groups of one kind", query=(GROUP_TYPE,), example={"type": "campaigns"}
    ),
    GROUP.create(
        (NAME, GROUP_TYPE),
        (),
        {"name": "Nutra", "type": "offers"},
        lookup=Lookup("/groups", ("name",), query=("type",)),
    ),
    GROUP.update((NAME, GROUP_TYPE), {"updateFields": {"name": "Nutra EU"}}),
    GROUP.delete("/delete"),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
