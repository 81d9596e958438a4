"""Remove Duplicates 2 across executions: values seen, highest number, latest date, clearing.

Each case runs once, in a fresh history; memory across calls shows through the same node
running twice (two feeders into it) or through nodes in sequence sharing the workflow scope.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from tests.node_oracle.harness import Case

TYPE = "n8n-nodes-base.removeDuplicates"
SEEN = "removeItemsWithAlreadySeenKeyValues"
HIGHER = "removeItemsUpToStoredIncrementalKey"
LATER = "removeItemsUpToStoredDate"
ID = "={{ $json.id }}"
WHEN = "={{ $json.when }}"


def node(
    name: str,
    logic: str = SEEN,
    value: Any = ID,
    *,
    scope: str | None = None,
    history: Any = None,
    **settings: Any,
) -> dict[str, Any]:
    """A Remove Duplicates 2 node checking items against earlier executions."""
    field = {SEEN: "dedupeValue", HIGHER: "incrementalDedupeValue", LATER: "dateDedupeValue"}
    options: dict[str, Any] = {}
    if scope is not None:
        options["scope"] = scope
    if history is not None:
        options["historySize"] = history
    parameters = {
        "operation": "removeItemsSeenInPreviousExecutions",
        "logic": logic,
        field[logic]: value,
        "options": options,
    }
    return {"name": name, "type": TYPE, "typeVersion": 2, "parameters": parameters, **settings}


def clear(name: str, scope: str | None = None) -> dict[str, Any]:
    options = {} if scope is None else {"scope": scope}
    parameters = {"operation": "clearDeduplicationHistory", "mode": "cleanDatabase"}
    return {
        "name": name,
        "type": TYPE,
        "typeVersion": 2,
        "parameters": {**parameters, "options": options},
    }


def to(*targets: str | list[str]) -> dict[str, Any]:
    """Connections of one node: each argument an output (a name, or several)."""
    outputs = []
    for target in targets:
        names = [target] if isinstance(target, str) else target
        outputs.append([{"node": n, "type": "main", "index": 0} for n in names])
    return {"main": outputs}


def twice(case_id: str, first: list[dict], second: list[dict], *nodes: dict, **kw: Any) -> Case:
    """Feeders A then B both into the first node: it runs twice, A's items first."""
    head = nodes[0]["name"]
    links = {"A": to(head), "B": to(head), **kw.pop("connections", {})}
    return Case(
        case_id, nodes=list(nodes), connections=links, inputs={"A": first, "B": second}, **kw
    )


def chain(case_id: str, rows: list[dict], *nodes: dict, **kw: Any) -> Case:
    """The input through the nodes in sequence (each one's kept output to the next)."""
    links = {a["name"]: to(b["name"]) for a, b in pairwise(nodes)}
    links.update(kw.pop("connections", {}))
    return Case(case_id, nodes=list(nodes), connections=links, inputs={"Input": rows}, **kw)


IDS_A = [{"id": 1, "n": "a"}, {"id": 2, "n": "b"}, {"id": 3, "n": "c"}]
IDS_B = [{"id": 3, "n": "d"}, {"id": 4, "n": "e"}, {"id": 1, "n": "f"}, {"id": 5, "n": "g"}]
ODD_IDS = [
    {"id": "b", "k": 1},
    {"id": 10, "k": 2},
    {"id": "10", "k": 3},
    {"id": 2, "k": 4},
    {"id": "a", "k": 5},
    {"id": "01", "k": 6},
    {"id": 2.0, "k": 7},
    {"id": "b", "k": 8},
    {"id": -1, "k": 9},
    {"id": 1.5, "k": 10},
]
STRANGE = [
    {"id": None, "k": 1},
    {"k": 2},
    {"id": "", "k": 3},
    {"id": {"x": 1}, "k": 4},
    {"id": {"y": 2}, "k": 5},
    {"id": [1, 2], "k": 6},
    {"id": "1,2", "k": 7},
    {"id": True, "k": 8},
    {"id": "true", "k": 9},
    {"id": "ёж", "k": 10},
    {"id": "ёж ", "k": 11},
    {"id": "null", "k": 12},
]
NUMS_A = [{"id": 1}, {"id": 5}, {"id": 3}, {"id": 5, "again": True}]
NUMS_B = [{"id": 4}, {"id": 6}, {"id": 5}, {"id": 7}, {"id": 2}]
DATES_A = [
    {"when": "2024-03-01T10:00:00Z", "k": 1},
    {"when": "2024-01-15T00:00:00Z", "k": 2},
    {"when": "2024-02-10T12:30:00Z", "k": 3},
]
DATES_B = [
    {"when": "2024-03-02T00:00:00Z", "k": 4},
    {"when": "2024-03-01T10:00:00Z", "k": 5},
    {"when": "2024-02-29T23:59:59Z", "k": 6},
    {"when": "2025-01-01T00:00:00Z", "k": 7},
]

