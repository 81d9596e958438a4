"""The one interpreter of request declarations in Python: a Wire and an item's parameters
become its KeitaroRequest (no I/O).

Declared operations and the operations whose modules declare a Wire all build their
requests here; the n8n package's runtime (`buildRequest` in runtime.js) reads the same
declarations. Checks raise NodeOperationError naming the parameter. Each field's reader is
put together once, when the Wire is, so an item pays only for reading its values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kflow.host import ItemContext
from kflow.nodes.keitaro.handlers import urls
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.operations import wire as kinds
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.operations.paging import read_limit
from kflow.nodes.keitaro.operations.refusals import fail
from kflow.nodes.keitaro.transport import KeitaroRequest, admin_request, build_postback_request

__all__ = ["COLLECTION_LABELS", "Prepare"]

COLLECTION_LABELS = {
    "additionalFields": "Дополнительные поля",
    "updateFields": "Поля для обновления",
}

Reader = Callable[[ItemContext], Any]
"""One field's value read from an item, checked and written for the wire."""


class Prepare:
    """`prepare(ctx, base)` of one Wire: reads path, query and body in declared order
    (the tracker's URL last: its key after the item's values)."""

    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        fields = {
            spec.name: spec
            for spec in (
                *wire.ids.values(),
                *wire.query,
                *wire.query_optional,
                *wire.required,
                *((wire.body,) if wire.body is not None else ()),
            )
        }
        first = [fields[name] for name in wire.read_first]
        shared = [*first, *(used for spec in fields.values() for used in spec.uses)]
        readers = _Readers({id(spec) for spec in shared})
        self._path: tuple[str | Reader, ...] = tuple(
            readers.segment(wire.ids[part[1:-1]])
            if part.startswith("{") and part.endswith("}")
            else part
            for part in wire.path.strip("/").split("/")
            if part
        )
        self._first = tuple(readers.required(spec) for spec in first)
        self._query = tuple((spec, readers.required(spec)) for spec in wire.query)
        self._optional_query = tuple(
            (spec, _param(spec.name), readers.get(spec)) for spec in wire.query_optional
        )
        self._body_fields = tuple(
            (spec, readers.get(spec) if spec.omit_when else readers.required(spec))
            for spec in wire.required
        )
        self._raw_body = readers.get(wire.body) if wire.body is not None else None
        self._lists = wire.answer in ("list", "pages", "rows")
        self._tracker = wire.api == "tracker"
        self._plain_body = not wire.ordered and not any(
            s.omit_when or s.renamed for s in wire.required
        )

    def __repr__(self) -> str:
        return f"Prepare({self.wire.method} {self.wire.path})"

    def __call__(self, ctx: ItemContext, base: str) -> KeitaroRequest:
        wire = self.wire
        for check in self._first:
            check(ctx)
        if self._lists:
            read_limit(ctx)
        if not self._tracker:
            segments = self._segments(ctx)
        query: dict[str, Any] = dict(wire.fixed_query)
        for spec, read in self._query:
            if spec.spread:
                query.update(read(ctx))
            else:
                query[spec.key] = read(ctx)
        for spec, given, read in self._optional_query:
            if _given(given(ctx)) and _given(value := read(ctx)):
                if spec.spread:
                    query.update(value)
                else:
                    query[spec.key] = value
        if self._raw_body is not None:
            body = self._raw_body(ctx)
        elif wire.required or wire.optional:
            body = self._body(ctx)
        else:
            body = None
        idempotent = wire.idempotent
        if wire.idempotent_with is not None:
            idempotent = _given(query.get(wire.idempotent_with))
        if self._tracker:
            path = urls.relative_path(self._segments(ctx)) or "/"
            if text := urls.query_text(query):
                path = f"{path}?{text}"
            return build_postback_request(
                ctx.credentials["keitaroApi"],
                urls.tracker_root(base) + path,
                path,
                idempotent=idempotent,
            )
        return admin_request(
            ctx,
            base,
            wire.method,
            segments,
            body,
            query or None,
            idempotent=idempotent,
            reads_only=wire.reads_only,
        )

    def _segments(self, ctx: ItemContext) -> tuple[str | int, ...]:
        return tuple([part if part.__class__ is str else part(ctx) for part in self._path])

    def _body(self, ctx: ItemContext) -> dict[str, Any]:
        wire = self.wire
        if self._plain_body:
            body = {spec.key: read(ctx) for spec, read in self._body_fields}
        else:
            body = {}
            for spec, read in self._body_fields:
                key = _key(ctx, spec)
                if spec.omit_when:
                    if ctx.param(spec.name) in spec.omit_when:
                        continue
                    if (value := read(ctx)) in spec.omit_when:
                        continue
                    body[key] = value
                else:
                    body[key] = read(ctx)
                for rule in wire.ordered:
                    if rule.then == spec.key and body[rule.first] > body[spec.key]:
                        raise fail(ctx, rule.label, rule.cause)
        if wire.optional:
            body |= _collection(ctx, wire)
            if wire.collection == "updateFields" and not body:
                raise fail(ctx, COLLECTION_LABELS[wire.collection], _NOTHING_TO_CHANGE)
        return body


