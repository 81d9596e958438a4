"""renameKeys: n8n's Rename Keys (version 1): rename fields by name, or by regular expression.

Named renames read the input item's value (dot notation: `a.b`, `a[0]`), write it under
the new name and remove the old one; a name that is empty, unchanged or missing is
skipped. Regular expressions (JavaScript's syntax) then rename every matching key at
every depth (or down to Max Depth), the first match in each key replaced, with `$1`,
`$<name>`, `$&` in the replacement.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits
from kflow.nodes.core.base import describe, each_item
from kflow.nodes.core.paths import MISSING, lodash_get, lodash_set, lodash_unset, settle

__all__ = ["RENAME_KEYS", "RenameKeysNode", "js_regex"]

_ARRAY_INDEX = re.compile(r"^(?:0|[1-9]\d*)$")


class RenameKeysNode:
    """n8n's Rename Keys."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.renameKeys",), streams=True)
    description = describe(
        "renameKeys",
        "Rename Keys",
        "Update item field names",
        [
            {
                "displayName": "Keys",
                "name": "keys",
                "type": "fixedCollection",
                "placeholder": "Add new key",
                "description": "The keys to rename",
                "typeOptions": {"multipleValues": True, "sortable": True},
                "default": {},
                "options": [
                    {
                        "displayName": "Key",
                        "name": "key",
                        "values": [
                            {
                                "displayName": "Current Key Name",
                                "name": "currentKey",
                                "type": "string",
                                "default": "",
                                "placeholder": "currentKey",
                                "description": "The key to rename; dot notation reaches "
                                "nested keys (level1.level2.currentKey)",
                            },
                            {
                                "displayName": "New Key Name",
                                "name": "newKey",
                                "type": "string",
                                "default": "",
                                "placeholder": "newKey",
                                "description": "Its new name; dot notation writes it nested",
                            },
                        ],
                    }
                ],
            },
            {
                "displayName": "Additional Options",
                "name": "additionalOptions",
                "type": "collection",
                "default": {},
                "placeholder": "Add option",
                "options": [
                    {
                        "displayName": "Regex",
                        "name": "regexReplacement",
                        "type": "fixedCollection",
                        "placeholder": "Add new regular expression",
                        "description": "Rename every key a regular expression matches",
                        "typeOptions": {"multipleValues": True, "sortable": True},
                        "default": {},
                        "options": [
                            {
                                "displayName": "Replacement",
                                "name": "replacements",
                                "values": [
                                    {
                                        "displayName": "A regular expression may also rename "
                                        "keys renamed before it",
                                        "name": "regExNotice",
                                        "type": "notice",
                                        "default": "",
                                    },
                                    {
                                        "displayName": "Regular Expression",
                                        "name": "searchRegex",
                                        "type": "string",
                                        "default": "",
                                        "placeholder": "e.g. [N-n]ame",
                                        "description": "What to find in key names "
                                        "(JavaScript syntax)",
                                    },
                                    {
                                        "displayName": "Replace With",
                                        "name": "replaceRegex",
                                        "type": "string",
                                        "default": "",
                                        "placeholder": "replacedName",
                                        "description": "What the first match becomes; $1, "
                                        "$2 … insert captured groups",
                                    },
                                    {
                                        "displayName": "Options",
                                        "name": "options",
                                        "type": "collection",
                                        "default": {},
                                        "placeholder": "Add Regex Option",
                                        "options": [
                                            {
                                                "displayName": "Case Insensitive",
                                                "name": "caseInsensitive",
                                                "type": "boolean",
                                                "default": False,
                                                "description": "Whether case is ignored",
                                            },
                                            {
                                                "displayName": "Max Depth",
                                                "name": "depth",
                                                "type": "number",
                                                "default": -1,
                                                "description": "How deep keys are renamed: "
                                                "-1 everywhere, 0 the top level only",
                                            },
                                        ],
                                    },
                                ],
                            }
                        ],
                    }
                ],
            },
        ],
        version=1,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        return [each_item(run, lambda index, item: self._one(run, index, item))]

    def _one(self, run: NodeRun, index: int, item: Item) -> Item:
        params = run.params(index)
        source = item.get("json") or {}
        data = copy.deepcopy(source)
        for key in (params.get("keys") or {}).get("key") or []:
            current, new = str(key.get("currentKey", "")), str(key.get("newKey", ""))
            if current == "" or new == "" or current == new:
                continue
            value = lodash_get(source, current)
            if value is MISSING:
                continue
            lodash_set(data, new, copy.deepcopy(value))
            lodash_unset(data, current)
        extra = params.get("additionalOptions") or {}
        for rule in (extra.get("regexReplacement") or {}).get("replacements") or []:
            options = rule.get("options") or {}
            try:
                pattern = js_regex(
                    str(rule.get("searchRegex", "")), bool(options.get("caseInsensitive"))
                )
            except re.error as exc:
                raise NodeOperationError(
                    run.name,
                    f"Invalid regular expression: /{rule.get('searchRegex', '')}/: {exc}",
                    item_index=index,
                    parameter="Regular Expression",
                ) from None
            depth = options.get("depth", -1)
            renamer = _Renamer(pattern, str(rule.get("replaceRegex", "")), run.name, index)
            renamer.walk(data, -1 if depth is None else int(depth))
        result: Item = {"json": settle(data), "pairedItem": {"item": index}}
        if item.get("binary") is not None:
            result["binary"] = item["binary"]
        return result


class _Renamer:
    """Renames matching keys, children before their parents' keys, as n8n walks them."""

    def __init__(self, pattern: re.Pattern[str], replacement: str, node: str, index: int):
        self.pattern = pattern
        self.replacement = replacement
        self.node = node
        self.index = index

    def walk(self, data: Any, depth: int) -> None:
        if isinstance(data, list):
            if depth != 0:
                for element in data:
                    self.walk(element, depth - 1)
            return
        if isinstance(data, str):
            self._string(data)
            return
        if not isinstance(data, dict):
            return
        for key in _js_key_order(list(data)):
            if key not in data:
                continue  # renamed onto, then removed, earlier in this walk
            value = data[key]
            if (isinstance(value, dict | list) or value is None) and depth != 0:
                self.walk(value, depth - 1)
            new = self._renamed(key)
            if new is not None and new != key:
                data[new] = value
                del data[key]

    def _renamed(self, key: str) -> str | None:
        match = self.pattern.search(key)
        if match is None:
            return None
        return key[: match.start()] + _expand(match, self.replacement) + key[match.end() :]

    def _string(self, text: str) -> None:
        # JavaScript walks a string inside a list by its character positions; renaming
        # one of them fails (strings cannot take new properties).
        for position in range(len(text)):
            new = self._renamed(str(position))
            if new is not None and new != str(position):
                raise NodeOperationError(
                    self.node,
                    f"Cannot create property '{new}' on string '{text}'",
                    item_index=self.index,
                    parameter="Regular Expression",
                )


def _js_key_order(keys: list[str]) -> list[str]:
    """Keys in JavaScript's order: array-index keys ascending first, then the rest."""
    indexes = sorted((k for k in keys if _ARRAY_INDEX.match(k) and int(k) < 2**32 - 1), key=int)
    return indexes + [k for k in keys if not (_ARRAY_INDEX.match(k) and int(k) < 2**32 - 1)]


def js_regex(source: str, ignore_case: bool = False) -> re.Pattern[str]:
    """A JavaScript regular expression (no flags but `i`) as a Python pattern.

    Raises:
        re.error: The expression does not compile.
    """
    out: list[str] = []
    in_class = False
    at = 0
    while at < len(source):
        char = source[at]
        if char == "\\" and at + 1 < len(source):
            code = source[at + 1]
            if code == "k" and source.startswith("<", at + 2) and ">" in source[at + 3 :]:
                end = source.index(">", at + 3)
                out.append(f"(?P={source[at + 3 : end]})")
                at = end + 1
                continue
            if code == "d":
                out.append("0-9" if in_class else "[0-9]")
            elif code == "D" and not in_class:
                out.append("[^0-9]")
            elif code == "w":
                out.append("A-Za-z0-9_" if in_class else "[A-Za-z0-9_]")
            elif code == "W" and not in_class:
                out.append("[^A-Za-z0-9_]")
            elif code.isalnum() and code not in "bBsSdDwWtnrfvux0123456789cpP":
                out.append(re.escape(code))  # JavaScript reads an unknown escape as the letter
            else:
                out.append(source[at : at + 2])
            at += 2
            continue
        if in_class:
            if char == "]":
                in_class = False
            out.append(char)
        elif char == "[":
            if source.startswith("[]", at):
                out.append("(?!)")
                at += 2
                continue
            if source.startswith("[^]", at):
                out.append(r"[\s\S]")
                at += 3
                continue
            in_class = True
            out.append(char)
        elif char == "$":
            out.append(r"\Z")
        elif source.startswith("(?<", at) and source[at + 3 : at + 4] not in ("=", "!"):
            out.append("(?P<")
            at += 3
            continue
        else:
            out.append(char)
        at += 1
    return re.compile("".join(out), re.IGNORECASE if ignore_case else 0)


def _expand(match: re.Match[str], replacement: str) -> str:
    """JavaScript's replacement patterns: $$, $&, $`, $', $1…$99, $<name>."""
    out: list[str] = []
    groups = match.re.groups
    text = match.string
    at = 0
    while at < len(replacement):
        char = replacement[at]
        nxt = replacement[at + 1] if at + 1 < len(replacement) else ""
        if char != "$" or nxt == "":
            out.append(char)
            at += 1
            continue
        if nxt == "$":
            out.append("$")
            at += 2
        elif nxt == "&":
            out.append(match.group(0))
            at += 2
        elif nxt == "`":
            out.append(text[: match.start()])
            at += 2
        elif nxt == "'":
            out.append(text[match.end() :])
            at += 2
        elif nxt.isdigit():
            two = replacement[at + 1 : at + 3]
            if len(two) == 2 and two.isdigit() and 1 <= int(two) <= groups:
                out.append(match.group(int(two)) or "")
                at += 3
            elif 1 <= int(nxt) <= groups:
                out.append(match.group(int(nxt)) or "")
                at += 2
            else:
                out.append(char)
                at += 1
        elif nxt == "<" and match.re.groupindex and ">" in replacement[at + 2 :]:
            end = replacement.index(">", at + 2)
            name = replacement[at + 2 : end]
            out.append(match.group(name) or "" if name in match.re.groupindex else "")
            at = end + 1
        else:
            out.append(char)
            at += 1
    return "".join(out)


RENAME_KEYS = RenameKeysNode()
