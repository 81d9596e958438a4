"""HTTP Request 3-4.5: one item's parameters → the request to send (no I/O)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import quote

from kflow.host import NodeOperationError
from kflow.nodes.core.js_values import js_string
from kflow.nodes.core.paths import lodash_set

__all__ = [
    "Body",
    "Planned",
    "ResponseOptions",
    "build_request",
    "checked_url",
    "encode_query",
    "with_query",
]

_NO_BODY = ("HEAD", "OPTIONS", "TRACE")


@dataclass(frozen=True)
class Body:
    """What the body is: `kind` json (value), form (pairs), multipart (parts: name, text or
    (bytes, file name, MIME type)), bytes (value, with its content type), or none."""

    kind: str = "none"
    value: Any = None


@dataclass(frozen=True)
class ResponseOptions:
    """How the answer becomes items."""

    format: str = "autodetect"
    full: bool = False
    never_error: bool = False
    field: str = "data"


@dataclass
class Planned:
    """One item's request, before authentication."""

    method: str
    url: str
    query: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    body: Body = field(default_factory=Body)
    array_format: str | None = None
    timeout: float = 300.0
    follow_redirects: bool = True
    max_redirects: int | None = None
    proxy: str | None = None
    verify_tls: bool = True
    response: ResponseOptions = field(default_factory=ResponseOptions)

    def copy(self) -> Planned:
        return replace(self, query=dict(self.query), headers=dict(self.headers))


def _fail(run_name: str, message: str, index: int, parameter: str | None = None) -> None:
    raise NodeOperationError(run_name, message, item_index=index, parameter=parameter)


def _json_parameter(run_name: str, value: Any, label: str, index: int) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        _fail(run_name, f'The value in the "{label}" field is not valid JSON', index, label)


def _add(target: dict[str, Any], name: str, value: Any, repeat: bool) -> None:
    """A name/value row into an object: a repeated name collects a list from 4.3 on."""
    if not repeat or name not in target:
        target[name] = value
    elif isinstance(target[name], list):
        target[name].append(value)
    else:
        target[name] = [target[name], value]


def _rows(params: dict[str, Any], name: str) -> list[dict[str, Any]]:
    found = params.get(name) or {}
    rows = found.get("parameters") if isinstance(found, dict) else None
    return [r for r in rows or [] if isinstance(r, dict)]


def checked_url(run_name: str, url: Any, index: int) -> str:
    """The URL parameter, trimmed.

    Raises:
        NodeOperationError: It is not text, empty, or not http(s).
    """
    if not isinstance(url, str):
        kind = "null" if url is None else type(url).__name__
        _fail(run_name, f"URL parameter must be a string, got {kind}", index, "URL")
    url = url.strip()
    if not url:
        _fail(run_name, "URL parameter cannot be empty", index, "URL")
    if not url.startswith(("http://", "https://")):
        _fail(
            run_name,
            f'Invalid URL: {url}. URL must start with "http" or "https".',
            index,
            "URL",
        )
    return url


def build_request(
    run_name: str,
    params: dict[str, Any],
    version: float,
    index: int,
    binary: dict[str, Any],
    read_binary: Any,
) -> Planned:
    """The request of item `index`, from its evaluated parameters.

    Raises:
        NodeOperationError: The URL or a JSON field is not valid, or a binary property is
            missing.
    """
    url = checked_url(run_name, params.get("url"), index)
    if params.get("provideSslCertificates"):
        _fail(run_name, "SSL client certificates are not run by kflow", index, "SSL Certificates")
    options = params.get("options") or {}
    method = str(params.get("method") or "GET")
    repeat = version >= 4.3
    plan = Planned(method=method, url=url)
    plan.response = _response_options(options)
    _transport_options(plan, options, version)
    if params.get("sendQuery"):
        if params.get("specifyQuery", "keypair") == "json":
            plan.query = _json_parameter(
                run_name, params.get("jsonQuery", ""), "JSON Query Parameters", index
            )
        else:
            for row in _rows(params, "queryParameters"):
                _add(plan.query, str(row.get("name", "")), row.get("value", ""), repeat)
        plan.array_format = options.get("queryParameterArrays")
    if params.get("sendBody"):
        plan.body = _body(run_name, params, version, index, binary, read_binary, plan)
    if params.get("sendHeaders"):
        _headers(run_name, params, options, index, plan)
    if params.get("sendBody") and params.get("contentType") == "raw":
        plan.headers["content-type"] = str(params.get("rawContentType", ""))
    if "accept" not in plan.headers:
        plan.headers["accept"] = _accept(plan.response.format)
    return plan


def _response_options(options: dict[str, Any]) -> ResponseOptions:
    found = (options.get("response") or {}).get("response") or {}
    return ResponseOptions(
        format=found.get("responseFormat") or "autodetect",
        full=bool(found.get("fullResponse")),
        never_error=bool(found.get("neverError")),
        field=str(found.get("outputPropertyName") or "data"),
    )


def _transport_options(plan: Planned, options: dict[str, Any], version: float) -> None:
    redirect = options.get("redirect")
    chosen = (redirect or {}).get("redirect") or {}
    follow = chosen.get("followRedirects")
    plan.follow_redirects = bool(follow) if follow is not None else version >= 4
    plan.max_redirects = int(chosen.get("maxRedirects") or 21)
    plan.verify_tls = not options.get("allowUnauthorizedCerts")
    plan.proxy = str(options["proxy"]) if options.get("proxy") else None
    timeout = options.get("timeout")
    plan.timeout = float(timeout) / 1000 if timeout else 300.0


