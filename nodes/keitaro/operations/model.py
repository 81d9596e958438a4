"""Keitaro operations described as data: fields and their kinds, the Wire (a request as
both hosts build it), and the Operation (a Wire with its menu entry, example and lookup).

A typical operation is one `Operation(...)`: the shared code in `declarative.py` turns its
Wire's fields into n8n properties and shapes the answer, and `interpreter.py` builds the
request from the Wire. Operations whose properties or answers need more (reports, logs,
cost pushes, postbacks) are modules in their resource's package under `resources/` that
declare a Wire of their own: every request, in both hosts, is built from a declaration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Answer", "Api", "Field", "Kind", "Lookup", "Operation", "Ordered", "Wire"]

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
    "trimmed",
    "subid",
    "sub_id_map",
    "postback_key",
    "campaign_id",
    "labelled_values",
    "timezone",
    "period_start",
    "period_end",
    "nonnegative",
    "currency",
    "truthy",
    "cost_filters",
    "id_list",
    "flag",
    "cost_entries",
    "raw",
    "choices",
    "range",
    "filters",
    "sort",
    "report_sort",
    "dimensions",
    "measures",
    "lower",
    "amount",
    "click_id",
    "click_data",
]
"""How a parameter's value is checked and written on the wire (see `wire.py`)."""

Api = Literal["admin", "tracker"]
"""Where the request goes: the Admin API (/admin_api/v1, with the API key) or the
tracker's own URLs (postbacks, sub ID updates; no API key)."""

