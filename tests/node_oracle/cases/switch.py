"""Switch 1, 2 and 3 … 3.4: rules and expression modes, fallbacks, all matching outputs."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.cases._conditions import cond, filt
from tests.node_oracle.harness import Case

FILTER_VERSION = {3: 1, 3.1: 1, 3.2: 2, 3.3: 2, 3.4: 3}
ROWS = [
    {"kind": "a", "n": 1},
    {"kind": "B", "n": 5},
    {"kind": "b", "n": 9},
    {"kind": "c", "n": "7"},
    {"n": 3},
]

CASES: list[Case] = []


def add(id_: str, node: dict[str, Any], rows: list[dict[str, Any]], error: bool = False) -> None:
    CASES.append(Case(id_, nodes=[node], inputs={"Input": rows}, error=error))


def switch(version: float, parameters: dict[str, Any], **settings: Any) -> dict[str, Any]:
    return {
        "name": "Switch",
        "type": "n8n-nodes-base.switch",
        "typeVersion": version,
        "parameters": parameters,
        **settings,
    }


def rule(*conditions: dict[str, Any], version: float = 3.4, key: str | None = None, **kw: Any):
    found: dict[str, Any] = {"conditions": filt(*conditions, version=FILTER_VERSION[version], **kw)}
    if key is not None:
        found["renameOutput"] = True
        found["outputKey"] = key
    return found


def kind_is(value: str) -> dict[str, Any]:
    return cond("string", "equals", value, left="={{ $json.kind }}")


def n_gt(value: int) -> dict[str, Any]:
    return cond("number", "gt", value, left="={{ $json.n }}")


def v3(
    version: float,
    rules: list[dict[str, Any]],
    options: dict[str, Any] | None = None,
    loose: bool | None = None,
) -> dict[str, Any]:
    params: dict[str, Any] = {"rules": {"values": rules}}
    if loose is not None and version >= 3.1:
        params["looseTypeValidation"] = loose
    params["options"] = options or {}
    return params


# --- Switch 3.x, rules mode ---------------------------------------------------------------

for version in (3, 3.1, 3.2, 3.3, 3.4):
    add(
        f"switch-{version}-rules-first-match",
        switch(
            version,
            v3(version, [rule(kind_is("a"), version=version), rule(kind_is("b"), version=version)]),
        ),
        ROWS,
    )
    add(
        f"switch-{version}-fallback-extra",
        switch(
            version,
            v3(
                version,
                [rule(kind_is("a"), version=version), rule(kind_is("b"), version=version)],
                {"fallbackOutput": "extra"},
            ),
        ),
        ROWS,
    )

V = 3.4
add(
    "switch-3.4-fallback-to-rule-output",
    switch(V, v3(V, [rule(kind_is("a")), rule(kind_is("b"))], {"fallbackOutput": 0})),
    ROWS,
)
add(
    "switch-3.4-fallback-extra-renamed",
    switch(
        V,
        v3(
            V,
            [rule(kind_is("a"), key="A"), rule(kind_is("b"), key="Bee")],
            {"fallbackOutput": "extra", "renameFallbackOutput": "Other"},
        ),
    ),
    ROWS,
)
add(
    "switch-3.4-fallback-none",
    switch(V, v3(V, [rule(kind_is("a"))], {"fallbackOutput": "none"})),
    ROWS,
)
add(
    "switch-3.4-all-matching-outputs",
    switch(
        V,
        v3(
            V,
            [rule(n_gt(2), loose=True), rule(n_gt(4), loose=True), rule(kind_is("b"), loose=True)],
            {"allMatchingOutputs": True, "fallbackOutput": "extra"},
            loose=True,
        ),
    ),
    ROWS,
)
add(
    "switch-3.4-loose-top-level-strict-rules",
    switch(V, v3(V, [rule(n_gt(2))], loose=True)),
    ROWS,
    error=True,
)
add(
    "switch-3.4-all-matching-fallback-to-rule",
    switch(
        V,
        v3(
            V,
            [rule(n_gt(6), loose=True), rule(kind_is("b"), loose=True)],
            {"allMatchingOutputs": True, "fallbackOutput": 1},
            loose=True,
        ),
    ),
    ROWS,
)
add(
    "switch-3.4-fallback-out-of-range",
    switch(V, v3(V, [rule(kind_is("zzz"))], {"fallbackOutput": 3})),
    ROWS[:1],
    error=True,
)
add(
    "switch-3.4-operators-mixed",
    switch(
        V,
        v3(
            V,
            [
                rule(cond("array", "lengthGt", 1, left="={{ $json.tags }}")),
                rule(cond("dateTime", "before", "2024-01-01", left="={{ $json.at }}")),
                rule(cond("boolean", "true", "", left="={{ $json.ok }}")),
                rule(cond("object", "notEmpty", "", left="={{ $json.meta }}")),
            ],
            {"fallbackOutput": "extra"},
        ),
    ),
    [
        {"tags": ["a", "b"], "at": "2025-01-01", "ok": False, "meta": {}},
        {"tags": [], "at": "2023-01-01", "ok": False, "meta": {}},
        {"tags": [], "at": "2025-01-01", "ok": True, "meta": {}},
        {"tags": [], "at": "2025-01-01", "ok": False, "meta": {"x": 1}},
        {"tags": [], "at": "2025-01-01", "ok": False, "meta": {}},
    ],
)
for version in (3.2, 3.4):
    add(
        f"switch-{version}-loose-empty-number",
        switch(
            version,
            v3(
                version,
                [
                    rule(
                        cond("number", "empty", "", left="={{ $json.n }}"),
                        loose=True,
                        version=version,
                    )
                ],
                {"fallbackOutput": "extra"},
                loose=True,
            ),
        ),
        [{"n": ""}, {"n": 0}, {"n": None}, {}, {"n": []}],
    )
add(
    "switch-3.2-number-outputs-expression",
    switch(3.2, {"mode": "expression", "numberOutputs": "={{ 2 }}", "output": "={{ $json.n }}"}),
    [{"n": 0}, {"n": 1}, {"n": 1}],
)
add(
    "switch-3.4-expression-text-index",
    switch(V, {"mode": "expression", "numberOutputs": 3, "output": "={{ String($json.n) }}"}),
    [{"n": 2}, {"n": 0}],
)
add(
    "switch-3.4-expression-fraction",
    switch(V, {"mode": "expression", "numberOutputs": 3, "output": "={{ $json.n }}"}),
    [{"n": 1.5}],
    error=True,
)
add(
    "switch-3.4-expression-missing",
    switch(V, {"mode": "expression", "numberOutputs": 3, "output": "={{ $json.n }}"}),
    [{}],
    error=True,
)

add(
    "switch-3.4-strict-type-error",
    switch(V, v3(V, [rule(n_gt(2))])),
    ROWS,
    error=True,
)
add(
    "switch-3.4-loose-types",
    switch(V, v3(V, [rule(n_gt(4), loose=True), rule(n_gt(0), loose=True)], loose=True)),
    ROWS,
)
add(
    "switch-3-loose-in-options",
    switch(3, v3(3, [rule(n_gt(4), loose=True, version=3)], {"looseTypeValidation": True})),
    ROWS,
)
add(
    "switch-3.4-ignore-case",
    switch(
        V,
        v3(
            V,
            [rule(kind_is("b"), case=False), rule(kind_is("a"), case=False)],
            {"ignoreCase": True},
        ),
    ),
    ROWS,
)
add(
    "switch-3.4-rule-with-two-conditions",
    switch(
        V,
        v3(
            V,
            [
                rule(kind_is("b"), n_gt(6), combinator="and", loose=True),
                rule(kind_is("b"), n_gt(6), combinator="or", loose=True),
            ],
            loose=True,
        ),
    ),
    ROWS,
)
add(
    "switch-3.4-no-rules",
    switch(V, v3(V, [])),
    ROWS,
)
add(
    "switch-3.4-missing-field-exists",
    switch(
        V,
        v3(
            V,
            [
                rule(cond("string", "exists", "", left="={{ $json.kind }}")),
                rule(cond("string", "notExists", "", left="={{ $json.kind }}")),
            ],
        ),
    ),
    ROWS,
)
add(
    "switch-3.4-continue-on-fail",
    switch(V, v3(V, [rule(n_gt(2)), rule(n_gt(0))]), onError="continueRegularOutput"),
    ROWS,
)

# --- Switch 3.x, expression mode ----------------------------------------------------------

for version in (3, 3.2, 3.3, 3.4):
    add(
        f"switch-{version}-expression",
        switch(
            version,
            {"mode": "expression", "numberOutputs": 3, "output": "={{ $json.n % 3 }}"},
        ),
        [{"n": 1}, {"n": 2}, {"n": 3}, {"n": 4}],
    )
add(
    "switch-3.4-expression-default-outputs",
    switch(V, {"mode": "expression", "output": "={{ $json.n }}"}),
    [{"n": 0}, {"n": 3}, {"n": "2"}],
)
add(
    "switch-3.4-expression-index-equals-count",
    switch(V, {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.n }}"}),
    [{"n": 0}, {"n": 2}],
    error=True,
)
add(
    "switch-3.4-expression-index-too-big",
    switch(V, {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.n }}"}),
    [{"n": 5}],
    error=True,
)
add(
    "switch-3.4-expression-negative",
    switch(V, {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.n }}"}),
    [{"n": -1}],
    error=True,
)
add(
    "switch-3.4-expression-not-a-number",
    switch(V, {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.n }}"}),
    [{"n": "x"}],
    error=True,
)
add(
    "switch-3.4-expression-continue-on-fail",
    switch(
        V,
        {"mode": "expression", "numberOutputs": 2, "output": "={{ $json.n }}"},
        onError="continueRegularOutput",
    ),
    [{"n": 1}, {"n": 7}, {"n": 0}],
)

# --- Switch 2 -----------------------------------------------------------------------------


def v2_rules(data_type: str, value1: Any, rules: list[dict[str, Any]], fallback: int | None = None):
    params: dict[str, Any] = {"dataType": data_type, "value1": value1, "rules": {"rules": rules}}
    if fallback is not None:
        params["fallbackOutput"] = fallback
    return params


add(
    "switch-2-number-rules",
    switch(
        2,
        v2_rules(
            "number",
            "={{ $json.n }}",
            [
                {"operation": "smaller", "value2": 3, "outputKey": "small"},
                {"operation": "smaller", "value2": 8},
                {"operation": "equal", "value2": 9},
            ],
        ),
    ),
    ROWS,
)
add(
    "switch-2-string-rules-fallback",
    switch(
        2,
        v2_rules(
            "string",
            "={{ $json.kind }}",
            [
                {"operation": "equal", "value2": "a"},
                {"operation": "regex", "value2": "/^b$/i"},
            ],
            fallback=0,
        ),
    ),
    ROWS,
)
add(
    "switch-2-boolean-rules",
    switch(
        2,
        v2_rules(
            "boolean",
            "={{ $json.ok }}",
            [{"operation": "equal", "value2": True}, {"operation": "notEqual", "value2": True}],
        ),
    ),
    [{"ok": True}, {"ok": False}, {}],
)
add(
    "switch-2-dateTime-rules",
    switch(
        2,
        v2_rules(
            "dateTime",
            "={{ $json.d }}",
            [
                {"operation": "before", "value2": "2024-01-01"},
                {"operation": "after", "value2": "2024-01-01"},
            ],
        ),
    ),
    [{"d": "2023-05-01"}, {"d": "2024-05-01T00:00:00Z"}],
)
add(
    "switch-2-expression",
    switch(2, {"mode": "expression", "outputsAmount": 3, "output": "={{ $json.n % 3 }}"}),
    [{"n": 1}, {"n": 2}, {"n": 3}],
)
add(
    "switch-2-expression-out-of-range",
    switch(2, {"mode": "expression", "outputsAmount": 2, "output": "={{ $json.n }}"}),
    [{"n": 2}],
    error=True,
)
add(
    "switch-2-string-fallback-out-of-range",
    switch(2, v2_rules("string", "={{ $json.kind }}", [{"operation": "equal", "value2": "a"}], 1)),
    ROWS,
    error=True,
)
add(
    "switch-2-expression-text-index",
    switch(2, {"mode": "expression", "outputsAmount": 2, "output": "={{ String($json.n) }}"}),
    [{"n": 1}, {"n": 0}],
)
add(
    "switch-2-string-operations",
    switch(
        2,
        v2_rules(
            "string",
            "={{ $json.kind }}",
            [
                {"operation": "startsWith", "value2": "B"},
                {"operation": "notContains", "value2": "a"},
                {"operation": "endsWith", "value2": "a"},
            ],
        ),
    ),
    ROWS[:4],
)
add(
    "switch-2-string-missing-value1",
    switch(
        2,
        v2_rules("string", "={{ $json.kind }}", [{"operation": "startsWith", "value2": "B"}]),
    ),
    ROWS,
    error=True,
)
add(
    "switch-1-dateTime-rules",
    switch(
        1,
        v2_rules(
            "dateTime",
            "={{ $json.d }}",
            [{"operation": "after", "value2": "2024-01-01", "output": 1}],
            fallback=2,
        ),
    ),
    [{"d": "2023-05-01"}, {"d": "2024-05-01T00:00:00Z"}],
)
add(
    "switch-1-boolean-rules",
    switch(
        1,
        v2_rules(
            "boolean", "={{ $json.ok }}", [{"operation": "equal", "value2": True, "output": 3}]
        ),
    ),
    [{"ok": True}, {"ok": "true"}, {}],
)
add(
    "switch-1-continue-on-fail",
    switch(1, {"mode": "expression", "output": "={{ $json.n }}"}, onError="continueRegularOutput"),
    [{"n": 9}, {"n": 2}],
)
add(
    "switch-2-continue-on-fail",
    switch(
        2,
        {"mode": "expression", "outputsAmount": 2, "output": "={{ $json.n }}"},
        onError="continueRegularOutput",
    ),
    [{"n": 1}, {"n": 5}],
)

# --- Switch 1 -----------------------------------------------------------------------------

add(
    "switch-1-number-rules",
    switch(
        1,
        v2_rules(
            "number",
            "={{ $json.n }}",
            [
                {"operation": "smaller", "value2": 3, "output": 2},
                {"operation": "largerEqual", "value2": 8, "output": 1},
            ],
            fallback=3,
        ),
    ),
    ROWS,
)
add(
    "switch-1-string-rules",
    switch(
        1,
        v2_rules(
            "string",
            "={{ $json.kind }}",
            [
                {"operation": "contains", "value2": "b", "output": 0},
                {"operation": "notEqual", "value2": "a", "output": 3},
            ],
        ),
    ),
    ROWS,
)
add(
    "switch-1-expression",
    switch(1, {"mode": "expression", "output": "={{ $json.n % 4 }}"}),
    [{"n": 1}, {"n": 2}, {"n": 4}, {"n": 7}],
)
add(
    "switch-1-expression-out-of-range",
    switch(1, {"mode": "expression", "output": "={{ $json.n }}"}),
    [{"n": 4}],
    error=True,
)
add(
    "switch-1-default-rules",
    switch(1, {}),
    ROWS,
)
