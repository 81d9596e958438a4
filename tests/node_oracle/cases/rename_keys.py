"""Rename Keys 1: named renames (dot notation, missing and empty names) and regular
expressions (captures, case, depth, keys inside lists)."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

ROWS: list[dict[str, Any]] = [
    {"id": 1, "firstName": "Ann", "lastName": "Lee", "address": {"cityName": "Oslo", "zip": "01"}},
    {
        "id": 2,
        "firstName": "Бо",
        "tags": ["a", "b"],
        "items": [{"itemName": "x"}, {"itemName": "y"}],
    },
    {
        "id": 3,
        "Name": "upper",
        "name_2": None,
        "deep": {"l1": {"l2": {"nameKey": 1}}},
        "a.b": "lit",
    },
]


def node(parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Rename",
        "type": "n8n-nodes-base.renameKeys",
        "typeVersion": 1,
        "parameters": parameters,
    }


def keys(*pairs: tuple[str, str]) -> dict[str, Any]:
    return {"keys": {"key": [{"currentKey": c, "newKey": n} for c, n in pairs]}}


def regex(*rules: tuple[str, str, dict[str, Any]], **more: Any) -> dict[str, Any]:
    replacements = [
        {"searchRegex": s, "replaceRegex": r, **({"options": o} if o is not None else {})}
        for s, r, o in rules
    ]
    return {**more, "additionalOptions": {"regexReplacement": {"replacements": replacements}}}


def case(
    what: str,
    parameters: dict[str, Any],
    rows: list[dict[str, Any]] | None = None,
    *,
    error: bool = False,
) -> Case:
    return Case(
        f"renameKeys-1-{what}",
        nodes=[node(parameters)],
        inputs={"Input": ROWS if rows is None else rows},
        error=error,
    )


CASES: list[Case] = [
    case("one-key", keys(("firstName", "first"))),
    case("several-keys", keys(("firstName", "first"), ("lastName", "last"), ("id", "ID"))),
    case("nested-source", keys(("address.cityName", "city"))),
    case("nested-target", keys(("firstName", "person.first"), ("id", "meta.ids[0]"))),
    case("within-nested", keys(("address.cityName", "address.city"))),
    case("missing-key-skipped", keys(("nope", "other"), ("address.nope", "x"))),
    case("empty-names-skipped", keys(("", "x"), ("id", ""), ("id", "id"))),
    case("chained-reads-input", keys(("firstName", "lastName"), ("lastName", "surname"))),
    case("onto-existing", keys(("firstName", "id"))),
    case("null-value-renamed", keys(("name_2", "name2"))),
    case("literal-dotted-key", keys(("a.b", "ab"))),
    case("array-element", keys(("items[0].itemName", "firstItem"))),
    case("into-itself", keys(("address", "address.inner"))),
    case("no-parameters", {}),
    case("expression-names", keys(("={{ 'first' + 'Name' }}", "={{ 'n' + $json.id }}"))),
    case("regex-simple", regex(("Name", "_name", None))),
    case("regex-captures", regex(("([a-z]+)Name", "$1_name", {}))),
    case("regex-anchors", regex(("^id$", "identifier", {}), ("^n", "N", {}))),
    case("regex-case-insensitive", regex(("name", "label", {"caseInsensitive": True}))),
    case("regex-depth-0", regex(("Name", "N", {"depth": 0}))),
    case("regex-depth-1", regex(("Name", "N", {"depth": 1}))),
    case("regex-depth-unlimited", regex(("Key|Name", "K", {"depth": -1}))),
    case("regex-first-match-only", regex(("a", "A", {})), [{"banana": 1, "aaa": {"xa": 2}}]),
    case("regex-named-group", regex(("(?<w>[a-z]+)Name", "$<w>-n", {}))),
    case("regex-special-replacements", regex(("Name", "[$&|$$]", {}))),
    case(
        "regex-classes",
        regex(("\\d+", "#", {}), ("\\w+_", "x_", {})),
        [{"k1": 1, "name_2": 2, "a b": 3}],
    ),
    case("regex-empty-pattern", regex(("", "p_", {})), [{"a": 1, "b": {"c": 2}}]),
    case("regex-after-keys", regex(("first", "given", {}), **keys(("firstName", "firstName2")))),
    case("regex-collision", regex(("^(a|b)$", "c", {})), [{"a": 1, "b": 2, "c": 3}]),
    case("regex-in-arrays-of-objects", regex(("itemName", "name", {}))),
    case(
        "regex-digit-keys-in-string-array",
        regex(("^0$", "zero", {})),
        [{"tags": ["ab", "c"]}],
        error=True,
    ),
    case(
        "regex-digit-keys-depth-limit",
        regex(("^0$", "zero", {"depth": 1})),
        [{"tags": ["ab", "c"], "0": "top"}],
    ),
    case("regex-invalid", regex(("(", "x", {})), error=True),
    case("regex-two-rules", regex(("Name$", "", {}), ("^(first|last)$", "$1_n", {}))),
    case("regex-unicode", regex(("имя", "name", {})), [{"имя": 1, "поле": {"имя": 2}}]),
]
