"""JSON values as n8n's Merge and Compare Datasets read, compare and merge them.

n8n reads fields with lodash's `get` (dotted and bracketed paths, a literal key first),
compares with lodash's `isEqual` (types strict) or its own fuzzy comparison, and merges
objects with lodash's deep `merge` or shallow `assign`. JavaScript's `undefined` is MISSING.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any

from kflow.nodes.core.js_values import is_equal, is_number, js_string, js_typeof
from kflow.nodes.core.paths import MISSING

__all__ = [
    "MISSING",
    "Merger",
    "cast_path",
    "fuzzy_equal",
    "get_value",
    "merger",
    "set_value",
    "unset_value",
]

Merger = Callable[..., dict[str, Any]]

_PLAIN_KEY = re.compile(r"^\w*$")
_DEEP_KEY = re.compile(r"\.|\[(?:[^[\]]*|([\"'])(?:(?!\1)[^\\]|\\.)*?\1)\]")
_PATH_PART = re.compile(
    r"[^.[\]]+|\[(?:([^\"'][^[]*)|([\"'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|$))"
)


def cast_path(data: Any, path: str) -> list[str]:
    """lodash's path reading: a literal key of `data` first, else the dotted parts."""
    if not _DEEP_KEY.search(path) or _PLAIN_KEY.match(path):
        return [path]
    if isinstance(data, dict) and path in data:
        return [path]
    parts: list[str] = []
    if path.startswith("."):
        parts.append("")
    for match in _PATH_PART.finditer(path):
        number, quote, quoted = match.group(1), match.group(2), match.group(3)
        if quote:
            parts.append(re.sub(r"\\(\\)?", r"\1", quoted))
        elif number is not None:
            parts.append(number.strip())
        else:
            parts.append(match.group(0))
    return parts


def _child(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return value.get(key, MISSING)
    if isinstance(value, list | str):
        if key == "length":
            return len(value)
        if key.isdigit() and int(key) < len(value) and str(int(key)) == key:
            return value[int(key)]
    return MISSING


def get_value(data: Any, path: str, *, dotted: bool = True) -> Any:
    """lodash's `get` (or `data[path]` when dot notation is off); MISSING if absent."""
    if not dotted:
        return _child(data, path)
    current = data
    for part in cast_path(data, path):
        if current is None or current is MISSING:
            return MISSING
        current = _child(current, part)
    return current


def set_value(data: dict[str, Any], path: str, value: Any) -> None:
    """lodash's `set`: creates objects on the way; a MISSING value creates only those."""
    parts = cast_path(data, path)
    current: Any = data
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(current, list) and part.isdigit():
            slot = int(part)
            while len(current) <= slot:
                current.append(None)
            if last:
                if value is not MISSING:
                    current[slot] = value
                return
            if not isinstance(current[slot], dict | list):
                current[slot] = [] if parts[index + 1].isdigit() else {}
            current = current[slot]
            continue
        if not isinstance(current, dict):
            return
        if last:
            if value is not MISSING:
                current[part] = value
            return
        if not isinstance(current.get(part), dict | list):
            current[part] = [] if parts[index + 1].isdigit() else {}
        current = current[part]


def unset_value(data: Any, path: str) -> None:
    """lodash's `unset`: removes the field at `path`, if there."""
    parts = cast_path(data, path)
    parent = data
    for part in parts[:-1]:
        parent = _child(parent, part)
    if isinstance(parent, dict):
        parent.pop(parts[-1], None)


def _falsy(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "") or value == []


def _bool_text(flag: bool, text: str) -> bool:
    return text.lower() == ("true" if flag else "false") or text == ("1" if flag else "0")


def _same_as_text(value: Any, text: str) -> bool:
    try:
        return is_equal(json.loads(text), value)
    except ValueError:
        return False


def fuzzy_equal(left: Any, right: Any, *, version: float = 1) -> bool:
    """n8n's fuzzy comparison: 3 equals "3", true equals "true" and 1, null equals "" and [],
    an object equals its JSON text; from version 2 null also equals 0 and "0"."""
    left_type, right_type = js_typeof(left), js_typeof(right)
    if left is not None and right is not None and left_type == right_type:
        return is_equal(left, right)
    if version >= 2:
        if left is None and (right is None or right == "0" or (is_number(right) and right == 0)):
            return True
        if right is None and (left == "0" or (is_number(left) and left == 0)):
            return True
    if _falsy(left) and _falsy(right):
        return True
    if (_falsy(left) and right is MISSING) or (left is MISSING and _falsy(right)):
        return True
    if left_type == "number" and right_type == "string":
        return js_string(left, exact_integers=True) == right
    if left_type == "string" and right_type == "number":
        return left == js_string(right, exact_integers=True)
    if left is not None and left_type == "object" and right_type == "string":
        return _same_as_text(left, right)
    if right is not None and left_type == "string" and right_type == "object":
        return _same_as_text(right, left)
    for flag, other in ((left, right), (right, left)):
        if isinstance(flag, bool) and isinstance(other, str) and _bool_text(flag, other):
            return True
        if isinstance(flag, bool) and is_number(other) and other == (1 if flag else 0):
            return True
    return is_equal(left, right)


def comparer(fuzzy: bool, version: float = 1) -> Callable[[Any, Any], bool]:
    """How two field values are compared: strictly, or fuzzily."""
    if not fuzzy:
        return is_equal
    return lambda left, right: fuzzy_equal(left, right, version=version)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _merge_into(target: Any, source: Any, keep_filled: bool) -> None:
    keys: Any = range(len(source)) if isinstance(source, list) else list(source)
    for key in keys:
        if isinstance(target, list):
            if not isinstance(key, int) and not (isinstance(key, str) and key.isdigit()):
                continue
            slot = int(key)
            old = target[slot] if slot < len(target) else MISSING
        else:
            slot, old = key, target.get(key, MISSING)
        new = _merged(old, source[key], keep_filled)
        if isinstance(target, list):
            while len(target) <= slot:
                target.append(None)
        target[slot] = new


def _merged(old: Any, new: Any, keep_filled: bool) -> Any:
    if isinstance(new, list):
        into = old if isinstance(old, list) else []
        _merge_into(into, new, keep_filled)
        return into
    if isinstance(new, dict):
        into = old if isinstance(old, dict | list) else {}
        _merge_into(into, new, keep_filled)
        return into
    if keep_filled and _empty(new) and old is not MISSING:
        return old
    return new


def merger(clash: dict[str, Any]) -> Merger:
    """n8n's merge of objects for a clash-handling setting: deep (lodash `merge`) unless
    `mergeMode` is shallowMerge; with `overrideEmpty`, null and "" never replace a value.

    As in n8n, the deep merge that keeps filled values merges into a shallow copy of the
    first object, so that object's nested objects and lists are changed in place.
    """
    mode = clash.get("mergeMode")
    keep_filled = bool(clash.get("overrideEmpty")) and mode in ("deepMerge", "shallowMerge")
    shallow = mode == "shallowMerge"

    def merge(*objects: dict[str, Any]) -> dict[str, Any]:
        if shallow:
            result: dict[str, Any] = {}
            for source in objects:
                for key, value in source.items():
                    if not (keep_filled and _empty(value) and key in result):
                        result[key] = value
            return copy.deepcopy(result)
        if keep_filled:
            result = dict(objects[0]) if objects else {}
            for source in objects[1:]:
                _merge_into(result, source, keep_filled)
            return result
        result = {}
        for source in objects:
            _merge_into(result, copy.deepcopy(source), keep_filled)
        return result

    return merge
