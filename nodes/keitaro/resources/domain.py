"""Resource `domain`: a tracker domain: list, get, create, update, archive, check, restore."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {"name": "Домен", "value": "domain", "description": "A tracker domain"}

DOMAIN = Entity("domain", "domain", "/domains", Field("id", "ID Домена", "int", param="domainId"))

NAME = Field("name", "Название")
HTTPS = Field(
    "is_ssl",
    "HTTPS",
    "bool",
    description="Whether the domain is served over HTTPS (the 2022 spec requires it on create)",
)
DOMAIN_CREATE = (
    Field("default_campaign_id", "ID Кампании по умолчанию", "int"),
    Field("wildcard", "Все поддомены", "bool"),
    Field("catch_not_found", "Ловить 404", "bool"),
    Field("ssl_redirect", "Редирект на HTTPS", "bool"),
    Field("allow_indexing", "Разрешить индексацию", "bool", default=True),
    Field("notes", "Заметки"),
)
DOMAIN_UPDATE = (
    NAME,
    HTTPS,
    Field("default_campaign_id", "ID Кампании по умолчанию", "int"),
    Field("state", "Состояние", options=("active",)),
    Field("catch_not_found", "Ловить 404", "bool"),
    Field("notes", "Заметки"),
)

DECLARED = (
    DOMAIN.get_many(),
    DOMAIN.get(),
    DOMAIN.create(
        (NAME, HTTPS),
        DOMAIN_CREATE,
        {
            "name": "track.example.test",
            "is_ssl": True,
            "additionalFields": {"default_campaign_id": 1},
        },
        answer="first",
    ),
    DOMAIN.update(DOMAIN_UPDATE, {"updateFields": {"catch_not_found": True}}),
    DOMAIN.archive(),
    DOMAIN.op(
        "check",
        "Проверить",
        "Check the domain's DNS and certificate again",
        "POST",
        "/check",
        answer="first",
        idempotent=True,
        action="Check a domain",
    ),
    DOMAIN.restore(answer="first", example={"domainId": 3}),
    DOMAIN.get_archived(),
)

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
