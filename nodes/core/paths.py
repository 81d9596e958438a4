"""Dotted field paths (`a.b.c`), as n8n's dot notation reads and writes them."""

from __future__ import annotations

import re
from typing import Any

from kflow.nodes.core.js_values import UNDEFINED

__all__ = [
    "MISSING",
    "get_path",
    "lodash_get",
    "lodash_set",
    "lodash_unset",
    "remove_path",
    "set_path",
    "settle",
    "split_path",
]

MISSING: Any = UNDEFINED  # a path that is not there reads as JavaScript's undefined


def get_path(data: Any, path: str) -> Any:
    """The value at `path`, or MISSING."""
    current = data
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return MISSING
    return current


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Sets `path`, creating objects on the way."""
    parts = path.split(".")
    current = data
    for part in parts[:-1]:
        nxt = current.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            current[part] = nxt
        current = nxt
    current[parts[-1]] = value


def remove_path(data: dict[str, Any], path: str) -> None:
    parts = path.split(".")
    current: Any = data
    for part in parts[:-1]:
        current = current.get(part) if isinstance(current, dict) else None
    if isinstance(current, dict):
        current.pop(parts[-1], None)


# Paths as lodash reads them (`a.b[0]["c.d"]`), which n8n's Set and Rename Keys use: a
# whole key that exists wins over its dotted reading, missing steps are made (a list when
# the next step is an index), and removing a list element leaves a hole (`MISSING`, which
# `settle` turns into null, as JSON writes JavaScript's holes).

_PROP = re.compile(
    r"""[^.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]"""
    r"""|(?=(?:\.|\[\])(?:\.|\[\]|$))"""
)
_DEEP = re.compile(r"""\.|\[(?:[^[\]]*|(["'])(?:(?!\1)[^\\]|\\.)*?\1)\]""")
_PLAIN = re.compile(r"^[A-Za-z0-9_]*$")
_INDEX = re.compile(r"^(?:0|[1-9]\d*)$")
_UNSAFE = {"__proto__", "constructor", "prototype"}


def split_path(path: str, data: Any = None) -> list[str]:
    """The steps of a lodash path; a key of `data` as a whole is one step."""
    if _PLAIN.match(path) or not _DEEP.search(path) or (isinstance(data, dict) and path in data):
        return [path]
    steps: list[str] = [""] if path.startswith(".") else []
    for match in _PROP.finditer(path):
        number, quote, quoted = match.group(1), match.group(2), match.group(3)
        if quote:
            steps.append(re.sub(r"\\(.)", r"\1", quoted))
        elif number is not None:
            steps.append(number)
        else:
            steps.append(match.group(0))
    return steps


def _step(current: Any, key: str) -> Any:
    if isinstance(current, dict):
        return current.get(key, MISSING)
    if isinstance(current, list):
        if _INDEX.match(key) and int(key) < len(current):
            return current[int(key)]
        return len(current) if key == "length" else MISSING
    if isinstance(current, str):
        if _INDEX.match(key) and int(key) < len(current):
            return current[int(key)]
        return len(current) if key == "length" else MISSING
    return MISSING


def lodash_get(data: Any, path: str) -> Any:
    """The value at `path` (lodash's `get`), or MISSING."""
    current = data
    for key in split_path(path, data):
        if current is None or current is MISSING:
            return MISSING
        current = _step(current, key)
    return current


def _assign(container: Any, key: str, value: Any, hole: Any) -> None:
    if isinstance(container, dict):
        container[key] = value
    elif isinstance(container, list) and _INDEX.match(key):
        index = int(key)
        if index >= len(container):
            container.extend([hole] * (index + 1 - len(container)))
        container[index] = value


def lodash_set(data: dict[str, Any], path: str, value: Any, *, hole: Any = MISSING) -> None:
    """Sets `path` (lodash's `set`): steps that are not objects become `{}`, or `[]` before
    an index; a list grown to reach an index is filled with `hole` (MISSING for callers
    that `settle` the result, None for those that write the list out as it is)."""
    steps = split_path(path, data)
    current: Any = data
    for number, key in enumerate(steps):
        if key in _UNSAFE:
            return
        if number == len(steps) - 1:
            _assign(current, key, value, hole)
            return
        found = _step(current, key) if isinstance(current, dict | list) else MISSING
        if not isinstance(found, dict | list):
            found = [] if _INDEX.match(steps[number + 1]) else {}
            _assign(current, key, found, hole)
        current = found


def lodash_unset(data: Any, path: str, *, hole: Any = MISSING) -> None:
    """Removes `path` (lodash's `unset`); a list element becomes `hole`."""
    steps = split_path(path, data)
    parent: Any = data
    for key in steps[:-1]:
        if not isinstance(parent, dict | list):
            return
        parent = _step(parent, key)
    last = steps[-1]
    if isinstance(parent, dict):
        parent.pop(last, None)
    elif isinstance(parent, list) and _INDEX.match(last) and int(last) < len(parent):
        parent[int(last)] = hole


def settle(value: Any) -> Any:
    """`value` as JSON would write it: MISSING keys dropped, MISSING list elements null."""
    if isinstance(value, dict):
        return {k: settle(v) for k, v in value.items() if v is not MISSING}
    if isinstance(value, list):
        return [None if v is MISSING else settle(v) for v in value]
    return value
