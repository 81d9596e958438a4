"""Declared operations made runnable: properties, request (through the interpreter), answer.

`Declared(op)` satisfies KeitaroOperation (operations/protocol.py), as a download and the
coded operation modules under resources/ do, so the node routes to all alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kflow.host import HttpClient, ItemContext, NodeApiError, NodeProperty, show_for
from kflow.nodes.keitaro.execution import fetch_list, fetch_one, fetch_pages, shaped
from kflow.nodes.keitaro.operations import wire
from kflow.nodes.keitaro.operations.interpreter import COLLECTION_LABELS, Prepare
from kflow.nodes.keitaro.operations.model import Field, Operation
from kflow.nodes.keitaro.operations.paging import limit_properties, options_property, read_paging
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.transport import KeitaroRequest, admin_request
from kflow.schemas import load_schema

__all__ = ["Declared", "body_schema", "runnable"]


class Declared:
    """An Operation made runnable: the node calls prepare, then execute."""

    def __init__(self, op: Operation) -> None:
        self.op = op
        self.OPERATION = {
            "name": op.label,
            "value": op.value,
            "description": op.description,
            "action": op.action,
        }
        self.PROPERTIES: list[NodeProperty] = show_for(op.resource, op.value, _properties(op))
        self.WIRE = op.wire
        self.ROUTE = self.WIRE.route
        self.EXAMPLE = dict(op.example)
        self.BODY_SCHEMA = body_schema(op) if op.sends_body else None
        self._prepare = Prepare(self.WIRE)

    def __repr__(self) -> str:
        return f"Declared({self.op.resource}/{self.op.value})"

    def prepare(self, ctx: ItemContext, base: str) -> KeitaroRequest:
        """Reads and converts the item's parameters into the request (no I/O)."""
        return self._prepare(ctx, base)

    async def execute(
        self, ctx: ItemContext, http: HttpClient, request: KeitaroRequest
    ) -> list[Any]:
        """The output data: one object, or one item per row of a list."""
        shape = self.WIRE
        if shape.answer == "pages":
            return await fetch_pages(ctx, http, request, **read_paging(ctx))
        if shape.answer == "list" and shape.unwrap is None:
            return await fetch_list(ctx, http, request, **read_paging(ctx))
        (answer,) = await fetch_one(ctx, http, request)
        if shape.unwrap is not None and isinstance(answer, dict) and shape.unwrap in answer:
            answer = answer[shape.unwrap]
        if shape.answer == "list":
            if not isinstance(answer, list):
                raise NodeApiError(
                    ctx.node_name,
                    f"the tracker answered {request.method} {request.path} with something "
                    "other than an array",
                    request=request.describe(ctx),
                    item_index=ctx.item_index,
                    permanent=True,
                )
            paging = read_paging(ctx)
            rows = answer if paging["limit"] is None else answer[: paging["limit"]]
            return shaped(rows, len(answer), split=paging["split"])
        if shape.answer == "first" and isinstance(answer, list) and len(answer) == 1:
            answer = answer[0]
        return [answer]

    async def find_created(
        self, ctx: ItemContext, base: str, http: HttpClient, request: KeitaroRequest
    ) -> dict[str, Any] | None:
        """The objects that carry the name the create sends, by ID (None: this operation
        or this item's body cannot be looked up)."""
        lookup = self.op.lookup
        body = request.body if isinstance(request.body, dict) else {}
        key = (
            next((k for k in lookup.match if body.get(k) not in (None, "")), None)
            if lookup
            else None
        )
        if lookup is None or key is None:
            return None
        try:
            path = lookup.path.format(**body)
        except KeyError:
            return None
        query = {k: body[k] for k in lookup.query if k in body}
        segments = tuple(part for part in path.split("/") if part)
        listing = admin_request(ctx, base, "GET", segments, None, query or None, idempotent=True)
        (rows,) = await fetch_one(ctx, http, listing)
        if not isinstance(rows, list):
            return None
        return {
            str(row.get("id")): row
            for row in rows
            if isinstance(row, dict) and str(row.get(key)) == str(body[key])
        }


def runnable(handlers: Iterable[Operation | KeitaroOperation]) -> dict[str, KeitaroOperation]:
    """A resource's operations by value, in menu order; declared ones made runnable."""
    made = [Declared(h) if isinstance(h, Operation) else h for h in handlers]
    return {handler.OPERATION["value"]: handler for handler in made}


def body_schema(op: Operation) -> dict[str, Any]:
    """The JSON Schema of the body this operation sends (its named schema, if it has one)."""
    if op.schema is not None:
        return load_schema(op.schema)
    request_wire = op.wire
    fields = (*request_wire.required, *request_wire.optional)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{op.resource} {op.value}: {request_wire.method} {request_wire.path}",
        "type": "object",
        "properties": {f.key: _json_type(f) for f in fields},
        "required": [f.key for f in request_wire.required],
        "additionalProperties": False,
        "minProperties": 1,
    }


def _json_type(spec: Field) -> dict[str, Any]:
    schema = dict(wire.JSON_TYPES[spec.kind])
    if spec.options:
        schema["enum"] = list(spec.options)
    return schema


def _property(spec: Field, *, required: bool = False) -> dict[str, Any]:
    prop: dict[str, Any] = {
        "displayName": spec.label,
        "name": spec.name,
        "type": "options" if spec.options else wire.N8N_TYPES[spec.kind],
        "default": spec.default if spec.default is not None else _default(spec),
    }
    if spec.options:
        prop["options"] = [{"name": value, "value": value} for value in spec.options]
    if required:
        prop["required"] = True
    if spec.kind in ("int", "id_text") and required:
        prop["typeOptions"] = {"minValue": 1}
    if spec.kind == "lines":
        prop["typeOptions"] = {"rows": 4}
    if spec.secret:
        prop["typeOptions"] = {"password": True}
    if spec.description:
        prop["description"] = spec.description
    if spec.placeholder:
        prop["placeholder"] = spec.placeholder
    return prop


def _default(spec: Field) -> Any:
    return spec.options[0] if spec.options else wire.empty_default(spec.kind)


def _properties(op: Operation) -> list[dict[str, Any]]:
    request_wire = op.wire
    props: list[dict[str, Any]] = []
    if op.notice:
        props.append({"displayName": op.notice, "name": "notice", "type": "notice", "default": ""})
    props += [_property(spec, required=True) for spec in request_wire.ids.values()]
    props += [_property(spec, required=True) for spec in request_wire.query]
    props += [_property(spec) for spec in request_wire.query_optional]
    props += [_property(spec, required=True) for spec in request_wire.required]
    if request_wire.body is not None:
        props.append(_property(request_wire.body, required=True))
    if request_wire.optional:
        props.append(
            {
                "displayName": COLLECTION_LABELS[request_wire.collection],
                "name": request_wire.collection,
                "type": "collection",
                "default": {},
                "placeholder": "Add Field",
                "options": sorted(
                    (_property(spec) for spec in request_wire.optional),
                    key=lambda p: p["displayName"],
                ),
            }
        )
    if request_wire.answer in ("list", "pages"):
        props += [*limit_properties(), options_property()]
    return props