def _accept(response_format: str) -> str:
    if response_format == "json":
        return "application/json,text/*;q=0.99"
    if response_format == "text":
        return (
            "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, "
            "*/*;q=0.1"
        )
    return (
        "application/json,text/html,application/xhtml+xml,application/xml,text/*;q=0.9, "
        "image/*;q=0.8, */*;q=0.7"
    )


def _headers(
    run_name: str, params: dict[str, Any], options: dict[str, Any], index: int, plan: Planned
) -> None:
    added: dict[str, Any] = {}
    if params.get("specifyHeaders", "keypair") == "json":
        added = _json_parameter(run_name, params.get("jsonHeaders", ""), "JSON Headers", index)
    else:
        for row in _rows(params, "headerParameters"):
            if row.get("name"):
                _add(added, str(row["name"]), row.get("value", ""), False)
    lower = options.get("lowercaseHeaders", True) is not False
    for name, value in (added or {}).items():
        plan.headers[name.lower() if lower else name] = js_string(value)


def _body(
    run_name: str,
    params: dict[str, Any],
    version: float,
    index: int,
    binary: dict[str, Any],
    read_binary: Any,
    plan: Planned,
) -> Body:
    kind = params.get("contentType", "json")
    specify = params.get("specifyBody", "keypair")
    rows = _rows(params, "bodyParameters")
    repeat = version >= 4.3
    if kind == "json" and specify == "json":
        value = params.get("jsonBody", "")
        return Body("json", _json_parameter(run_name, value, "JSON Body", index))
    if kind == "multipart-form-data":
        parts: list[tuple[str, Any]] = []
        for row in rows:
            if row.get("parameterType") == "formBinaryData":
                field_name = row.get("inputDataFieldName")
                if not field_name:
                    continue
                entry = _binary_entry(run_name, binary, str(field_name), index)
                data = read_binary(entry)
                parts.append(
                    (
                        str(row.get("name", "")),
                        (data, entry.get("fileName") or "file", entry.get("mimeType")),
                    )
                )
            else:
                parts.append((str(row.get("name", "")), js_string(row.get("value", ""))))
        if plan.method in _NO_BODY:
            return Body()
        return Body("multipart", parts)
    if kind == "binaryData":
        if plan.method in _NO_BODY:
            return Body()
        entry = _binary_entry(run_name, binary, str(params.get("inputDataFieldName", "")), index)
        data = read_binary(entry)
        plan.headers["content-length"] = str(len(data))
        plan.headers["content-type"] = entry.get("mimeType") or "application/octet-stream"
        return Body("bytes", data)
    if kind == "raw":
        if plan.method in _NO_BODY:
            return Body()
        return Body("bytes", js_string(params.get("body", "")).encode())
    if kind == "form-urlencoded" and specify == "string":
        pairs = _split_form(str(params.get("body", "")))
        return Body("form", dict(pairs)) if plan.method not in _NO_BODY else Body()
    fields: dict[str, Any] = {}
    for row in rows:
        name, value = str(row.get("name", "")), row.get("value", "")
        if kind == "json" and version >= 4:
            lodash_set(fields, name, value)
        else:
            _add(fields, name, value, repeat)
    if kind == "form-urlencoded":
        return Body("form", fields) if plan.method not in _NO_BODY else Body()
    return Body("json", fields)


def _split_form(text: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(text, keep_blank_values=True)


def _binary_entry(run_name: str, binary: dict[str, Any], name: str, index: int) -> dict[str, Any]:
    entry = binary.get(name)
    if not isinstance(entry, dict):
        if not binary:
            message = "This operation expects the node's input data to contain a binary file"
        else:
            message = f"The item has no binary field '{name}'"
        _fail(run_name, message, index, "Input Data Field Name")
    return entry


def _encode(text: str) -> str:
    return quote(text, safe="-_.~!*'()")


def _flatten(prefix: str, value: Any, array_format: str, out: list[tuple[str, str]]) -> None:
    if value is None:
        out.append((prefix, ""))
    elif isinstance(value, dict):
        for key, sub in value.items():
            _flatten(f"{prefix}[{key}]", sub, array_format, out)
    elif isinstance(value, list):
        for position, sub in enumerate(value):
            if array_format == "repeat":
                key = prefix
            elif array_format == "brackets":
                key = f"{prefix}[]"
            else:
                key = f"{prefix}[{position}]"
            _flatten(key, sub, array_format, out)
    else:
        out.append((prefix, js_string(value)))


def encode_query(values: dict[str, Any], array_format: str | None) -> str:
    """Query (or form) text as n8n's request helper writes it."""
    pairs: list[tuple[str, str]] = []
    for key, value in values.items():
        _flatten(str(key), value, array_format or "indices", pairs)
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)


def with_query(url: str, query: dict[str, Any], array_format: str | None) -> str:
    """The URL with the query parameters added to any it has."""
    text = encode_query(query, array_format)
    if not text:
        return url
    return f"{url}{'&' if '?' in url else '?'}{text}"