CASES: list[Case] = [
    # Value is new
    twice("rdh-seen-node-twice", IDS_A, IDS_B, node("RD")),
    twice("rdh-seen-workflow-twice", IDS_A, IDS_B, node("RD", scope="workflow")),
    chain("rdh-seen-first-run-keeps-all", IDS_B, node("RD")),
    chain(
        "rdh-seen-same-value-kept-together",
        [{"id": 1, "k": 1}, {"id": 2, "k": 2}, {"id": 1, "k": 3}, {"id": 2, "k": 4}],
        node("RD"),
    ),
    chain("rdh-seen-key-order", ODD_IDS, node("RD")),
    twice("rdh-seen-key-order-twice", ODD_IDS[:5], ODD_IDS, node("RD")),
    chain("rdh-seen-strange-values", STRANGE, node("RD")),
    twice("rdh-seen-strange-values-twice", STRANGE[:6], STRANGE, node("RD")),
    chain("rdh-seen-fixed-value", IDS_A, node("RD", value="same")),
    twice("rdh-seen-empty-values-twice", [{"id": ""}], [{"id": None}, {"x": 1}], node("RD")),
    twice("rdh-seen-fixed-value-twice", IDS_A, IDS_B, node("RD", value="same")),
    twice(
        "rdh-seen-combined-fields",
        [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}],
        [{"a": 1, "b": "y"}, {"a": 2, "b": "x"}, {"a": 1, "b": "x"}],
        node("RD", value="={{ $json.a }}-{{ $json.b }}"),
    ),
    twice(
        "rdh-seen-numbers-as-text",
        [{"id": 1}, {"id": 2.5}, {"id": 1e21}],
        [{"id": "1"}, {"id": "2.5"}, {"id": "1e+21"}, {"id": "1.0"}, {"id": 2.50}],
        node("RD"),
    ),
    chain(
        "rdh-seen-chain-node-scope",
        IDS_A,
        node("RD1"),
        node("RD2"),
    ),
    chain(
        "rdh-seen-chain-workflow-scope",
        IDS_A,
        node("RD1", scope="workflow"),
        node("RD2", scope="workflow"),
    ),
    chain(
        "rdh-seen-chain-workflow-then-node",
        IDS_A,
        node("RD1", scope="workflow"),
        node("RD2", scope="node"),
    ),
    Case(
        "rdh-seen-two-nodes-share-workflow",
        nodes=[node("RD1", scope="workflow"), node("RD2", scope="workflow")],
        connections={"A": to("RD1"), "B": to("RD2")},
        inputs={"A": IDS_A, "B": IDS_B},
    ),
    Case(
        "rdh-seen-two-nodes-apart",
        nodes=[node("RD1"), node("RD2")],
        connections={"A": to("RD1"), "B": to("RD2")},
        inputs={"A": IDS_A, "B": IDS_B},
    ),
    twice(
        "rdh-seen-discarded-output",
        IDS_A,
        IDS_B,
        node("RD"),
        {"name": "Dropped", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}},
        {"name": "Fresh", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}},
        connections={"RD": to("Fresh", "Dropped")},
    ),
    twice(
        "rdh-seen-all-seen-second-time",
        IDS_A,
        IDS_A,
        node("RD"),
        {"name": "Fresh", "type": "n8n-nodes-base.noOp", "typeVersion": 1, "parameters": {}},
        connections={"RD": to("Fresh")},
    ),
    # History size: the check counts every input item against what is remembered
    chain("rdh-seen-history-too-small", IDS_A, node("RD", history=2), error=True),
    chain("rdh-seen-history-exact", IDS_A, node("RD", history=3)),
    chain(
        "rdh-seen-history-counts-items-not-values",
        [{"id": 1}, {"id": 1}, {"id": 1}],
        node("RD", history=2),
        error=True,
    ),
    twice("rdh-seen-history-full-second-run", IDS_A, IDS_B, node("RD", history=6), error=True),
    twice("rdh-seen-history-fits-second-run", IDS_A, IDS_B, node("RD", history=7)),
    chain("rdh-seen-history-zero", IDS_A, node("RD", history=0), error=True),
    chain("rdh-seen-history-fraction", IDS_A, node("RD", history=3.5)),
    twice(
        "rdh-seen-history-workflow-shared",
        IDS_A,
        IDS_A[:2],
        node("RD", scope="workflow", history=4),
        error=True,
    ),
    # Value is higher than any previous value
    twice("rdh-higher-node-twice", NUMS_A, NUMS_B, node("RD", HIGHER)),
    twice("rdh-higher-workflow-twice", NUMS_A, NUMS_B, node("RD", HIGHER, scope="workflow")),
    chain("rdh-higher-first-run-order", NUMS_B + NUMS_A, node("RD", HIGHER)),
    twice(
        "rdh-higher-numbers-as-text",
        [{"id": "10"}, {"id": " 7 "}, {"id": "1.6e1"}],
        [{"id": "16"}, {"id": 17}, {"id": "1e1"}, {"id": "16.5"}, {"id": "-3"}],
        node("RD", HIGHER),
    ),
    twice(
        "rdh-higher-decimals-negative",
        [{"id": 1.5}, {"id": -2}, {"id": 0.25}, {"id": 1}],
        [{"id": 1.25}, {"id": 1.75}, {"id": -5}, {"id": 1.5}, {"id": 3}],
        node("RD", HIGHER),
    ),
    twice(
        "rdh-higher-booleans",
        [{"id": True}, {"id": False}],
        [{"id": True}, {"id": 2}],
        node("RD", HIGHER),
    ),
    chain(
        "rdh-higher-chain-workflow",
        NUMS_A,
        node("RD1", HIGHER, scope="workflow"),
        node("RD2", HIGHER, scope="workflow"),
    ),
    chain("rdh-higher-chain-node", NUMS_A, node("RD1", HIGHER), node("RD2", HIGHER)),
    chain("rdh-higher-not-a-number", [{"id": 1}, {"id": "abc"}], node("RD", HIGHER), error=True),
    chain("rdh-higher-empty", [{"id": 1}, {"id": ""}], node("RD", HIGHER), error=True),
    chain("rdh-higher-null", [{"id": 1}, {"id": None}], node("RD", HIGHER), error=True),
    chain("rdh-higher-missing", [{"id": 1}, {"x": 2}], node("RD", HIGHER), error=True),
    chain("rdh-higher-object", [{"id": {"a": 1}}], node("RD", HIGHER), error=True),
    chain(
        "rdh-higher-same-number-twice-in-input",
        [{"id": 3, "k": 1}, {"id": "3", "k": 2}, {"id": 3.0, "k": 3}, {"id": 2, "k": 4}],
        node("RD", HIGHER),
    ),
    # Value is a date later than any previous date
    twice("rdh-later-node-twice", DATES_A, DATES_B, node("RD", LATER, WHEN)),
    twice("rdh-later-workflow-twice", DATES_A, DATES_B, node("RD", LATER, WHEN, scope="workflow")),
    chain("rdh-later-first-run-order", DATES_B + DATES_A, node("RD", LATER, WHEN)),
    twice(
        "rdh-later-forms",
        [{"when": "2024-01-01"}, {"when": "Tue, 02 Jan 2024 10:00:00 GMT"}],
        [
            {"when": "2024-01-02 09:00:00"},
            {"when": "Wed, 03 Jan 2024 10:00:00 +0100"},
            {"when": "2024-01-02T11:00:00+01:00"},
            {"when": "20240104"},
            {"when": "2024-01-02T10:00:00.001Z"},
        ],
        node("RD", LATER, WHEN),
    ),
    twice(
        "rdh-later-equal-dates-other-text",
        [{"when": "2024-05-01T00:00:00Z"}],
        [
            {"when": "2024-05-01T02:00:00+02:00", "k": 1},
            {"when": "2024-05-01T00:00:00.000Z", "k": 2},
            {"when": "2024-05-01T00:00:01Z", "k": 3},
        ],
        node("RD", LATER, WHEN),
    ),
    twice(
        "rdh-later-workflow-zone",
        [{"when": "2023-12-31T23:45:00Z"}],
        [{"when": "2024-01-01T00:30:00"}, {"when": "2024-01-01T01:30:00"}],
        node("RD", LATER, WHEN),
        settings={"timezone": "Europe/Berlin"},
    ),
    chain(
        "rdh-later-not-a-date",
        [{"when": "2024-01-01"}, {"when": "soon"}],
        node("RD", LATER, WHEN),
        error=True,
    ),
    chain("rdh-later-empty", [{"when": ""}], node("RD", LATER, WHEN), error=True),
    chain("rdh-later-missing", [{"k": 1}], node("RD", LATER, WHEN), error=True),
    chain(
        "rdh-later-chain-workflow",
        DATES_A,
        node("RD1", LATER, WHEN, scope="workflow"),
        node("RD2", LATER, WHEN, scope="workflow"),
    ),
    # One scope, one kind of history
    # (n8n's execute-batch tries a failed workflow again: a Clear first makes it start
    # from an empty history both times.)
    chain(
        "rdh-mode-clash-workflow",
        NUMS_A,
        clear("Reset", "workflow"),
        node("RD1", SEEN, scope="workflow"),
        node("RD2", HIGHER, scope="workflow"),
        error=True,
    ),
    chain(
        "rdh-mode-clash-number-then-date",
        [{"id": 1, "when": "2024-01-01T00:00:00Z"}],
        clear("Reset", "workflow"),
        node("RD1", HIGHER, scope="workflow"),
        node("RD2", LATER, WHEN, scope="workflow"),
        error=True,
    ),
    chain(
        "rdh-modes-apart-in-node-scope",
        NUMS_A,
        node("RD1", SEEN, scope="workflow"),
        node("RD2", HIGHER),
    ),
    # More shapes
    twice(
        "rdh-seen-nested-field",
        [{"user": {"email": "a@x"}}, {"user": {"email": "b@x"}}],
        [{"user": {"email": "b@x"}}, {"user": {"email": "c@x"}}, {"user": {}}],
        node("RD", value="={{ $json.user.email }}"),
    ),
    twice(
        "rdh-seen-many",
        [{"id": n % 17, "n": n} for n in range(40)],
        [{"id": n % 23, "n": n} for n in range(40)],
        node("RD"),
    ),
    twice(
        "rdh-higher-many",
        [{"id": (n * 7) % 31, "n": n} for n in range(30)],
        [{"id": (n * 11) % 37, "n": n} for n in range(30)],
        node("RD", HIGHER),
    ),
    twice(
        "rdh-later-date-only-and-midnight",
        [{"when": "2024-01-01"}],
        [{"when": "2024-01-01T00:00:00Z", "k": 1}, {"when": "2024-01-01T00:00:00.5Z", "k": 2}],
        node("RD", LATER, WHEN),
    ),
    twice(
        "rdh-later-epoch-millis",
        [{"when": 1700000000000}],
        [{"when": 1800000000000}, {"when": 1600000000000}],
        node("RD", LATER, WHEN),
        error=True,
    ),
    # Clear Deduplication History
    chain("rdh-clear-passes-items", IDS_A, clear("Clear")),
    chain("rdh-clear-workflow-passes-items", IDS_A, clear("Clear", "workflow")),
    chain(
        "rdh-clear-workflow-between",
        IDS_A,
        node("RD1", scope="workflow"),
        clear("Clear", "workflow"),
        node("RD2", scope="workflow"),
    ),
    chain(
        "rdh-clear-node-scope-is-its-own",
        IDS_A,
        node("RD1", scope="workflow"),
        clear("Clear", "node"),
        node("RD2", scope="workflow"),
    ),
    chain(
        "rdh-clear-lets-another-mode-in",
        NUMS_A,
        node("RD1", SEEN, scope="workflow"),
        clear("Clear", "workflow"),
        node("RD2", HIGHER, scope="workflow"),
    ),
    twice(
        "rdh-clear-then-seen-again",
        IDS_A,
        IDS_A,
        clear("Clear", "workflow"),
        node("RD", scope="workflow"),
        connections={"Clear": to("RD")},
    ),
]
