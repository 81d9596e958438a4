"""HTTP Request 1 and 2: one item's legacy parameters → the request to send (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kflow.host import NodeOperationError
from kflow.nodes.core.http_request_build import Body, Planned, ResponseOptions, checked_url
from kflow.nodes.core.js_values import js_string

__all__ = ["plan_legacy"]

_BODY_METHODS = ("PATCH", "POST", "PUT")
_JSON_FIELDS = (
    ("bodyParametersJson", "body", "Body Parameters"),
    ("headerParametersJson", "headers", "Headers"),
    ("queryParametersJson", "qs", "Query Parameters"),
)
_UI_FIELDS = (
    ("bodyParametersUi", "body"),
    ("headerParametersUi", "headers"),
    ("queryParametersUi", "qs"),
)
_ACCEPT = {
    "json": "application/json,text/*;q=0.99",
    "string": "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, "
    "*/*;q=0.1",
    "file": "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, "
    "image/*;q=0.8, */*;q=0.7",
}


def plan_legacy(
    run_name: str,
    params: dict[str, Any],
    index: int,
    binary: dict[str, Any],
    read_binary: Callable[[dict[str, Any]], bytes],
) -> Planned:
    """Item `index`'s request, from its evaluated legacy parameters.

    Raises:
        NodeOperationError: A bad URL, JSON text that does not parse, binary data missing
            or sent with a body content type that cannot carry it.
    """
    url = checked_url(run_name, params.get("url"), index)
    method = str(params.get("requestMethod") or "GET")
    options = params.get("options") or {}
    content = options.get("bodyContentType")
    response_format = str(params.get("responseFormat") or "json")
    plan = Planned(method=method, url=url)
    _transport(plan, options)
    parts: dict[str, Any] = {}
    if params.get("jsonParameters"):
        _from_json(run_name, params, options, index, binary, read_binary, parts)
    else:
        _from_rows(params, parts)
    plan.query = parts.get("qs") or {}
    plan.headers = {k: js_string(v) for k, v in (parts.get("headers") or {}).items()}
    plan.array_format = "repeat" if options.get("useQueryString") else None
    plan.body = _body(method, content, parts.get("body"), response_format)
    if response_format == "file" and content != "raw" and method in _BODY_METHODS:
        plan.headers["Content-Type"] = "application/json"
    if options.get("bodyContentCustomMimeType"):
        _set_header(plan.headers, "Content-Type", str(options["bodyContentCustomMimeType"]))
    if "accept" not in plan.headers:
        plan.headers["accept"] = _ACCEPT.get(response_format, _ACCEPT["file"])
    plan.response = ResponseOptions(
        format=response_format,
        full=bool(options.get("fullResponse")),
        never_error=options.get("ignoreResponseCode") is True,
        field=str(params.get("dataPropertyName") or "data"),
    )
    return plan


def _transport(plan: Planned, options: dict[str, Any]) -> None:
    # The request library's rules: GET and HEAD redirects are followed unless
    # followRedirect is off; other methods' only with followAllRedirects.
    simple = plan.method in ("GET", "HEAD") and options.get("followRedirect", True) is not False
    plan.follow_redirects = simple or options.get("followAllRedirects") is True
    plan.max_redirects = 10
    plan.proxy = str(options["proxy"]) if options.get("proxy") else None
    timeout = options.get("timeout")
    plan.timeout = float(timeout) / 1000 if timeout else 3600.0


def _set_header(headers: dict[str, str], name: str, value: str) -> None:
    for key in [k for k in headers if k.lower() == name.lower()]:
        del headers[key]
    headers[name] = value


def _from_rows(params: dict[str, Any], parts: dict[str, Any]) -> None:
    for parameter, target in _UI_FIELDS:
        found = params.get(parameter) or {}
        rows = found.get("parameter") if isinstance(found, dict) else None
        if rows is None:
            continue
        values: dict[str, Any] = {}
        for row in rows:
            name, value = str(row.get("name", "")), row.get("value", "")
            if target == "qs":
                old = values.get(name)
                if isinstance(old, str):
                    values[name] = [old, value]
                elif isinstance(old, list):
                    values[name] = [*old, value]
                else:
                    values[name] = value
            elif target == "headers":
                values[name.lower()] = value
            else:
                values[name] = value
        parts[target] = values


def _from_json(
    run_name: str,
    params: dict[str, Any],
    options: dict[str, Any],
    index: int,
    binary: dict[str, Any],
    read_binary: Callable[[dict[str, Any]], bytes],
    parts: dict[str, Any],
) -> None:
    content = options.get("bodyContentType")
    for parameter, target, label in _JSON_FIELDS:
        if target == "body" and params.get("sendBinaryData"):
            parts["body"] = _binary_body(run_name, params, content, index, binary, read_binary)
            continue
        value = params.get(parameter, "")
        if value == "" or value is None:
            continue
        if not isinstance(value, dict | list) and content != "raw":
            try:
                value = json.loads(value) if isinstance(value, str) else value
            except ValueError:
                raise NodeOperationError(
                    run_name,
                    f'The data in "{label}" is no valid JSON. Set Body Content Type to '
                    '"RAW/Custom" for XML or other types of payloads',
                    item_index=index,
                    parameter=label,
                ) from None
        parts[target] = value


def _binary_body(
    run_name: str,
    params: dict[str, Any],
    content: Any,
    index: int,
    binary: dict[str, Any],
    read_binary: Callable[[dict[str, Any]], bytes],
) -> Any:
    if content not in ("raw", "multipart-form-data"):
        raise NodeOperationError(
            run_name,
            'Sending binary data is only supported when option "Body Content Type" is set '
            'to "RAW/CUSTOM" or "FORM-DATA/MULTIPART"!',
            item_index=index,
            parameter="Body Content Type",
        )
    names = [n.strip() for n in str(params.get("binaryPropertyName") or "").split(",")]
    if content == "raw":
        return _read(run_name, binary, names[0], index, read_binary)[0]
    fields: dict[str, Any] = {}
    for pair in names:
        field, prop = ("file", pair)
        if ":" in pair:
            field, prop = pair.split(":", 1)
        elif len(names) > 1:
            raise NodeOperationError(
                run_name,
                "If more than one property should be send it is needed to define the in "
                'the format: "sendKey1:binaryProperty1,sendKey2:binaryProperty2"',
                item_index=index,
                parameter="Input Binary Field",
            )
        data, entry = _read(run_name, binary, prop, index, read_binary)
        fields[field] = (data, entry.get("fileName") or "file", entry.get("mimeType"))
    return fields


def _read(
    run_name: str,
    binary: dict[str, Any],
    name: str,
    index: int,
    read_binary: Callable[[dict[str, Any]], bytes],
) -> tuple[bytes, dict[str, Any]]:
    entry = binary.get(name)
    if not isinstance(entry, dict):
        message = (
            "This operation expects the node's input data to contain a binary file "
            f"'{name}', but none was found [item {index}]"
        )
        raise NodeOperationError(
            run_name, message, item_index=index, parameter="Input Binary Field"
        )
    return read_binary(entry), entry


def _body(method: str, content: Any, body: Any, response_format: str) -> Body:
    if body is None:
        return Body()
    if isinstance(body, bytes):
        return Body("bytes", body)
    if method in _BODY_METHODS and content == "multipart-form-data" and isinstance(body, dict):
        return Body(
            "multipart",
            [(name, v if isinstance(v, tuple) else js_string(v)) for name, v in body.items()],
        )
    if method in _BODY_METHODS and content == "form-urlencoded" and isinstance(body, dict):
        return Body("form", body)
    if content == "raw":
        text = body if isinstance(body, str) else json.dumps(body)
        return Body("bytes", text.encode())
    if response_format == "file":
        return Body("bytes", json.dumps(body, ensure_ascii=False).encode())
    return Body("json", body)
