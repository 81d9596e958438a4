"""HTTP Request's pagination: the settings, and the per-page expressions that read
`$response`, `$pageCount` and `$request`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kflow.host import NodeOperationError

__all__ = ["Paging", "bind_page_variables", "paging_of"]

_VARIABLE = re.compile(r"\$(response|pageCount|request)(?![\w$])")


@dataclass
class Paging:
    """How to page: `mode` (updateAParameterInEachRequest or responseContainsNextURL),
    the parameters set anew per page, the next URL, the expression that says "go on"."""

    mode: str
    parameters: list[dict[str, Any]] = field(default_factory=list)
    next_url: str = ""
    complete_when: str = "responseIsEmpty"
    status_codes: list[int] = field(default_factory=list)
    complete_expression: str = ""
    max_requests: int | None = None
    interval: float = 0.0


def paging_of(run_name: str, raw: dict[str, Any] | None) -> Paging | None:
    """The pagination settings (raw, expressions kept), or None when off.

    Raises:
        NodeOperationError: The settings cannot page (n8n's own checks and messages).
    """
    found = ((raw or {}).get("pagination") or {}).get("pagination")
    if found is None:
        return None
    mode = found.get("paginationMode", "updateAParameterInEachRequest")
    if mode == "off":
        return None
    paging = Paging(mode)
    paging.complete_when = found.get("paginationCompleteWhen", "responseIsEmpty")
    if paging.complete_when == "receiveSpecificStatusCodes":
        paging.status_codes = [
            int(c.strip())
            for c in str(found.get("statusCodesWhenComplete", "")).split(",")
            if c.strip().lstrip("-").isdigit()
        ]
    elif paging.complete_when == "other":
        expression = str(found.get("completeExpression") or "")
        if not expression.startswith("="):
            raise NodeOperationError(run_name, "Invalid or empty Complete Expression")
        paging.complete_expression = expression
    if mode == "updateAParameterInEachRequest":
        rows = ((found.get("parameters") or {}).get("parameters")) or [
            {"type": "qs", "name": "", "value": ""}
        ]
        if len(rows) == 1 and not rows[0].get("name") and not rows[0].get("value"):
            raise NodeOperationError(
                run_name,
                "At least one entry with 'Name' and 'Value' filled must be included in "
                "'Parameters' to use 'Update a Parameter in Each Request' mode ",
            )
        for number, row in enumerate(rows, start=1):
            if not row.get("name"):
                raise NodeOperationError(
                    run_name,
                    f"Parameter name must be set for parameter [{number}] in pagination settings",
                )
            if row.get("type", "qs") not in ("body", "headers", "qs"):
                raise NodeOperationError(
                    run_name,
                    f"Parameter type must be one of: body, headers, qs for parameter "
                    f"[{number}] in pagination settings",
                )
            if row.get("value", "") == "":
                raise NodeOperationError(
                    run_name,
                    f"Some value must be provided for parameter [{number}] in pagination "
                    "settings, omitting it will result in an infinite loop",
                )
        paging.parameters = [{"type": "qs", **r} for r in rows]
    else:
        paging.next_url = str(found.get("nextURL") or "")
    if found.get("limitPagesFetched"):
        paging.max_requests = int(found.get("maxRequests", 100) or 100)
    paging.interval = float(found.get("requestInterval") or 0) / 1000
    return paging


def bind_page_variables(expression: Any, response: Any, page_count: int, request: Any) -> Any:
    """The expression with the page variables written in as JSON values, so that the
    run's ordinary evaluator can evaluate it."""
    if not isinstance(expression, str) or "$" not in expression:
        return expression
    values: dict[str, Callable[[], str]] = {
        "response": lambda: _literal(response),
        "pageCount": lambda: str(page_count),
        "request": lambda: _literal(request),
    }
    return _VARIABLE.sub(lambda m: f"({values[m.group(1)]()})", expression)


def _hide_braces(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("{", "\x01").replace("}", "\x02")
    if isinstance(value, list):
        return [_hide_braces(v) for v in value]
    if isinstance(value, dict):
        return {_hide_braces(k): _hide_braces(v) for k, v in value.items()}
    return value


def _literal(value: Any) -> str:
    """JSON text that cannot end an n8n template: no `{{` or `}}` in it (braces in strings
    escaped, structural ones spaced)."""
    text = json.dumps(_hide_braces(value), default=str)
    text = text.replace("{", "{ ").replace("}", " }")
    return text.replace("\\u0001", "\\u007b").replace("\\u0002", "\\u007d")
