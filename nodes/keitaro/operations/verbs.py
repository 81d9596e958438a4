"""Builders for the operations most resources share: list, get, create, update, archive…

Each returns an Operation; a resource's module under resources/ lists what it offers and
adds its own.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kflow.nodes.keitaro.operations.model import Answer, Field, Lookup, Operation, Wire

__all__ = ["Entity"]

_WIRE_FIELDS = frozenset(f.name for f in dataclasses.fields(Wire))
"""The keywords of an operation that describe its request (the rest describe the operation)."""


class Entity:
    """The shared verbs of one resource kept under one Admin API path.

    Args:
        resource: The resource value (`offer`).
        noun: English singular for descriptions (`offer`).
        path: The collection path (`/offers`).
        ident: The ID parameter.
        example_id: An ID the sandbox holds, for examples.
    """

    def __init__(
        self, resource: str, noun: str, path: str, ident: Field, example_id: int = 1
    ) -> None:
        self.resource = resource
        self.noun = noun
        self.path = path
        self.ident = ident
        self.example_id = example_id

    def op(
        self,
        value: str,
        label: str,
        description: str,
        method: str,
        suffix: str = "",
        *,
        idempotent: bool,
        by_id: bool = True,
        answer: Answer = "object",
        example: dict[str, Any] | None = None,
        **more: Any,
    ) -> Operation:
        """An operation on the collection (`by_id=False`) or on one entity, plus `suffix`.

        `idempotent` says whether sending it twice leaves the tracker as sending it once:
        only then is it sent again after a 5xx or a lost connection.
        """
        path = more.pop("path", None) or (
            f"{self.path}/{{id}}{suffix}" if by_id else f"{self.path}{suffix}"
        )
        base = {self.ident.name: self.example_id} if by_id else {}
        action = more.pop("action", None) or _action(value, self.noun)
        request = {name: more.pop(name) for name in list(more) if name in _WIRE_FIELDS}
        return Operation(
            resource=self.resource,
            value=value,
            label=label,
            description=description,
            action=action,
            wire=Wire(
                method,
                path,
                answer=answer,
                ids=request.pop("ids", None) or ({"id": self.ident} if by_id else {}),
                idempotent=idempotent,
                **request,
            ),
            example={**base, **(example or {})},
            **more,
        )

    def get_many(self, description: str = "", **more: Any) -> Operation:
        return self.op(
            "getMany",
            "Получить все",
            description or f"List the {self.noun}s",
            "GET",
            idempotent=True,
            by_id=False,
            answer="list",
            **more,
        )

    def get(self, description: str = "") -> Operation:
        return self.op(
            "get", "Получить", description or f"Get one {self.noun} by ID", "GET", idempotent=True
        )

    def create(
        self,
        required: tuple[Field, ...],
        optional: tuple[Field, ...],
        example: dict[str, Any],
        *,
        match: tuple[str, ...] = ("name",),
        **more: Any,
    ) -> Operation:
        """A create; an interrupted run finds its object in the collection by `match`."""
        more.setdefault("lookup", Lookup(self.path, match))
        return self.op(
            "create",
            "Создать",
            f"Create a {self.noun}; the tracker answers 406 with per-field messages when a "
            "field is not acceptable",
            "POST",
            idempotent=False,
            by_id=False,
            required=required,
            optional=optional,
            example=example,
            **more,
        )

    def update(
        self, optional: tuple[Field, ...], example: dict[str, Any], **more: Any
    ) -> Operation:
        return self.op(
            "update",
            "Обновить",
            f"Change some fields of a {self.noun}; the others stay as they are",
            "PUT",
            idempotent=True,
            optional=optional,
            collection="updateFields",
            example=example,
            **more,
        )

    def archive(self, suffix: str = "", **more: Any) -> Operation:
        return self.op(
            "archive",
            "Архивировать",
            f"Move a {self.noun} to the archive (Keitaro's delete)",
            "DELETE",
            suffix,
            idempotent=True,
            **more,
        )

    def delete(self, suffix: str = "", **more: Any) -> Operation:
        return self.op(
            "delete", "Удалить", f"Delete a {self.noun}", "DELETE", suffix, idempotent=True, **more
        )

    def restore(self, **more: Any) -> Operation:
        return self.op(
            "restore",
            "Восстановить",
            f"Bring an archived {self.noun} back",
            "POST",
            "/restore",
            idempotent=True,
            **more,
        )

    def clone(self, method: str = "POST") -> Operation:
        """A clone makes a new object each time it is sent, whatever the method."""
        return self.op(
            "clone",
            "Клонировать",
            f'Copy a {self.noun}; the copy is named "Copy of …"',
            method,
            "/clone",
            idempotent=False,
            answer="first",
        )

    def state(self, value: str) -> Operation:
        label, word = {"enable": ("Включить", "active"), "disable": ("Выключить", "disabled")}[
            value
        ]
        return self.op(
            value,
            label,
            f"Set a {self.noun}'s state to {word}",
            "POST",
            f"/{value}",
            idempotent=True,
        )

    def get_archived(self) -> Operation:
        return self.op(
            "getArchived",
            "Получить архивные",
            f"List the archived {self.noun}s",
            "GET",
            "/deleted",
            idempotent=True,
            by_id=False,
            answer="list",
        )


def _action(value: str, noun: str) -> str:
    words = {
        "getMany": f"Get many {noun}s",
        "getArchived": f"Get archived {noun}s",
    }
    if value in words:
        return words[value]
    verb = "".join(" " + c.lower() if c.isupper() else c for c in value).strip()
    return f"{verb.capitalize()} a {noun}"