_NOTHING_TO_CHANGE = "add at least one field to change"


class _Readers:
    """Each field's reader, put together once. A field read more than once per item (read
    first, or used by another field) keeps its last item's value, so it is read once."""

    def __init__(self, shared: set[int]) -> None:
        self._shared = shared
        self._made: dict[int, Reader] = {}

    def get(self, spec: Field) -> Reader:
        """Reads the field's parameter (or the credential's `fallback`), writes it for the
        wire, and maps it onto `pairs` when the field says so."""
        made = self._made.get(id(spec))
        if made is None:
            made = _reader(spec, tuple(self.get(used) for used in spec.uses))
            if id(spec) in self._shared:
                made = _kept(made)
            self._made[id(spec)] = made
        return made

    def required(self, spec: Field) -> Reader:
        read = self.get(spec)
        if spec.kind in kinds.ALLOWS_EMPTY:
            return read

        def required(ctx: ItemContext) -> Any:
            value = read(ctx)
            if value is None or value == [] or (isinstance(value, str) and not value.strip()):
                raise fail(ctx, spec.label, "is required")
            return value

        return required

    def segment(self, spec: Field) -> Reader:
        read = self.get(spec)

        def segment(ctx: ItemContext) -> str | int:
            value = read(ctx)
            if isinstance(value, int) and value < 1:
                raise fail(ctx, spec.label, "is required: give an ID of 1 or more")
            return value

        return segment


def _reader(spec: Field, uses: tuple[Reader, ...]) -> Reader:
    name, label, fallback, pairs, secret = (
        spec.name,
        spec.label,
        spec.fallback,
        spec.pairs,
        spec.secret,
    )
    write = kinds.writer(spec)
    param = _param(name)

    def read(ctx: ItemContext) -> Any:
        value = param(ctx)
        if fallback is not None and not value:
            value = ctx.credentials["keitaroApi"].get(fallback)
        if secret:
            ctx.redactor.add(str(value or ""))
        used = tuple([use(ctx) for use in uses]) if uses else ()
        try:
            wired = write(value, used)
        except kinds.FieldError as exc:
            raise fail(ctx, exc.label, str(exc)) from None
        except ValueError as exc:
            raise fail(ctx, label, str(exc)) from None
        if pairs is not None:
            paired = ctx.param(pairs)
            return {part: paired for part in wired}
        return wired

    return read


def _param(name: str) -> Reader:
    """Reads a parameter; `collection.field` reads one field of a collection."""
    if "." not in name:
        return lambda ctx: ctx.param(name)
    head, _, tail = name.partition(".")

    def nested(ctx: ItemContext) -> Any:
        given = ctx.param(head)
        return given.get(tail) if isinstance(given, dict) else None

    return nested


def _kept(read: Reader) -> Reader:
    """`read`, keeping the last item's value (one tuple, swapped whole: safe across threads)."""
    last: list[tuple[ItemContext | None, Any]] = [(None, None)]

    def kept(ctx: ItemContext) -> Any:
        seen, value = last[0]
        if seen is ctx:
            return value
        value = read(ctx)
        last[0] = (ctx, value)
        return value

    return kept


def _key(ctx: ItemContext, spec: Field) -> str:
    """The field's key on the wire: its own, or the one an option renames it to."""
    if spec.renamed is not None:
        option, value, key = spec.renamed
        if (ctx.param("options") or {}).get(option) == value:
            return key
    return spec.key


def _collection(ctx: ItemContext, wire: Wire) -> dict[str, Any]:
    """The fields set in the additionalFields/updateFields collection."""
    label = COLLECTION_LABELS[wire.collection]
    given = ctx.param(wire.collection) or {}
    if not isinstance(given, dict):
        raise fail(ctx, label, "must be an object of fields")
    known = {spec.name: spec for spec in wire.optional}
    written = {}
    for name, value in given.items():
        spec = known.get(name)
        if spec is None:
            raise fail(ctx, label, f"unknown field {shown(name)}")
        if spec.secret:
            ctx.redactor.add(str(value or ""))
        try:
            written[spec.key] = kinds.write(spec, value)
        except ValueError as exc:
            raise fail(ctx, f"{label} › {spec.label}", str(exc)) from None
    return written


def _given(value: Any) -> bool:
    return value not in (None, "")
