"""Resource `trafficSource`: list, get, create, update, archive, clone."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {"name": "Источник трафика", "value": "trafficSource", "description": "A traffic source"}

SOURCE = Entity(
    "trafficSource",
    "traffic source",
    "/traffic_sources",
    Field("id", "ID Источника", "int", param="trafficSourceId"),
)

NAME = Field("name", "Название")
SOURCE_FIELDS = (
    Field(
        "postback_url",
        "Postback URL",
        description="Where the tracker reports conversions back to the source",
    ),
    Field("postback_statuses", "Статусы для постбека", "strings", placeholder="lead, sale"),
    Field("template_name", "Шаблон"),
    Field("accept_parameters", "Принимать параметры", "bool"),
    Field(
        "parameters",
        "Параметры",
        "object",
        description='JSON object, e.g. {"keyword": {"name": "kw", "placeholder": "{kw}"}}',
    ),
    Field("notes", "Заметки"),
    Field("state", "Состояние", options=("active", "disabled")),
    Field("traffic_loss", "Потеря трафика, %", "number"),
)

DECLARED = (
    SOURCE.get_many(),
    SOURCE.get(),
    SOURCE.create(
        (NAME,),
        SOURCE_FIELDS,
        {
            "name": "PropellerAds",
            "additionalFields": {"postback_statuses": "lead, sale", "traffic_loss": "2.5"},
        },
    ),
    SOURCE.update((NAME, *SOURCE_FIELDS), {"updateFields": {"state": "disabled"}}),
    SOURCE.archive(),
    SOURCE.clone(),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
