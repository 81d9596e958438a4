"""Compare Datasets 1 to 2.3: the four outputs, every way to resolve differences, fuzzy
compare, fields to skip, dot notation, multiple matches, and inputs that got no items."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

VERSIONS = (1, 2, 2.1, 2.2, 2.3)
A = [
    {"id": 1, "name": "a", "price": 10, "meta": {"seen": 1, "by": "x"}},
    {"id": 2, "name": "b", "price": "20", "flag": True},
    {"id": 3, "name": "c", "price": 30, "note": None},
    {"id": 4, "name": "only in a"},
    {"name": "no id"},
    {},
    {"id": 6, "name": "ё", "price": 0, "empty": ""},
]
B = [
    {"id": 1, "name": "a", "price": 10, "meta": {"seen": 2, "by": "x"}},
    {"id": 2, "name": "b", "price": 20, "flag": "true"},
    {"id": 3, "name": "C", "price": 30},
    {"id": "4", "name": "only in a"},
    {"id": 5, "name": "only in b"},
    {"id": 6, "name": "ё", "price": None, "empty": None, "extra": 1},
    {"id": 1, "name": "a", "price": 11, "meta": {"seen": 1, "by": "x"}},
]
BY_ID = {"values": [{"field1": "id", "field2": "id"}]}


def compare(
    case_id: str,
    version: float,
    parameters: dict[str, Any],
    a: list[dict[str, Any]] | None = None,
    b: list[dict[str, Any]] | None = None,
    *,
    error: bool = False,
) -> Case:
    """A Compare Datasets fed by Input (A) and Input 2 (B)."""
    return Case(
        case_id,
        nodes=[
            {
                "name": "Compare",
                "type": "n8n-nodes-base.compareDatasets",
                "typeVersion": version,
                "parameters": {"mergeByFields": BY_ID, **parameters},
            }
        ],
        inputs={"Input": A if a is None else a, "Input 2": B if b is None else b},
        error=error,
    )


def _fuzzy(version: float) -> dict[str, Any]:
    return {"options": {"fuzzyCompare": True}} if version < 2 else {"fuzzyCompare": True}


def _cases(version: float) -> list[Case]:
    tag = f"compareDatasets-{version:g}"
    cases = [compare(f"{tag}-defaults", version, {})]
    for resolve in ("preferInput1", "preferInput2", "mix", "includeBoth"):
        base = {"resolve": resolve}
        cases += [
            compare(f"{tag}-{resolve}", version, base),
            compare(f"{tag}-{resolve}-fuzzy", version, {**base, **_fuzzy(version)}),
            compare(
                f"{tag}-{resolve}-all", version, {**base, "options": {"multipleMatches": "all"}}
            ),
            compare(
                f"{tag}-{resolve}-skip", version, {**base, "options": {"skipFields": "price, meta"}}
            ),
            compare(
                f"{tag}-{resolve}-skip-nested",
                version,
                {**base, "options": {"skipFields": "meta.seen"}},
            ),
        ]
    cases += [
        compare(f"{tag}-mix-prefer-b", version, {"resolve": "mix", "preferWhenMix": "input2"}),
        compare(
            f"{tag}-mix-except",
            version,
            {"resolve": "mix", "preferWhenMix": "input1", "exceptWhenMix": "price, meta.by, nope"},
        ),
        compare(
            f"{tag}-mix-except-all",
            version,
            {
                "resolve": "mix",
                "preferWhenMix": "input2",
                "exceptWhenMix": "name",
                "options": {"multipleMatches": "all"},
            },
        ),
        compare(
            f"{tag}-mix-except-no-dots",
            version,
            {
                "resolve": "mix",
                "exceptWhenMix": "price, nope",
                "options": {"disableDotNotation": True},
            },
        ),
        compare(f"{tag}-empty-b", version, {}, b=[]),
        compare(f"{tag}-empty-a", version, {}, a=[]),
        compare(f"{tag}-empty-items-only-b", version, {}, b=[{}, {}]),
        compare(
            f"{tag}-no-fields",
            version,
            {"mergeByFields": {"values": [{"field1": "", "field2": ""}]}},
            error=True,
        ),
        compare(
            f"{tag}-missing-field",
            version,
            {"mergeByFields": {"values": [{"field1": "nope", "field2": "id"}]}},
            error=version < 2.2,
        ),
        compare(
            f"{tag}-two-fields-different-names",
            version,
            {
                "mergeByFields": {
                    "values": [
                        {"field1": "id", "field2": "key"},
                        {"field1": "name", "field2": "label"},
                    ]
                },
                "resolve": "includeBoth",
            },
            b=[{"key": 1, "label": "a", "price": 12}, {"key": 2, "label": "b", "price": "20"}],
        ),
        compare(
            f"{tag}-nested-key",
            version,
            {"mergeByFields": {"values": [{"field1": "meta.by", "field2": "by"}]}},
            b=[{"by": "x", "id": 1}],
        ),
        compare(
            f"{tag}-nested-key-no-dots",
            version,
            {
                "mergeByFields": {"values": [{"field1": "meta.by", "field2": "by"}]},
                "options": {"disableDotNotation": True},
            },
            a=[{"meta.by": "x", "v": 1}, {"meta": {"by": "x"}, "v": 2}],
            b=[{"by": "x", "v": 1}],
        ),
        compare(
            f"{tag}-skip-dotted-no-dots",
            version,
            {"options": {"skipFields": "meta.seen", "disableDotNotation": True}},
            error=True,
        ),
        compare(
            f"{tag}-skip-nested-not-object",
            version,
            {"resolve": "includeBoth", "options": {"skipFields": "name.first"}},
            error=version >= 2.1,
        ),
        compare(
            f"{tag}-falsy-values",
            version,
            {"resolve": "includeBoth", **_fuzzy(version)},
            a=[{"id": 1, "a": 0, "b": "", "c": False, "d": None, "e": "0"}],
            b=[{"id": 1, "a": None, "b": None, "c": 0, "d": "0", "e": None, "f": ""}],
        ),
        compare(
            f"{tag}-falsy-values-strict",
            version,
            {"resolve": "includeBoth"},
            a=[{"id": 1, "a": 0, "b": "", "c": False, "d": None, "e": "x"}],
            b=[{"id": 1, "a": 1, "b": "y", "c": True, "d": 2, "f": ""}],
        ),
    ]
    return cases


CASES: list[Case] = [case for version in VERSIONS for case in _cases(version)]
