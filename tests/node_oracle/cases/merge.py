"""Merge 1, 2, 2.1, 3, 3.1 and 3.2: every mode and option, and inputs that got no items."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.node_oracle.harness import Case

LEFT = [
    {"id": 1, "name": "a", "x": {"p": 1, "q": 2}, "list": [1, 2, 3]},
    {"id": 2, "name": "b", "tag": ""},
    {"id": 3, "name": "c", "tag": None},
    {"name": "no id"},
    {"id": "5", "name": "ё", "x": {"p": 5}},
]
RIGHT = [
    {"id": 1, "score": 10, "x": {"q": 3, "r": 4}, "list": [9]},
    {"id": "2", "score": 20, "tag": "t"},
    {"id": 4, "score": 40, "name": None},
    {"id": 1, "score": 11, "name": ""},
    {"id": 5, "score": 50},
]
SHORT = [{"k": "s1", "name": "short"}, {"k": "s2"}]
THIRD = [{"z": 1, "name": "third"}, {"z": 2}, {"z": 3}]


def merge(
    case_id: str,
    version: float,
    parameters: dict[str, Any],
    left: list[dict[str, Any]] | None = None,
    right: list[dict[str, Any]] | None = None,
    *,
    error: bool = False,
) -> Case:
    """A Merge fed by Input (input 1) and Input 2 (input 2)."""
    return Case(
        case_id,
        nodes=[
            {
                "name": "Merge",
                "type": "n8n-nodes-base.merge",
                "typeVersion": version,
                "parameters": parameters,
            }
        ],
        inputs={
            "Input": LEFT if left is None else left,
            "Input 2": RIGHT if right is None else right,
        },
        error=error,
    )


def merge_many(case_id: str, version: float, parameters: dict[str, Any]) -> Case:
    """A Merge of three inputs."""
    link = {f"Input {n}" if n > 1 else "Input": n - 1 for n in (1, 2, 3)}
    return Case(
        case_id,
        nodes=[
            {
                "name": "Merge",
                "type": "n8n-nodes-base.merge",
                "typeVersion": version,
                "parameters": {"numberInputs": 3, **parameters},
            }
        ],
        connections={
            name: {"main": [[{"node": "Merge", "type": "main", "index": index}]]}
            for name, index in link.items()
        },
        inputs={"Input": LEFT, "Input 2": SHORT, "Input 3": THIRD},
    )


def _v1() -> list[Case]:
    cases = [
        merge("merge-1-append", 1, {}),
        merge("merge-1-append-empty-2", 1, {"mode": "append"}, right=[]),
        merge("merge-1-append-empty-1", 1, {"mode": "append"}, left=[]),
        merge("merge-1-wait", 1, {"mode": "wait"}),
        merge("merge-1-wait-empty-2", 1, {"mode": "wait"}, right=[]),
        merge("merge-1-multiplex", 1, {"mode": "multiplex"}, SHORT, THIRD),
        merge("merge-1-multiplex-empty-2", 1, {"mode": "multiplex"}, right=[]),
        merge("merge-1-pass-1", 1, {"mode": "passThrough"}),
        merge("merge-1-pass-2", 1, {"mode": "passThrough", "output": "input2"}),
        merge("merge-1-pass-2-empty-2", 1, {"mode": "passThrough", "output": "input2"}, right=[]),
    ]
    for join in ("inner", "left", "outer"):
        cases += [
            merge(
                f"merge-1-index-{join}-longer-1",
                1,
                {"mode": "mergeByIndex", "join": join},
                LEFT,
                SHORT,
            ),
            merge(
                f"merge-1-index-{join}-longer-2",
                1,
                {"mode": "mergeByIndex", "join": join},
                SHORT,
                RIGHT,
            ),
            merge(
                f"merge-1-index-{join}-empty-2", 1, {"mode": "mergeByIndex", "join": join}, right=[]
            ),
            merge(
                f"merge-1-index-{join}-empty-1", 1, {"mode": "mergeByIndex", "join": join}, left=[]
            ),
        ]
    keys = {"propertyName1": "id", "propertyName2": "id"}
    for mode in ("mergeByKey", "keepKeyMatches", "removeKeyMatches"):
        cases += [
            merge(f"merge-1-{mode}", 1, {"mode": mode, **keys}),
            merge(f"merge-1-{mode}-empty-2", 1, {"mode": mode, **keys}, right=[]),
            merge(
                f"merge-1-{mode}-nested",
                1,
                {"mode": mode, "propertyName1": "x.p", "propertyName2": "score"},
                right=[{"score": 1, "w": 1}, {"score": "5", "w": 5}],
            ),
            merge(
                f"merge-1-{mode}-odd-keys",
                1,
                {"mode": mode, **keys},
                [{"id": True}, {"id": None}, {"id": [1]}, {"id": 0}, {"id": "x"}, {"id": 1.5}],
                [
                    {"id": "true"},
                    {"id": "null", "n": 1},
                    {"id": "1"},
                    {"id": 0},
                    {"id": "x", "v": 2},
                    {"id": "1.5"},
                ],
            ),
        ]
    for overwrite in ("always", "blank", "undefined"):
        cases.append(
            merge(
                f"merge-1-mergeByKey-overwrite-{overwrite}",
                1,
                {"mode": "mergeByKey", **keys, "overwrite": overwrite},
                [{"id": 1, "a": "", "b": None, "c": 0, "d": "keep"}, {"id": 2}],
                [{"id": 1, "a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}, {"id": 2, "a": 1}],
            )
        )
    return cases


def _fields(version: float) -> dict[str, Any]:
    if version >= 3:
        return {"mode": "combine", "combineBy": "combineByFields", "fieldsToMatchString": "id"}
    return {
        "mode": "combine",
        "combinationMode": "mergeByFields",
        "mergeByFields": {"values": [{"field1": "id", "field2": "id"}]},
    }


def _position(version: float) -> dict[str, Any]:
    if version >= 3:
        return {"mode": "combine", "combineBy": "combineByPosition"}
    return {"mode": "combine", "combinationMode": "mergeByPosition"}


def _cross(version: float) -> dict[str, Any]:
    if version >= 3:
        return {"mode": "combine", "combineBy": "combineAll"}
    return {"mode": "combine", "combinationMode": "multiplex"}


def _clash(version: float, resolve: str, **more: Any) -> dict[str, Any]:
    last = "preferLast" if version >= 3 else "preferInput2"
    return {
        "clashHandling": {
            "values": {"resolveClash": last if resolve == "last" else resolve, **more}
        }
    }


def _combined(version: float) -> list[Case]:
    tag = f"{version:g}"
    cases = [
        merge(f"merge-{tag}-append", version, {}),
        merge(f"merge-{tag}-append-empty-1", version, {"mode": "append"}, left=[]),
        merge(f"merge-{tag}-append-empty-2", version, {"mode": "append"}, right=[]),
    ]
    clashes = {
        "default": {},
        "suffix": _clash(version, "addSuffix"),
        "prefer1": _clash(version, "preferInput1"),
        "prefer1-shallow": _clash(version, "preferInput1", mergeMode="shallowMerge"),
        "last-shallow": _clash(version, "last", mergeMode="shallowMerge"),
        "last-empty": _clash(version, "last", overrideEmpty=True),
        "prefer1-empty": _clash(version, "preferInput1", overrideEmpty=True),
        "last-shallow-empty": _clash(version, "last", mergeMode="shallowMerge", overrideEmpty=True),
    }
    for name, options in clashes.items():
        cases.append(
            merge(
                f"merge-{tag}-cross-{name}",
                version,
                {**_cross(version), "options": options},
                SHORT,
                RIGHT[:3],
            )
        )
        cases.append(
            merge(
                f"merge-{tag}-position-{name}", version, {**_position(version), "options": options}
            )
        )
        cases.append(
            merge(
                f"merge-{tag}-fields-both-{name}",
                version,
                {**_fields(version), "options": options},
            )
        )
        if name in ("default", "suffix", "prefer1", "last-empty"):
            for join in ("keepEverything", "enrichInput1", "enrichInput2"):
                cases.append(
                    merge(
                        f"merge-{tag}-fields-{join}-{name}",
                        version,
                        {**_fields(version), "joinMode": join, "options": options},
                    )
                )
    cases += [
        merge(f"merge-{tag}-cross-empty-2", version, _cross(version), right=[]),
        merge(
            f"merge-{tag}-position-unpaired",
            version,
            {**_position(version), "options": {"includeUnpaired": True}},
            LEFT,
            SHORT,
        ),
        merge(
            f"merge-{tag}-position-unpaired-longer-2",
            version,
            {**_position(version), "options": {"includeUnpaired": True}},
            SHORT,
            RIGHT,
        ),
        merge(
            f"merge-{tag}-position-unpaired-suffix",
            version,
            {
                **_position(version),
                "options": {"includeUnpaired": True, **_clash(version, "addSuffix")},
            },
            LEFT,
            SHORT,
        ),
        merge(f"merge-{tag}-position-shorter", version, _position(version), LEFT, SHORT),
        merge(f"merge-{tag}-position-empty-2", version, _position(version), right=[]),
        merge(
            f"merge-{tag}-position-empty-1-unpaired",
            version,
            {**_position(version), "options": {"includeUnpaired": True}},
            left=[],
        ),
    ]
    for join in ("keepMatches", "keepNonMatches", "keepEverything", "enrichInput1", "enrichInput2"):
        base = {**_fields(version), "joinMode": join}
        cases += [
            merge(f"merge-{tag}-fields-{join}", version, base),
            merge(
                f"merge-{tag}-fields-{join}-fuzzy",
                version,
                {**base, "options": {"fuzzyCompare": True}},
            ),
            merge(
                f"merge-{tag}-fields-{join}-first",
                version,
                {**base, "options": {"multipleMatches": "first"}},
            ),
            merge(f"merge-{tag}-fields-{join}-empty-2", version, base, right=[]),
            merge(f"merge-{tag}-fields-{join}-empty-1", version, base, left=[]),
        ]
        if join in ("keepMatches", "keepNonMatches"):
            for source in ("input1", "input2"):
                cases += [
                    merge(
                        f"merge-{tag}-fields-{join}-{source}",
                        version,
                        {**base, "outputDataFrom": source},
                    ),
                    merge(
                        f"merge-{tag}-fields-{join}-{source}-empty-1",
                        version,
                        {**base, "outputDataFrom": source},
                        left=[],
                    ),
                    merge(
                        f"merge-{tag}-fields-{join}-{source}-empty-2",
                        version,
                        {**base, "outputDataFrom": source},
                        right=[],
                    ),
                ]
    dotted = [{"a": {"b": 1}, "v": 1}, {"a.b": 2, "v": 2}, {"a": {"b": "2"}, "v": 3}]
    dotted_right = [{"a": {"b": 1}, "w": 1}, {"a.b": 2, "w": 2}, {"a": {"b": 2}, "w": 3}]
    for dot in (False, True):
        if version >= 3:
            params = {
                "mode": "combine",
                "combineBy": "combineByFields",
                "fieldsToMatchString": "a.b",
            }
        else:
            params = {
                "mode": "combine",
                "combinationMode": "mergeByFields",
                "mergeByFields": {"values": [{"field1": "a.b", "field2": "a.b"}]},
            }
        cases.append(
            merge(
                f"merge-{tag}-fields-dots-{'off' if dot else 'on'}",
                version,
                {**params, "joinMode": "keepEverything", "options": {"disableDotNotation": dot}},
                dotted,
                dotted_right,
            )
        )
    fuzzy_left = [
        {"k": 1},
        {"k": "true"},
        {"k": None},
        {"k": [1, 2]},
        {"k": 0},
        {"k": ""},
        {"k": 3.0},
    ]
    fuzzy_right = [
        {"k": "1"},
        {"k": True},
        {"k": ""},
        {"k": "[1,2]"},
        {"k": False},
        {"k": []},
        {"k": "3"},
    ]
    for fuzzy in (False, True):
        params = {
            **_fields(version),
            "joinMode": "keepEverything",
            "options": {"fuzzyCompare": fuzzy},
        }
        if version >= 3:
            params["fieldsToMatchString"] = "k"
        else:
            params["mergeByFields"] = {"values": [{"field1": "k", "field2": "k"}]}
        cases.append(
            merge(
                f"merge-{tag}-fields-types-fuzzy-{fuzzy}".lower(),
                version,
                params,
                fuzzy_left,
                fuzzy_right,
            )
        )
    two = {"values": [{"field1": "id", "field2": "id"}, {"field1": "name", "field2": "name"}]}
    if version >= 3:
        cases += [
            merge(
                f"merge-{tag}-fields-two-names",
                version,
                {**_fields(version), "fieldsToMatchString": "id, score"},
                [{"id": 1, "score": 10, "l": 1}, {"id": 1, "score": 11, "l": 2}],
            ),
            merge(
                f"merge-{tag}-fields-different-names",
                version,
                {
                    **_fields(version),
                    "advanced": True,
                    "mergeByFields": {"values": [{"field1": "name", "field2": "label"}]},
                },
                LEFT,
                [{"label": "a", "v": 1}, {"label": "c", "v": 3}],
            ),
            merge(
                f"merge-{tag}-fields-none",
                version,
                {**_fields(version), "fieldsToMatchString": ""},
                error=True,
            ),
            merge(
                f"merge-{tag}-fields-half",
                version,
                {**_fields(version), "fieldsToMatchString": "id,"},
                error=True,
            ),
            merge(
                f"merge-{tag}-fields-missing-field",
                version,
                {**_fields(version), "fieldsToMatchString": "nope"},
            ),
            merge(f"merge-{tag}-choose-1", version, {"mode": "chooseBranch"}),
            merge(f"merge-{tag}-choose-2", version, {"mode": "chooseBranch", "useDataOfInput": 2}),
            merge(
                f"merge-{tag}-choose-3-of-2",
                version,
                {"mode": "chooseBranch", "useDataOfInput": 3},
                error=True,
            ),
            merge(
                f"merge-{tag}-choose-empty", version, {"mode": "chooseBranch", "output": "empty"}
            ),
            merge(f"merge-{tag}-choose-1-empty-2", version, {"mode": "chooseBranch"}, right=[]),
            merge_many(f"merge-{tag}-three-append", version, {"mode": "append"}),
            merge_many(
                f"merge-{tag}-three-choose-3",
                version,
                {"mode": "chooseBranch", "useDataOfInput": 3},
            ),
            merge_many(
                f"merge-{tag}-three-position",
                version,
                {"mode": "combine", "combineBy": "combineByPosition"},
            ),
            merge_many(
                f"merge-{tag}-three-position-unpaired",
                version,
                {
                    "mode": "combine",
                    "combineBy": "combineByPosition",
                    "options": {"includeUnpaired": True},
                },
            ),
            merge_many(
                f"merge-{tag}-three-position-suffix",
                version,
                {
                    "mode": "combine",
                    "combineBy": "combineByPosition",
                    "options": _clash(version, "addSuffix"),
                },
            ),
            merge_many(
                f"merge-{tag}-three-position-prefer1",
                version,
                {
                    "mode": "combine",
                    "combineBy": "combineByPosition",
                    "options": {"includeUnpaired": True, **_clash(version, "preferInput1")},
                },
            ),
        ]
    else:
        cases += [
            merge(
                f"merge-{tag}-fields-two-pairs",
                version,
                {**_fields(version), "mergeByFields": two},
                [{"id": 1, "name": "a"}, {"id": 1, "name": "z"}],
                [{"id": 1, "name": "a", "ok": True}],
            ),
            merge(
                f"merge-{tag}-fields-none",
                version,
                {**_fields(version), "mergeByFields": {"values": [{"field1": "", "field2": ""}]}},
                error=True,
            ),
            merge(
                f"merge-{tag}-fields-missing-field",
                version,
                {
                    **_fields(version),
                    "mergeByFields": {"values": [{"field1": "nope", "field2": "id"}]},
                },
                error=version < 2.1,
            ),
            merge(f"merge-{tag}-choose-1", version, {"mode": "chooseBranch"}),
            merge(f"merge-{tag}-choose-2", version, {"mode": "chooseBranch", "output": "input2"}),
            merge(
                f"merge-{tag}-choose-empty", version, {"mode": "chooseBranch", "output": "empty"}
            ),
            merge(f"merge-{tag}-choose-1-empty-2", version, {"mode": "chooseBranch"}, right=[]),
        ]
    return cases


def _unconnected() -> list[Case]:
    """Only input 1 connected (no Input 2 feeder at all)."""
    return [
        Case(
            f"merge-{version:g}-{mode}-input-2-unconnected",
            nodes=[
                {
                    "name": "Merge",
                    "type": "n8n-nodes-base.merge",
                    "typeVersion": version,
                    "parameters": {"mode": mode},
                }
            ],
            inputs={"Input": SHORT},
        )
        for version in (1, 2.1, 3.2)
        for mode in ("append", "chooseBranch" if version > 1 else "wait")
    ]


def _stops(case: Case) -> bool:
    """Merge 2.0 stops when a field to match is in no item of an input (an empty one too)."""
    return case.id.startswith("merge-2-fields-") and "-empty-" in case.id


CASES: list[Case] = (
    _unconnected()
    + _v1()
    + [case for version in (2, 2.1, 3, 3.1, 3.2) for case in _combined(version)]
)
CASES = [replace(case, error=True) if _stops(case) else case for case in CASES]
