"""If (1, 2 … 2.3) and Filter (1, 2 … 2.3): every operator, strict and loose types, versions."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.cases._conditions import (
    ARRAYS,
    BOOLEANS,
    DATES,
    LOOSE_BOOLEANS,
    LOOSE_NUMBERS,
    NUMBERS,
    OBJECTS,
    STRINGS,
    cond,
    filt,
)
from tests.node_oracle.harness import Case

FILTER_VERSION = {2: 1, 2.1: 1, 2.2: 2, 2.3: 3}


def if2(
    version: float,
    conditions: dict[str, Any],
    *,
    loose: bool = False,
    options: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    kind: str = "if",
) -> dict[str, Any]:
    """An If (or Filter) 2.x node as the editor stores it."""
    params: dict[str, Any] = {"conditions": conditions}
    if version >= 2.1:
        params["looseTypeValidation"] = loose
    params["options"] = dict(options or {})
    if version < 2.1 and loose:
        params["options"]["looseTypeValidation"] = True
    name = "If" if kind == "if" else "Filter"
    return {
        "name": name,
        "type": f"n8n-nodes-base.{kind}",
        "typeVersion": version,
        "parameters": params,
        **(settings or {}),
    }


CASES: list[Case] = []


def add(
    id_: str,
    node: dict[str, Any] | list[dict[str, Any]],
    rows: list[dict[str, Any]],
    error: bool = False,
) -> None:
    nodes = node if isinstance(node, list) else [node]
    CASES.append(Case(id_, nodes=nodes, inputs={"Input": rows}, error=error))


# --- every operator, in the newest versions (If 2.3 and Filter 2.3) ---------------------

OPERATORS: list[tuple[str, str, Any, list[dict[str, Any]]]] = [
    ("string", "equals", "hello", STRINGS),
    ("string", "notEquals", "hello", STRINGS),
    ("string", "contains", "llo", STRINGS),
    ("string", "notContains", "llo", STRINGS),
    ("string", "startsWith", "Hel", STRINGS),
    ("string", "notStartsWith", "Hel", STRINGS),
    ("string", "endsWith", "ße", STRINGS),
    ("string", "notEndsWith", "ße", STRINGS),
    ("string", "regex", "^h.*o$", STRINGS),
    ("string", "notRegex", "/^h.*O$/i", STRINGS),
    ("string", "exists", "", STRINGS),
    ("string", "notExists", "", STRINGS),
    ("string", "empty", "", STRINGS),
    ("string", "notEmpty", "", STRINGS),
    ("number", "equals", 5, NUMBERS),
    ("number", "notEquals", 5, NUMBERS),
    ("number", "gt", 0, NUMBERS),
    ("number", "lt", 5, NUMBERS),
    ("number", "gte", 5, NUMBERS),
    ("number", "lte", 0, NUMBERS),
    ("number", "exists", "", NUMBERS),
    ("number", "notExists", "", NUMBERS),
    ("number", "empty", "", NUMBERS),
    ("number", "notEmpty", "", NUMBERS),
    ("dateTime", "after", "2024-02-01T00:00:00Z", DATES),
    ("dateTime", "before", "2024-02-01", DATES),
    ("dateTime", "afterOrEquals", "2024-03-01T10:00:00Z", DATES),
    ("dateTime", "beforeOrEquals", "2024-03-01T10:00:00Z", DATES),
    ("dateTime", "equals", "2024-03-01T10:00:00Z", DATES),
    ("dateTime", "notEquals", "2024-03-01T10:00:00Z", DATES),
    ("dateTime", "exists", "", DATES),
    ("dateTime", "notExists", "", DATES),
    ("dateTime", "empty", "", DATES),
    ("dateTime", "notEmpty", "", DATES),
    ("boolean", "true", "", BOOLEANS),
    ("boolean", "false", "", BOOLEANS),
    ("boolean", "equals", True, BOOLEANS),
    ("boolean", "notEquals", True, BOOLEANS),
    ("boolean", "exists", "", BOOLEANS),
    ("boolean", "notExists", "", BOOLEANS),
    ("boolean", "empty", "", BOOLEANS),
    ("boolean", "notEmpty", "", BOOLEANS),
    ("array", "contains", "a", ARRAYS),
    ("array", "notContains", "a", ARRAYS),
    ("array", "lengthEquals", 1, ARRAYS),
    ("array", "lengthNotEquals", 1, ARRAYS),
    ("array", "lengthGt", 1, ARRAYS),
    ("array", "lengthLt", 3, ARRAYS),
    ("array", "lengthGte", 3, ARRAYS),
    ("array", "lengthLte", 1, ARRAYS),
    ("array", "empty", "", ARRAYS),
    ("array", "notEmpty", "", ARRAYS),
    ("array", "exists", "", ARRAYS),
    ("array", "notExists", "", ARRAYS),
    ("object", "empty", "", OBJECTS),
    ("object", "notEmpty", "", OBJECTS),
    ("object", "exists", "", OBJECTS),
    ("object", "notExists", "", OBJECTS),
]

for kind, operation, right, rows in OPERATORS:
    add(f"if-2.3-{kind}-{operation}", if2(2.3, filt(cond(kind, operation, right))), rows)

for kind, operation, right, rows in OPERATORS[::3]:
    add(
        f"filter-2.3-{kind}-{operation}",
        if2(2.3, filt(cond(kind, operation, right)), kind="filter"),
        rows,
    )

# --- case sensitivity --------------------------------------------------------------------

for operation, right in [
    ("equals", "HELLO"),
    ("contains", "WORLD"),
    ("startsWith", "hel"),
    ("endsWith", "STRASSE"),
    ("regex", "^HEL"),
    ("regex", "/^HEL/i"),
]:
    add(
        f"if-2.3-ignore-case-{operation}-{right}",
        if2(2.3, filt(cond("string", operation, right), case=False), options={"ignoreCase": True}),
        STRINGS,
    )
add(
    "if-2.3-array-contains-ignore-case",
    if2(2.3, filt(cond("array", "contains", "b"), case=False), options={"ignoreCase": True}),
    ARRAYS,
)
add(
    "if-2.3-array-contains-number",
    if2(2.3, filt(cond("array", "contains", "={{ 1 }}"))),
    ARRAYS,
)

# --- strict types: wrong types stop the node ---------------------------------------------

for kind, operation, right, rows in [
    ("number", "gt", 3, [{"v": "5"}]),
    ("number", "equals", "5", [{"v": 5}]),
    ("string", "equals", "5", [{"v": 5}]),
    ("boolean", "true", "", [{"v": "true"}]),
    ("array", "contains", "a", [{"v": "a"}]),
    ("object", "empty", "", [{"v": []}]),
    ("dateTime", "after", "2024-01-01", [{"v": "not a date"}]),
    ("string", "exists", "", [{"v": 1}]),
    ("array", "lengthGt", "2", [{"v": [1, 2, 3]}]),
]:
    add(
        f"if-2.3-strict-{kind}-{operation}-wrong-type",
        if2(2.3, filt(cond(kind, operation, right))),
        rows,
        error=True,
    )

# --- loose types, per filter version (If 2.1 → 1, 2.2 → 2, 2.3 → 3) --------------------

for version in (2.1, 2.2, 2.3):
    fv = FILTER_VERSION[version]
    for operation, right in [("equals", 5), ("gt", 4), ("lt", 1), ("empty", ""), ("exists", "")]:
        add(
            f"if-{version}-loose-number-{operation}",
            if2(
                version, filt(cond("number", operation, right), loose=True, version=fv), loose=True
            ),
            LOOSE_NUMBERS,
        )
    for operation, right in [("true", ""), ("false", ""), ("equals", "true"), ("empty", "")]:
        add(
            f"if-{version}-loose-boolean-{operation}",
            if2(
                version, filt(cond("boolean", operation, right), loose=True, version=fv), loose=True
            ),
            LOOSE_BOOLEANS,
        )
    add(
        f"if-{version}-loose-number-not-a-number",
        if2(version, filt(cond("number", "gt", 1), loose=True, version=fv), loose=True),
        [{"v": "abc"}],
        error=True,
    )

add(
    "if-2-loose-in-options",
    if2(2, filt(cond("number", "gt", "4"), loose=True, version=1), loose=True),
    LOOSE_NUMBERS,
)
add(
    "if-2.3-loose-string-from-others",
    if2(2.3, filt(cond("string", "contains", "1"), loose=True), loose=True),
    [{"v": 1}, {"v": 2.5}, {"v": True}, {"v": [1, 2]}, {"v": {"a": 1}}, {"v": 10}, {}],
)
add(
    "if-2.3-loose-string-equals-json",
    if2(2.3, filt(cond("string", "equals", '{"a":1}'), loose=True), loose=True),
    [{"v": {"a": 1}}, {"v": [1, "a"]}, {"v": 1.0}, {"v": 100000000000000000000000}],
)
add(
    "if-2.3-loose-array-from-text",
    if2(2.3, filt(cond("array", "lengthEquals", 2), loose=True), loose=True),
    [{"v": "[1, 2]"}, {"v": "['a', 'b']"}, {"v": [3, 4]}, {}],
)
add(
    "if-2.3-loose-object-from-text",
    if2(2.3, filt(cond("object", "notEmpty", ""), loose=True), loose=True),
    [{"v": '{"a": 1}'}, {"v": "{}"}, {"v": {"b": 2}}, {}],
)
add(
    "if-2.3-loose-date-from-number-text",
    if2(2.3, filt(cond("dateTime", "after", "2024-01-01"), loose=True), loose=True),
    [{"v": "2024-06-01 10:00:00"}, {"v": "Fri, 01 Mar 2024 10:00:00 GMT"}, {"v": "2023-12-31"}],
)

# --- combinators, several conditions, expressions on the right ---------------------------

MIXED = [
    {"name": "Alice", "age": 30, "tags": ["admin"]},
    {"name": "bob", "age": 17, "tags": []},
    {"name": "Carol", "age": 45},
    {"age": 12},
]
for combinator in ("and", "or"):
    add(
        f"if-2.3-combinator-{combinator}",
        if2(
            2.3,
            filt(
                cond("number", "gte", 18, left="={{ $json.age }}"),
                cond("string", "startsWith", "C", left="={{ $json.name }}"),
                combinator=combinator,
            ),
        ),
        MIXED,
    )
    add(
        f"filter-2.3-combinator-{combinator}",
        if2(
            2.3,
            filt(
                cond("array", "notEmpty", "", left="={{ $json.tags }}"),
                cond("number", "lt", 15, left="={{ $json.age }}"),
                combinator=combinator,
            ),
            kind="filter",
        ),
        MIXED,
    )
add(
    "if-2.3-no-conditions",
    if2(2.3, filt()),
    MIXED,
)
add(
    "if-2.3-right-expression",
    if2(2.3, filt(cond("number", "gt", "={{ $json.min }}", left="={{ $json.age }}"))),
    [{"age": 3, "min": 1}, {"age": 3, "min": 5}, {"age": 3, "min": 3}],
)
add(
    "if-2.3-missing-number-strict",
    if2(2.3, filt(cond("number", "gt", 1, left="={{ $json.missing }}"))),
    MIXED,
)
add(
    "if-2.3-missing-number-lt",
    if2(2.3, filt(cond("number", "lt", 1, left="={{ $json.missing }}"))),
    MIXED,
)
add(
    "if-2.3-null-number-lt",
    if2(2.3, filt(cond("number", "lt", 1))),
    [{"v": None}, {"v": 0}],
)
add(
    "if-2.3-nested-and-unicode",
    if2(2.3, filt(cond("string", "contains", "ß", left="={{ $json.a.b }}"))),
    [{"a": {"b": "straße"}}, {"a": {"b": "strasse"}}, {"a": {}}, {"a": {"c": "ß"}}],
)

# --- every 2.x version, If and Filter ----------------------------------------------------

for version in (2, 2.1, 2.2):
    add(
        f"if-{version}-string-equals",
        if2(version, filt(cond("string", "equals", "hello"), version=FILTER_VERSION[version])),
        STRINGS,
    )
    add(
        f"filter-{version}-number-gt",
        if2(
            version,
            filt(cond("number", "gt", 0), version=FILTER_VERSION[version]),
            kind="filter",
        ),
        NUMBERS,
    )
add(
    "if-2-ignore-case",
    if2(
        2,
        filt(cond("string", "equals", "HELLO"), case=False, version=1),
        options={"ignoreCase": True},
    ),
    STRINGS,
)
add(
    "filter-2.3-loose-number",
    if2(2.3, filt(cond("number", "gte", 5), loose=True), loose=True, kind="filter"),
    LOOSE_NUMBERS,
)
add(
    "filter-2.3-strict-error",
    if2(2.3, filt(cond("number", "gte", 5)), kind="filter"),
    [{"v": 1}, {"v": "7"}],
    error=True,
)

# --- errors and onError ------------------------------------------------------------------

for kind in ("if", "filter"):
    add(
        f"{kind}-2.3-continue-regular-output",
        if2(
            2.3,
            filt(cond("number", "gt", 3)),
            kind=kind,
            settings={"onError": "continueRegularOutput"},
        ),
        [{"v": 5}, {"v": "x"}, {"v": 1}],
    )

# --- If 1 and Filter 1 -------------------------------------------------------------------


def v1(
    kind: str, conditions: dict[str, Any], combine: str | None = None, **settings: Any
) -> dict[str, Any]:
    params: dict[str, Any] = {"conditions": conditions}
    if combine is not None:
        params["combineOperation" if kind == "if" else "combineConditions"] = combine
    name = "If" if kind == "if" else "Filter"
    return {
        "name": name,
        "type": f"n8n-nodes-base.{kind}",
        "typeVersion": 1,
        "parameters": params,
        **settings,
    }


def row(value1: Any, operation: str, value2: Any = None) -> dict[str, Any]:
    found: dict[str, Any] = {"value1": value1, "operation": operation}
    if value2 is not None:
        found["value2"] = value2
    return found


V1_STRINGS = [{"v": "Hello World"}, {"v": "hello"}, {"v": ""}, {"v": "Ünïcödé"}]
V1_NUMBERS = [{"v": 5}, {"v": 10}, {"v": 0}, {"v": -1}, {"v": "7"}, {"v": None}, {}]
for operation, value2 in [
    ("contains", "llo"),
    ("notContains", "llo"),
    ("endsWith", "World"),
    ("notEndsWith", "World"),
    ("equal", "hello"),
    ("notEqual", "hello"),
    ("regex", "/^h/i"),
    ("notRegex", "^h"),
    ("startsWith", "Hel"),
    ("notStartsWith", "Hel"),
    ("isEmpty", None),
    ("isNotEmpty", None),
]:
    add(
        f"if-1-string-{operation}",
        v1("if", {"string": [row("={{ $json.v }}", operation, value2)]}),
        V1_STRINGS,
    )
for operation in (
    "smaller",
    "smallerEqual",
    "equal",
    "notEqual",
    "larger",
    "largerEqual",
    "isEmpty",
    "isNotEmpty",
):
    add(
        f"if-1-number-{operation}",
        v1("if", {"number": [row("={{ $json.v }}", operation, 5)]}),
        V1_NUMBERS,
    )
    add(
        f"filter-1-number-{operation}",
        v1("filter", {"number": [row("={{ $json.v }}", operation, 5)]}),
        V1_NUMBERS,
    )
for operation in ("equal", "notEqual"):
    add(
        f"if-1-boolean-{operation}",
        v1("if", {"boolean": [row("={{ $json.v }}", operation, True)]}),
        [{"v": True}, {"v": False}, {"v": "true"}, {"v": None}, {}],
    )
for operation in ("after", "before"):
    add(
        f"if-1-dateTime-{operation}",
        v1("if", {"dateTime": [row("={{ $json.v }}", operation, "2024-02-01T00:00:00Z")]}),
        [{"v": "2024-03-01T10:00:00Z"}, {"v": "2024-01-15"}, {"v": 1706745600001}],
    )
add(
    "if-1-dateTime-invalid",
    v1("if", {"dateTime": [row("={{ $json.v }}", "after", "2024-02-01")]}),
    [{"v": "2024-03-01"}, {"v": "nope"}],
    error=True,
)
add(
    "if-1-dateTime-missing",
    v1("if", {"dateTime": [row("={{ $json.v }}", "after", "2024-02-01")]}),
    [{}],
    error=True,
)
add(
    "if-1-string-endsWith-missing",
    v1("if", {"string": [row("={{ $json.v }}", "endsWith", "x")]}),
    [{"v": "ax"}, {}],
    error=True,
)
add(
    "if-1-string-contains-missing",
    v1("if", {"string": [row("={{ $json.v }}", "contains", "x")]}),
    [{"v": "ax"}, {}, {"v": 123}, {"v": None}],
)
for combine in ("all", "any"):
    add(
        f"if-1-combine-{combine}",
        v1(
            "if",
            {
                "number": [row("={{ $json.age }}", "larger", 17)],
                "string": [row("={{ $json.name }}", "startsWith", "C")],
                "boolean": [row("={{ $json.ok }}", "equal", True)],
            },
            combine,
        ),
        [
            {"name": "Carol", "age": 30, "ok": True},
            {"name": "Carol", "age": 3, "ok": True},
            {"name": "bob", "age": 30, "ok": False},
            {"name": "dan", "age": 3, "ok": False},
        ],
    )
for combine in ("AND", "OR"):
    add(
        f"filter-1-combine-{combine}",
        v1(
            "filter",
            {
                "number": [row("={{ $json.age }}", "larger", 17)],
                "string": [row("={{ $json.name }}", "startsWith", "C")],
            },
            combine,
        ),
        [
            {"name": "Carol", "age": 30},
            {"name": "Carol", "age": 3},
            {"name": "bob", "age": 30},
            {"name": "dan", "age": 3},
        ],
    )
add("if-1-no-conditions", v1("if", {}), V1_STRINGS)
add("filter-1-no-conditions", v1("filter", {}), V1_STRINGS)
add(
    "filter-1-string-regex",
    v1("filter", {"string": [row("={{ $json.v }}", "regex", "/WORLD$/i")]}),
    V1_STRINGS,
)
add(
    "filter-1-string-isEmpty",
    v1("filter", {"string": [row("={{ $json.v }}", "isEmpty")]}),
    [{"v": ""}, {"v": "a"}, {"v": []}, {"v": {}}, {"v": None}, {}, {"v": 0}],
)
add(
    "if-1-literal-values",
    v1("if", {"number": [row(3, "smaller", 5)], "string": [row("abc", "contains", "b")]}),
    [{"v": 1}],
)

# --- more edge cases ---------------------------------------------------------------------

add(
    "if-2.3-or-without-conditions",
    if2(2.3, filt(combinator="or")),
    MIXED,
)
add(
    "if-2.3-regex-invalid",
    if2(2.3, filt(cond("string", "regex", "(unclosed"))),
    [{"v": "a"}],
    error=True,
)
add(
    "if-2.3-regex-flags-and-classes",
    if2(2.3, filt(cond("string", "regex", "/^\\w+\\s\\d{2,}$/m"))),
    [{"v": "abc 12"}, {"v": "x\nabc 123"}, {"v": "abc 1"}, {"v": "ünï 12"}],
)
add(
    "if-2.3-strict-string-notEmpty-number",
    if2(2.3, filt(cond("string", "notEmpty", ""))),
    [{"v": 0}],
    error=True,
)
add(
    "if-2.3-dates-across-zones",
    if2(2.3, filt(cond("dateTime", "equals", "2024-03-01T12:00:00+02:00"))),
    [
        {"v": "2024-03-01T10:00:00Z"},
        {"v": "2024-03-01T10:00:00"},
        {"v": "2024-03-01 10:00:00"},
        {"v": "2024-03-01T11:00:00+01:00"},
        {"v": "Fri, 01 Mar 2024 10:00:00 GMT"},
        {"v": "Fri, 01 Mar 2024 11:00:00 +0100"},
    ],
)
add(
    "if-2.3-date-only-before",
    if2(2.3, filt(cond("dateTime", "before", "2024-03-01"))),
    [{"v": "2024-02-29"}, {"v": "2024-03-01"}, {"v": "2024-02-29T23:59:59.999Z"}, {"v": "2024"}],
)
add(
    "if-2.3-date-right-expression",
    if2(2.3, filt(cond("dateTime", "afterOrEquals", "={{ $json.since }}", left="={{ $json.at }}"))),
    [
        {"at": "2024-05-01", "since": "2024-04-30"},
        {"at": "2024-05-01", "since": "2024-05-02"},
        {"at": "2024-05-01"},
    ],
)
for version in (2.2, 2.3):
    add(
        f"if-{version}-loose-number-empty-string-equals-zero",
        if2(
            version,
            filt(cond("number", "equals", 0), loose=True, version=FILTER_VERSION[version]),
            loose=True,
        ),
        [{"v": ""}, {"v": "  "}, {"v": []}, {"v": 0}, {"v": "0"}],
    )
add(
    "if-2.3-loose-boolean-notEquals",
    if2(2.3, filt(cond("boolean", "notEquals", False), loose=True), loose=True),
    LOOSE_BOOLEANS,
)
add(
    "if-2.3-loose-array-contains-number",
    if2(2.3, filt(cond("array", "contains", 2), loose=True), loose=True),
    [{"v": [1, 2]}, {"v": "[2, 3]"}, {"v": ["2"]}, {"v": []}],
)
add(
    "if-2.3-array-length-strict-error-right",
    if2(2.3, filt(cond("array", "lengthEquals", "x"))),
    [{"v": [1]}],
    error=True,
)
add(
    "if-2.3-number-equals-float",
    if2(2.3, filt(cond("number", "equals", 0.3, left="={{ $json.a + $json.b }}"))),
    [{"a": 0.1, "b": 0.2}, {"a": 0.1, "b": 0.19999999999999998}, {"a": 0.3, "b": 0}],
)
add(
    "if-2.3-unicode-ignore-case",
    if2(
        2.3, filt(cond("string", "equals", "ÄÖÜ straße"), case=False), options={"ignoreCase": True}
    ),
    [{"v": "äöü STRASSE"}, {"v": "äöü straße"}, {"v": "ÄÖÜ STRAßE"}],
)
add(
    "if-2.3-expression-literal-left",
    if2(2.3, filt(cond("string", "equals", "x-1", left="={{ 'x-' + $json.n }}"))),
    [{"n": 1}, {"n": 2}, {}],
)
add(
    "if-2.3-text-template-left",
    if2(2.3, filt(cond("string", "startsWith", "id:", left="=id:{{ $json.n }}"))),
    [{"n": 1}, {}],
)
for kind in ("if", "filter"):
    add(
        f"{kind}-2.3-loose-and-ignore-case-together",
        if2(
            2.3,
            filt(
                cond("string", "contains", "TRUE"),
                cond("boolean", "true", "", left="={{ $json.v }}"),
                combinator="or",
                case=False,
                loose=True,
            ),
            loose=True,
            options={"ignoreCase": True},
            kind=kind,
        ),
        LOOSE_BOOLEANS,
    )
add(
    "filter-2-loose-in-options",
    if2(2, filt(cond("number", "lt", 6), loose=True, version=1), loose=True, kind="filter"),
    LOOSE_NUMBERS,
)
for kind, operation, right, rows in OPERATORS[1::3]:
    add(
        f"filter-2.2-op-{kind}-{operation}",
        if2(2.2, filt(cond(kind, operation, right), version=2), kind="filter"),
        rows,
    )
add(
    "filter-1-dateTime-before",
    v1("filter", {"dateTime": [row("={{ $json.v }}", "before", "2024-02-01")]}),
    [{"v": "2024-01-31T23:00:00Z"}, {"v": "2024-02-01"}, {"v": "2024-02-02"}],
)
add(
    "filter-1-boolean-notEqual",
    v1("filter", {"boolean": [row("={{ $json.v }}", "notEqual", False)]}, "OR"),
    [{"v": True}, {"v": False}, {"v": 0}, {}],
)
add(
    "filter-1-string-startsWith-number",
    v1("filter", {"string": [row("={{ $json.v }}", "startsWith", "1")]}),
    [{"v": "12"}, {"v": 12}],
    error=True,
)
add(
    "if-1-number-strings-compare",
    v1("if", {"number": [row("={{ $json.v }}", "larger", "={{ $json.w }}")]}),
    [{"v": "10", "w": "9"}, {"v": "10", "w": 9}, {"v": "b", "w": "a"}, {"v": None, "w": -1}],
)
add(
    "if-1-string-equal-number",
    v1("if", {"string": [row("={{ $json.v }}", "equal", "5")]}),
    [{"v": 5}, {"v": "5"}],
)
add(
    "if-1-regex-invalid",
    v1("if", {"string": [row("={{ $json.v }}", "regex", "(x")]}),
    [{"v": "x"}],
    error=True,
)
add(
    "if-1-several-of-one-type",
    v1(
        "if",
        {
            "number": [
                row("={{ $json.v }}", "largerEqual", 1),
                row("={{ $json.v }}", "smallerEqual", 10),
            ]
        },
        "all",
    ),
    V1_NUMBERS,
)