Answer = Literal["object", "list", "pages", "first", "rows", "binary"]
"""What the tracker answers: one object; a bare array (one item per row); a bare array
paged with `limit`/`offset` in the query (logs); a one-element array holding the object
(clone, domain create/check/restore); `{rows, total}` paged in the body (reports, click
and conversion logs); or a file (downloads). Declared operations use the first four."""


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
        param: The parameter's name when it differs from `key`; a dotted name reads
            into a collection (`additionalFields.tid`).
        secret: A password or key: asked for masked, and masked wherever the request is
            shown (URL echo, error messages).
        fallback: The keitaroApi credential's field read when the parameter is empty
            (the postback key).
        spread: The value is an object whose entries become query parameters themselves
            (sub IDs), rather than one parameter named `key`.
        pairs: The parameter each of the field's values is mapped to: the wire value is
            `{value: <that parameter>}` (labels: each value → the chosen label).
        uses: Fields whose wire values the kind also takes (a period's time zone; cost
            entries' time zone and currency); they are read, and checked, first.
        renamed: `(option, value, key)`: the key on the wire when the options collection
            sets `option` to `value` (a report's legacy names, grouping / metrics).
        omit_when: Values that mean "not given", as the parameter or as its wire value:
            the field is left out of the body (a campaign ID of 0: every campaign; empty
            cost filters).
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
    fallback: str | None = None
    spread: bool = False
    pairs: str | None = None
    uses: tuple[Field, ...] = ()
    omit_when: tuple[Any, ...] = ()
    renamed: tuple[str, str, str] | None = None

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
    """One Admin API operation of the Keitaro node that is data throughout: its menu entry
    and its Wire, from which the shared code in `declarative.py` makes its properties, body
    schema and answer handling.

    Attributes:
        resource: The resource value (`stream`).
        value: The operation value (`getMany`).
        label: The Russian display name (`Получить все`).
        description: One line of help.
        action: n8n's action text (`Get many streams`).
        wire: Its request: route, fields, answer shape, idempotency.
        schema: The name of the JSON Schema (under kflow.schemas) the body follows, when
            the wire's `body` gives it; otherwise the schema is derived from the fields.
        example: Parameters that run as they are against the sandbox.
        notice: A notice shown above the parameters, when there is something to warn of.
        lookup: How to find the object a create made (creates only).
    """

    resource: str
    value: str
    label: str
    description: str
    action: str
    wire: Wire
    schema: str | None = None
    example: Mapping[str, Any] = field(default_factory=dict)
    notice: str = ""
    lookup: Lookup | None = None

    @property
    def reads_only(self) -> bool:
        """Whether the operation changes nothing on the tracker (declared, else GET)."""
        wire = self.wire
        return wire.reads_only if wire.reads_only is not None else wire.method.upper() == "GET"

    @property
    def sends_body(self) -> bool:
        wire = self.wire
        return bool(wire.required or wire.optional or wire.body)


@dataclass(frozen=True)
class Ordered:
    """A rule between two body values: `first` must not be after `then` (a period's
    bounds), checked as soon as `then` is read.

    Attributes:
        first: The earlier value's key.
        then: The later value's key.
        label: The parameter named when they are out of order.
        cause: What the message says.
    """

    first: str
    then: str
    label: str
    cause: str = "ends before the start"


@dataclass(frozen=True)
class Wire:
    """How one operation's request is built, as both hosts read it: kflow's route and the
    n8n package's SPEC entry derive from it, so method and path are stated once.

    Declared operations hold theirs in their Operation; the others declare one (`WIRE`)
    and prepare with the same interpreter (operations/interpreter.py; runtime.js in n8n).

    Attributes:
        method: HTTP method.
        path: The route, placeholders in braces: under /admin_api/v1, or on the tracker
            itself when `api` is "tracker" (`/{postbackKey}/postback`).
        api: Admin API or the tracker's own URLs.
        answer: The shape of the tracker's answer.
        ids: Placeholder -> the Field that fills it.
        query: Required fields sent in the query string.
        query_optional: Optional fields sent in the query string when given.
        required: Top-level fields sent in the body, each required.
        optional: Fields offered in a collection; the ones set go into the body.
        collection: The collection's name: additionalFields, or updateFields for updates
            (which must change at least one field).
        body: A parameter that is the whole body (a JSON object), instead of
            `required`/`optional`.
        unwrap: The key holding the answer, when the tracker wraps it (`{"data": …}`).
        fixed_query: Query values every request sends, first (shown in the route).
        ordered: Rules between body values (bounds in order).
        read_first: Parameters checked before the rest, in this order (so that an item
            with several faults is refused for the same one as before); the request is
            still written in declared order.
        idempotent: Whether sending it twice leaves the tracker as sending it once, so that
            it may be sent again after a 5xx or a lost connection. Required, whatever the
            method (a clone is not idempotent even as a PUT), so that no operation is
            retried by default.
        idempotent_with: A query key whose presence alone makes it idempotent (a
            postback's tid), overriding `idempotent`.
        reads_only: Whether it changes nothing (None: a GET reads, other methods write).
        options: What the n8n runtime reads besides the fields (a download's
            `fallbackName`).
    """

    method: str
    path: str
    api: Api = "admin"
    answer: Answer = "object"
    ids: Mapping[str, Field] = field(default_factory=dict)
    query: tuple[Field, ...] = ()
    query_optional: tuple[Field, ...] = ()
    required: tuple[Field, ...] = ()
    optional: tuple[Field, ...] = ()
    collection: Literal["additionalFields", "updateFields"] = "additionalFields"
    body: Field | None = None
    unwrap: str | None = None
    fixed_query: Mapping[str, str | int] = field(default_factory=dict)
    ordered: tuple[Ordered, ...] = ()
    read_first: tuple[str, ...] = ()
    idempotent: bool = field(kw_only=True)
    idempotent_with: str | None = None
    reads_only: bool | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def route(self) -> dict[str, str]:
        """`{method, path}` (and `api` for the tracker's URLs), as `kflow describe keitaro
        --format routes` and the README print it."""
        path = self.path
        if self.fixed_query:
            path += "?" + "&".join(f"{k}={v}" for k, v in self.fixed_query.items())
        route = {"method": self.method, "path": path}
        if self.api == "tracker":
            route["api"] = "tracker"
        return route
