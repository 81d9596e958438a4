"""An Admin API operation described as data: route, parameters, wire mapping, answer shape.

A typical operation is one `Operation(...)`: the shared code in `declarative.py` turns its
fields into n8n properties, reads and converts the item's parameters, builds the request
and shapes the answer. Operations with real logic (reports, postbacks, cost pushes) stay
modules of code under `resources/`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Answer", "Field", "Kind", "Lookup", "Operation"]

Kind = Literal[
    "string",
    "int",
    "id_text",
    "number",
    "money",
    "bool",
    "object",
    "array",
    "strings",
    "int_list",
    "lines",
]
"""How a parameter's value is checked and written on the wire (see `wire.py`)."""

Answer = Literal["object", "list", "pages", "first"]
"""What the tracker answers: one object; a bare array (one item per row); a bare array
paged with `limit`/`offset` in the query (logs); or a one-element array holding the object
(clone, domain create/check/restore)."""


@dataclass(frozen=True)
class Field:
    """One value the operation sends: a parameter, or one key of a fields collection.

    Attributes:
        key: The name on the wire (body key or query name). Also the parameter's name,
            unless `param` gives another.
        label: The Russian display name.
        kind: How the value is checked and written.
        options: Allowed values, when the field is a choice.
        default: The property's default; a kind-appropriate empty value when None.
        description: Help text shown under the field.
        placeholder: Example text shown in an empty field.
        param: The parameter's name when it differs from `key`.
        secret: A password or key: asked for masked, and masked wherever the request is
            shown (URL echo, error messages).
    """

    key: str
    label: str
    kind: Kind = "string"
    options: tuple[str, ...] = ()
    default: Any = None
    description: str = ""
    placeholder: str = ""
    param: str | None = None
    secret: bool = False

    @property
    def name(self) -> str:
        """The parameter's name."""
        return self.param or self.key


@dataclass(frozen=True)
class Lookup:
    """How to find what a create made, when an interrupted run cannot tell (see
    `kflow.host.effects`): the list to read, and the body key that names the object.

    Attributes:
        path: The list's route; `{key}` placeholders are filled from the create's body.
        match: Body keys that name the object; the first one the body holds is compared
            (an alias before a name).
        query: Body keys sent along as the list's query.
    """

    path: str
    match: tuple[str, ...] = ("name",)
    query: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    """One Admin API operation of the Keitaro node.

    Attributes:
        resource: The resource value (`stream`).
        value: The operation value (`getMany`).
        label: The Russian display name (`Получить все`).
        description: One line of help.
        action: n8n's action text (`Get many streams`).
        method: HTTP method.
        path: The route under /admin_api/v1, placeholders in braces (`/streams/{id}`).
        idempotent: Whether sending it twice leaves the tracker as sending it once, so that
            it may be sent again after a 5xx or a lost connection. Declared by every
            operation, whatever its method: a clone is not idempotent even as a PUT.
        ids: Placeholder -> the Field (a required whole number) that fills it.
        query: Required fields sent in the query string.
        query_optional: Optional fields sent in the query string when given.
        required: Top-level fields sent in the body, each required.
        optional: Fields offered in a collection; the ones set go into the body.
        collection: The collection's name: additionalFields, or updateFields for updates
            (which must change at least one field).
        answer: The shape of the tracker's answer.
        unwrap: The key holding the answer, when the tracker wraps it (`{"data": …}`).
        example: Parameters that run as they are against the sandbox.
        notice: A notice shown above the parameters, when there is something to warn of.
        lookup: How to find the object a create made (creates only).
        reads: Whether it changes nothing on the tracker, so that a dry run of writes
            sends it: needed only for a read that is no GET (`POST /logs/types`); None:
            a GET reads, other methods write.
    """

    resource: str
    value: str
    label: str
    description: str
    action: str
    method: str
    path: str
    idempotent: bool
    ids: Mapping[str, Field] = field(default_factory=dict)
    query: tuple[Field, ...] = ()
    query_optional: tuple[Field, ...] = ()
    required: tuple[Field, ...] = ()
    optional: tuple[Field, ...] = ()
    collection: Literal["additionalFields", "updateFields"] = "additionalFields"
    answer: Answer = "object"
    unwrap: str | None = None
    example: Mapping[str, Any] = field(default_factory=dict)
    notice: str = ""
    lookup: Lookup | None = None
    reads: bool | None = None

    @property
    def reads_only(self) -> bool:
        """Whether the operation changes nothing on the tracker (declared, else GET)."""
        return self.reads if self.reads is not None else self.method.upper() == "GET"

    @property
    def sends_body(self) -> bool:
        return bool(self.required or self.optional)
