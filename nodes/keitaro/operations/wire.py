"""Checking a parameter's value and writing it the way the Admin API takes it, per Kind.

Each writer takes what n8n or the command line gives (numbers, text, parsed JSON) and
returns the wire value, or raises ValueError with the cause in words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from kflow.nodes.keitaro.catalog import (
    COST_FILTER_FIELDS,
    LIST_OPERATORS,
    NO_VALUE_OPERATORS,
    POSTBACK_STATUSES,
)
from kflow.nodes.keitaro.handlers import dates, validation
from kflow.nodes.keitaro.handlers.money import money_text
from kflow.nodes.keitaro.handlers.wording import did_you_mean, shown
from kflow.nodes.keitaro.operations.model import Field, Kind

__all__ = [
    "ALLOWS_EMPTY",
    "JSON_TYPES",
    "N8N_TYPES",
    "FieldError",
    "empty_default",
    "write",
    "writer",
]


class FieldError(ValueError):
    """A kind's refusal that names another parameter than the field's own (a range's
    dates, a report's measures)."""

    def __init__(self, label: str, cause: str) -> None:
        super().__init__(cause)
        self.label = label


_WHOLE = re.compile(r"[+-]?\d+")
_SEPARATORS = re.compile(r"[,\n]")


def _string(value: Any) -> str:
    if isinstance(value, dict | list):
        raise ValueError("must be text, not an object or a list")
    return "" if value is None else str(value)


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true/false")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value.strip())
    raise ValueError(f"{shown(value)} is not a whole number")


def _id_text(value: Any) -> str:
    return str(_int(value))


def _money(value: Any) -> Decimal:
    return Decimal(money_text(value))


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no", ""):
        return False
    raise ValueError(f"{shown(value)} is not true or false")


def _json(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None


def _object(value: Any) -> dict[str, Any]:
    parsed = _json(value)
    if not isinstance(parsed, dict):
        raise ValueError("must be a JSON object")
    return parsed


def _array(value: Any) -> list[Any]:
    parsed = _json(value)
    if not isinstance(parsed, list):
        raise ValueError("must be a JSON array")
    return parsed


def _parts(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(part).strip() for part in value if str(part).strip()]
    text = _string(value).strip()
    if text.startswith("["):
        parsed = _json(text)
        if isinstance(parsed, list):
            return _parts(parsed)
    return [part.strip() for part in _SEPARATORS.split(text) if part.strip()]


def _int_list(value: Any) -> list[int]:
    return [_int(part) for part in _parts(value)]


def _lines(value: Any) -> str:
    return "\n".join(_parts(value))


def _trimmed(value: Any) -> str:
    return _string(value).strip()


def _subid(value: Any) -> str:
    subid = str(value or "").strip()
    if not subid:
        raise ValueError("is required: the click's subid")
    if any(ord(c) < 32 for c in subid):
        raise ValueError("contains control characters")
    return subid


_SUB_ID = re.compile(r"sub_id_([1-9]|[12][0-9]|30)")


def _sub_id_map(value: Any) -> dict[str, str]:
    values = _json(value)
    if not isinstance(values, dict) or not values:
        raise ValueError('must be a JSON object such as {"sub_id_4": "x"}')
    unknown = sorted(str(name) for name in values if not _SUB_ID.fullmatch(str(name)))
    if unknown:
        raise ValueError(f"{shown(unknown[0])} is not sub_id_1…sub_id_30")
    written = {}
    for name, text in values.items():
        if isinstance(text, dict | list | bool):
            raise ValueError(f"{name}: give text or a number")
        written[name] = "" if text is None else str(text)
    return written


def _lower(value: Any) -> str:
    return str(value or "").strip().lower()


def _amount(value: Any) -> str:
    try:
        amount = money_text(value)
    except ValueError:
        amount = "-"
    if amount.startswith("-"):
        raise ValueError(f"{shown(value)} is not an amount (a number ≥ 0)")
    return amount


def _campaign_id(value: Any) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{shown(value)} is not a campaign ID (a whole number)") from None
    if number < 1:
        raise ValueError("is required: give the campaign's ID (1 or more)")
    return number


def _labelled_values(value: Any) -> list[str]:
    text = str(value or "").replace("\n", ",")
    values = [part.strip() for part in text.split(",") if part.strip()]
    if not values:
        raise ValueError("give one or more values to label")
    return values


def _timezone(value: Any) -> str:
    return dates.check_timezone(value)


def _period_start(value: Any, zone: str) -> str:
    return dates.cost_bound(value, zone, end=False)


def _period_end(value: Any, zone: str) -> str:
    return dates.cost_bound(value, zone, end=True)


def _cost_entries(value: Any, zone: str, currency: str) -> list[dict[str, Any]]:
    entries = (value or {}).get("cost") or [] if isinstance(value, dict | None) else []
    if not entries:
        raise ValueError("add at least one cost entry")
    costs = []
    for number, entry in enumerate(entries, start=1):
        try:
            start = dates.cost_bound(entry.get("dateFrom"), zone, end=False)
            end = dates.cost_bound(entry.get("dateTo"), zone, end=True)
        except ValueError as exc:
            raise ValueError(f"entry {number}: {exc}") from None
        if start > end:
            raise ValueError(f"entry {number}: ends before it starts")
        try:
            cost = money_text(entry.get("cost"))
        except ValueError:
            cost = "-"
        if cost.startswith("-"):
            raise ValueError(f"entry {number}: cost must be a number ≥ 0")
        # The 2022 spec requires timezone and currency in every entry; trackers also read
        # them at the top level. Both are sent, with the same values (docs/KEITARO.md).
        item: dict[str, Any] = {
            "start_date": start,
            "end_date": end,
            "cost": cost,
            "timezone": zone,
            "currency": currency,
        }
        filters = _cost_filters(entry.get("filters"), f"entry {number}")
        if filters:
            item["filters"] = filters
        costs.append(item)
    return costs


def _raw(value: Any) -> Any:
    return value


def _choices(value: Any) -> Any:
    chosen = value or []
    if not chosen:
        raise ValueError("choose at least one column")
    return chosen


def _range(interval: Any, zone: str, date_from: Any, date_to: Any) -> dict[str, Any]:
    """A report or log `range`: `{interval, timezone}` or `{from, to, timezone}`."""
    if interval != "custom":
        return {"interval": interval, "timezone": zone}
    bounds = {}
    for value, label, key in ((date_from, "С", "from"), (date_to, "По", "to")):
        try:
            bounds[key] = dates.range_bound(value, zone)
        except ValueError as exc:
            raise FieldError(label, str(exc)) from None
    if bounds["from"] > bounds["to"]:
        raise FieldError("По", f"ends ({bounds['to']}) before the start ({bounds['from']})")
    return {"from": bounds["from"], "to": bounds["to"], "timezone": zone}


def _filters(value: Any) -> list[dict[str, Any]]:
    rows = (value or {}).get("filter") or []
    filters = []
    for number, row in enumerate(rows, start=1):
        operator = row["operator"]
        given = row.get("value", "")
        entry: dict[str, Any] = {"name": row["name"], "operator": operator}
        if operator in LIST_OPERATORS:
            items = _list_value(given)
            if operator == "BETWEEN" and len(items) != 2:
                raise ValueError(f"filter {number}: BETWEEN takes two values, e.g. 1,5")
            entry["expression"] = items
        elif operator not in NO_VALUE_OPERATORS:
            if given in (None, "") and operator not in ("EQUALS", "NOT_EQUAL"):
                raise ValueError(f"filter {number}: {operator} needs a value")
            entry["expression"] = given
        filters.append(entry)
    return filters


def _list_value(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    text = str(value or "").strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, list):
            return parsed
    return [part.strip() for part in text.split(",") if part.strip()]


def _sort(value: Any) -> list[dict[str, str]]:
    rows = (value or {}).get("rule") or []
    return [{"name": row["name"], "order": row["order"]} for row in rows]


def _report_sort(value: Any, dimensions: Any, measures: Any) -> list[dict[str, str]]:
    sort = _sort(value)
    named = list(dimensions or []) + list(measures or [])
    for rule in sort:
        if rule["name"] not in named:
            raise ValueError(
                f"{shown(rule['name'])} is not one of the report's dimensions or measures"
            )
    return sort


def _postback_status(value: Any, lead: Any, sale: Any, rejected: Any) -> str:
    """A postback's status: one of Keitaro's four, or one a status mapping names."""
    status = str(value or "sale").strip()
    mapped = {
        part
        for given in (lead, sale, rejected)
        for part in str(given or "").split(",")
        if part.strip()
    }
    if status not in POSTBACK_STATUSES and status not in mapped:
        raise ValueError(
            f"{shown(status)} is not lead, sale, rejected or rebill, and no status mapping names it"
        )
    return status


def _postback_sub_ids(value: Any) -> dict[str, str]:
    if value in (None, "", {}):
        return {}
    try:
        parsed = _json(value)
    except ValueError as exc:
        raise ValueError(f"subIds: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError("subIds must be a JSON object")
    unknown = sorted(str(name) for name in parsed if not _SUB_ID.fullmatch(str(name)))
    if unknown:
        raise ValueError(f"subIds: {shown(unknown[0])} is not sub_id_1…30")
    return {k: str(v) for k, v in parsed.items()}


def _dimensions(value: Any, measures: Any) -> list[Any]:
    if not value and not measures:
        raise FieldError("Метрики", "choose at least one dimension or measure")
    return list(value or [])


def _measures(value: Any) -> list[Any]:
    return list(value or [])


_WITH: dict[Kind, Callable[..., Any]] = {
    "range": _range,
    "postback_status": _postback_status,
    "report_sort": _report_sort,
    "dimensions": _dimensions,
    "period_start": _period_start,
    "period_end": _period_end,
    "cost_entries": _cost_entries,
}
"""Kinds that also take the wire values of the field's `uses` (time zone, currency)."""


def _nonnegative(value: Any) -> str:
    try:
        amount = money_text(value)
    except ValueError:
        amount = "-"
    if amount.startswith("-"):
        raise ValueError("must be a number ≥ 0")
    return amount


def _currency(value: Any) -> str:
    code = str(value or "").strip().upper()
    if not code:
        raise ValueError("is required, e.g. USD")
    if not _CURRENCY.fullmatch(code):
        raise ValueError(f"{shown(code)} is not a currency code such as USD")
    return code


_CURRENCY = re.compile(r"[A-Z]{3}")


def _truthy(value: Any) -> bool:
    return bool(value)


def _cost_filters(value: Any, where: str = "filters") -> dict[str, str] | None:
    if value in (None, "", {}):
        return None
    try:
        parsed = _json(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None
    if not isinstance(parsed, dict):
        raise ValueError(f"{where}: filters must be a JSON object")
    unknown = sorted(set(parsed) - COST_FILTER_FIELDS)
    if unknown:
        raise ValueError(f"{where}: cannot filter costs by {shown(unknown[0])}")
    return {
        k: ",".join(str(x) for x in v) if isinstance(v, list) else str(v) for k, v in parsed.items()
    }


def _id_list(value: Any) -> list[int]:
    text = str(value or "")
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    if not parts:
        raise ValueError("is required: give one or more campaign IDs")
    bad = [p for p in parts if not p.isdigit() or int(p) < 1]
    if bad:
        raise ValueError(f"{shown(bad[0])} is not a campaign ID")
    return [int(p) for p in parts]


def _flag(value: Any) -> int:
    return 1 if value else 0


def _postback_key(value: Any) -> str:
    key = str(value or "")
    if not key:
        raise ValueError("is not set: give it here or in the keitaroApi credential")
    return key


_WRITERS: dict[Kind, Callable[[Any], Any]] = {
    "string": _string,
    "int": _int,
    "id_text": _id_text,
    "number": _money,
    "money": _money,
    "bool": _bool,
    "object": _object,
    "array": _array,
    "strings": _parts,
    "int_list": _int_list,
    "lines": _lines,
    "trimmed": _trimmed,
    "subid": _subid,
    "sub_id_map": _sub_id_map,
    "lower": _lower,
    "amount": _amount,
    "campaign_id": _campaign_id,
    "labelled_values": _labelled_values,
    "timezone": _timezone,
    "nonnegative": _nonnegative,
    "currency": _currency,
    "truthy": _truthy,
    "cost_filters": _cost_filters,
    "id_list": _id_list,
    "flag": _flag,
    "raw": _raw,
    "choices": _choices,
    "filters": _filters,
    "sort": _sort,
    "measures": _measures,
    "postback_sub_ids": _postback_sub_ids,
    "postback_key": _postback_key,
    "click_id": validation.click_id,
    "click_data": validation.click_data,
}

N8N_TYPES: dict[Kind, str] = {
    "string": "string",
    "int": "number",
    "id_text": "number",
    "number": "number",
    "money": "number",
    "bool": "boolean",
    "object": "json",
    "array": "json",
    "strings": "string",
    "int_list": "string",
    "lines": "string",
    "trimmed": "string",
    "subid": "string",
    "sub_id_map": "json",
    "lower": "string",
    "amount": "number",
    "campaign_id": "number",
    "labelled_values": "string",
    "timezone": "string",
    "period_start": "dateTime",
    "period_end": "dateTime",
    "nonnegative": "number",
    "currency": "string",
    "truthy": "boolean",
    "cost_filters": "json",
    "id_list": "string",
    "flag": "boolean",
    "raw": "string",
    "choices": "multiOptions",
    "range": "options",
    "filters": "fixedCollection",
    "sort": "fixedCollection",
    "report_sort": "fixedCollection",
    "dimensions": "multiOptions",
    "measures": "multiOptions",
    "postback_status": "string",
    "postback_sub_ids": "json",
    "cost_entries": "fixedCollection",
    "postback_key": "string",
    "click_id": "string",
    "click_data": "json",
}
"""The n8n property type that asks for each kind."""

JSON_TYPES: dict[Kind, dict[str, Any]] = {
    "string": {"type": "string"},
    "int": {"type": "integer"},
    "id_text": {"type": "string", "pattern": "^-?[0-9]+$"},
    "number": {"type": "number"},
    "money": {"type": "number"},
    "bool": {"type": "boolean"},
    "object": {"type": "object"},
    "array": {"type": "array"},
    "strings": {"type": "array", "items": {"type": "string"}},
    "int_list": {"type": "array", "items": {"type": "integer"}},
    "lines": {"type": "string"},
    "trimmed": {"type": "string"},
    "subid": {"type": "string"},
    "sub_id_map": {"type": "object"},
    "lower": {"type": "string"},
    "amount": {"type": "string"},
    "campaign_id": {"type": "integer", "minimum": 1},
    "labelled_values": {"type": "object"},
    "timezone": {"type": "string"},
    "period_start": {"type": "string"},
    "period_end": {"type": "string"},
    "nonnegative": {"type": "string"},
    "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    "truthy": {"type": "boolean"},
    "cost_filters": {"type": "object"},
    "id_list": {"type": "array", "items": {"type": "integer", "minimum": 1}},
    "raw": {},
    "choices": {"type": "array", "items": {"type": "string"}},
    "range": {"type": "object"},
    "filters": {"type": "array", "items": {"type": "object"}},
    "sort": {"type": "array", "items": {"type": "object"}},
    "report_sort": {"type": "array", "items": {"type": "object"}},
    "dimensions": {"type": "array", "items": {"type": "string"}},
    "measures": {"type": "array", "items": {"type": "string"}},
    "postback_status": {"type": "string"},
    "postback_sub_ids": {"type": "object"},
    "flag": {"type": "integer", "enum": [0, 1]},
    "cost_entries": {"type": "array", "items": {"type": "object"}},
    "postback_key": {"type": "string"},
    "click_id": {"type": "string"},
    "click_data": {"type": "object"},
}
"""The JSON Schema of each kind's wire value (bodies are checked against these in tests)."""


def write(spec: Field, value: Any, *used: Any) -> Any:
    """`value` as the wire takes it; `used`: the wire values of the field's `uses`.

    Raises:
        ValueError: The value does not fit the field (wrong type, not a choice, bad JSON).
    """
    return writer(spec)(value, used)


def writer(spec: Field) -> Callable[[Any, tuple[Any, ...]], Any]:
    """The field's writer, `(value, used) -> wire value`, looked up once (see `write`)."""
    taking = _WITH.get(spec.kind)
    plain = _WRITERS.get(spec.kind)
    options = spec.options

    def checked(wired: Any) -> Any:
        if wired not in options:
            hint = did_you_mean(wired, options)
            raise ValueError(f"{shown(wired)} is not one of: {', '.join(options)}{hint}")
        return wired

    if taking is not None:
        if options:
            return lambda value, used: checked(taking(value, *used))
        return lambda value, used: taking(value, *used)
    assert plain is not None, spec.kind
    if options:
        return lambda value, used: checked(plain(value))
    return lambda value, used: plain(value)


ALLOWS_EMPTY: frozenset[Kind] = frozenset(
    {"filters", "sort", "report_sort", "dimensions", "measures", "truthy", "flag", "raw"}
)
"""Kinds whose empty value is sent as it is: a required field of these is never refused
as empty (no filters, no sort, a report of measures only)."""


def empty_default(kind: Kind) -> Any:
    """The property default for a field that gives none."""
    return {"int": 0, "id_text": 0, "number": 0, "money": 0, "bool": False}.get(kind, "")
