"""Domains, groups and users."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.catalog.verbs import Entity
from kflow.nodes.keitaro.operations.model import Field, Lookup

__all__ = ["DOMAIN_OPERATIONS", "GROUP_OPERATIONS", "USER_OPERATIONS"]

DOMAIN = Entity("domain", "domain", "/domains", Field("id", "ID Домена", "int", param="domainId"))
GROUP = Entity("group", "group", "/groups", Field("id", "ID Группы", "int", param="groupId"))
USER = Entity("user", "user", "/users", Field("id", "ID Пользователя", "int", param="userId"))

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
GROUP_TYPE = Field("type", "Тип группы", options=("campaigns", "offers", "landings"))
PASSWORD = Field("new_password", "Пароль", secret=True)
PASSWORD_AGAIN = Field("new_password_confirmation", "Пароль ещё раз", secret=True)
USER_TYPE = Field("type", "Тип", options=("USER", "ADMIN"))
PREFERENCES = Field(
    "preferences",
    "Настройки",
    "object",
    description='JSON object, e.g. {"language": "ru", "timezone": "UTC"}',
)

DOMAIN_OPERATIONS = (
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

GROUP_OPERATIONS = (
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

USER_OPERATIONS = (
    USER.get_many("List the tracker's users (needs an admin key)"),
    USER.get(),
    USER.create(
        (Field("login", "Логин"), USER_TYPE, PASSWORD, PASSWORD_AGAIN),
        (PREFERENCES,),
        {
            "login": "buyer2",
            "type": "USER",
            "new_password": "s3cret-pass",
            "new_password_confirmation": "s3cret-pass",
        },
        match=("login",),
    ),
    USER.update(
        (Field("login", "Логин"), USER_TYPE, PASSWORD, PASSWORD_AGAIN, PREFERENCES),
        {"userId": 2, "updateFields": {"preferences": '{"language": "en"}'}},
    ),
    USER.delete(example={"userId": 2}),
    USER.op(
        "updateAccess",
        "Обновить доступ",
        "Set what a user may see and change",
        "PUT",
        "/access",
        required=(
            Field(
                "access_data",
                "Доступ",
                "object",
                description='JSON object, e.g. {"campaigns_access_type": "read_only"}',
            ),
        ),
        example={"userId": 2, "access_data": '{"campaigns_access_type": "read_only"}'},
        action="Update a user's access",
        idempotent=True,
    ),
)
