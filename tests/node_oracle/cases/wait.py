"""Wait 1 and 1.1: waits short enough to sleep inside the run (a time interval, a time
that passed), n8n's checks of the amount and the date; both execution orders."""

from __future__ import annotations

from typing import Any

from tests.node_oracle.harness import Case

ROWS = [{"n": 1, "name": "a"}, {"n": 2, "name": "b"}]


def _wait(version: float, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Wait",
        "type": "n8n-nodes-base.wait",
        "typeVersion": version,
        "parameters": params,
    }


def wait_case(
    case_id: str, version: float, params: dict[str, Any], *, order: str = "v1", error: bool = False
) -> Case:
    return Case(
        f"wait-{version:g}-{case_id}-{order}",
        nodes=[_wait(version, params)],
        inputs={"Input": ROWS},
        order=order,
        error=error,
    )


CASES = [
    case
    for order in ("v1", "v0")
    for version in (1, 1.1)
    for case in [
        wait_case("zero-seconds", version, {"amount": 0, "unit": "seconds"}, order=order),
        wait_case("half-second", version, {"amount": 0.5, "unit": "seconds"}, order=order),
        wait_case("zero-minutes", version, {"amount": 0, "unit": "minutes"}, order=order),
        wait_case(
            "time-passed",
            version,
            {"resume": "specificTime", "dateTime": "2020-01-02T03:04:05"},
            order=order,
        ),
        wait_case(
            "time-passed-offset",
            version,
            {"resume": "specificTime", "dateTime": "2021-06-01T10:00:00+03:00"},
            order=order,
        ),
        wait_case(
            "negative",
            version,
            {"amount": -1, "unit": "seconds"},
            order=order,
            error=True,
        ),
        wait_case(
            "not-a-date",
            version,
            {"resume": "specificTime", "dateTime": "soon"},
            order=order,
            error=True,
        ),
    ]
]
