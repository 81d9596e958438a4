"""Resource `user`: a tracker user: list, get, create, update, delete, access."""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.operations.verbs import Entity

__all__ = ["DECLARED", "LABEL", "OPERATIONS"]

LABEL = {"name": "Пользователь", "value": "user", "description": "A tracker user"}

USER = Entity("user", "user", "/users", Field("id", "ID Пользователя", "int", param="userId"))

PASSWORD = Field("new_password", "Пароль", secret=True)
PASSWORD_AGAIN = Field("new_password_confirmation", "Пароль ещё раз", secret=True)
USER_TYPE = Field("type", "Тип", options=("USER", "ADMIN"))
PREFERENCES = Field(
    "preferences",
    "Настройки",
    "object",
    description='JSON object, e.g. {"language": "ru", "timezone": "UTC"}',
)

DECLARED = (
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

OPERATIONS: dict[str, KeitaroOperation] = runnable(DECLARED)
"""Operation value -> handler, in menu order."""
