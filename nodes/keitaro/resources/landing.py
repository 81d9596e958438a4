"""Resource `landing`: a landing page: list, get, create, update, archive, clone, a local
landing's files and its zip archive."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.download import Download
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity
from kflow.nodes.keitaro.resources.shared.local_files import file_operations

__all__ = ["DECLARED", "DOWNLOAD", "LABEL", "OPERATIONS"]

LABEL = {"name": "Лендинг", "value": "landing", "description": "A landing page"}

LANDING = Entity(
    "landing",
    "landing page",
    "/landing_pages",
    Field("id", "ID Лендинга", "int", param="landingId"),
)

NAME = Field("name", "Название")
LANDING_FIELDS = (
    Field("landing_type", "Тип лендинга", options=("external", "local", "preloaded", "action")),
    Field(
        "action_type",
        "Тип действия",
        options=("http", "local_file", "curl", "status404", "show_text", "show_html"),
    ),
    Field("url", "URL"),
    Field("action_payload", "Значение действия"),
    Field("group_id", "ID Группы", "id_text", description="Sent as text, as trackers take it"),
    Field("state", "Состояние", options=("active", "disabled")),
    Field("notes", "Заметки"),
)

DOWNLOAD = Download("landing", "landing page", "/landing_pages", "landingId", "ID Лендинга")

DECLARED = (
    LANDING.get_many(),
    LANDING.get(),
    LANDING.create(
        (NAME,),
        LANDING_FIELDS,
        {
            "name": "Quiz",
            "additionalFields": {"landing_type": "external", "url": "https://lp.example.test/quiz"},
        },
    ),
    LANDING.update((NAME, *LANDING_FIELDS), {"updateFields": {"notes": "v2"}}),
    LANDING.archive(),
    LANDING.clone("PUT"),
    *file_operations(LANDING),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable((*DECLARED, DOWNLOAD))
"""Operation value -> handler, in menu order."""
