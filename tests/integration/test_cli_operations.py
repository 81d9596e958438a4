"""Operations run through `kflow node keitaro … --sandbox`, as a user would type them.

One per resource kind of the first release; every operation's own example runs against
the sandbox in tests/integration/test_operation_examples.py, without a subprocess each.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from kflow.nodes.keitaro.resource_table import RESOURCES
from tests.integration.test_cli import kflow
from tests.support import FIRST_CLICK, fixed_date

# Days of the demo data: the sandboxes kflow starts here seed around FIXED_NOW.
FIRST, SECOND = fixed_date(-19), fixed_date(-18)
DAY = {"interval": "custom", "dateFrom": FIRST, "dateTo": SECOND}
ONE_COST = {"cost": [{"dateFrom": FIRST, "dateTo": FIRST, "cost": 5}]}

# (resource, operation) -> parameters that are valid against a fresh sandbox
OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("click", "update"): {"clickId": FIRST_CLICK, "clickData": '{"cost": 0.2}'},
    ("click", "getLog"): {"limit": 3, **DAY},
    ("click", "updateCosts"): {"campaignIds": "1,2", "costs": ONE_COST},
    ("click", "clean"): {"dateFrom": FIRST, "dateTo": FIRST},
    ("campaign", "getMany"): {},
    ("campaign", "get"): {"campaignId": 1},
    ("campaign", "create"): {"name": "From the CLI"},
    ("campaign", "update"): {"campaignId": 1, "updateFields": {"notes": "cli"}},
    ("campaign", "archive"): {"campaignId": 5},
    ("campaign", "restore"): {"campaignId": 1},
    ("campaign", "enable"): {"campaignId": 1},
    ("campaign", "disable"): {"campaignId": 1},
    ("campaign", "clone"): {"campaignId": 1},
    ("campaign", "getArchived"): {},
    ("campaign", "getStreams"): {"campaignId": 1},
    ("campaign", "updateCosts"): {
        "campaignId": 1,
        "dateFrom": FIRST,
        "dateTo": FIRST,
        "cost": 9,
    },
    ("conversion", "getLog"): {"interval": "all_time", "limit": 2},
    ("postback", "send"): {"subid": FIRST_CLICK, "status": "lead"},
    ("postback", "getReceivedLog"): {},
    ("postback", "getSentLog"): {},
    ("statistics", "buildReport"): {"dimensions": ["campaign"], "measures": ["clicks", "roi"]},
    ("statistics", "getLabels"): {"campaignId": 1},
    ("statistics", "setLabels"): {"campaignId": 1, "values": "ad-3"},
}
EMPTY_OK = {("postback", "getReceivedLog"), ("postback", "getSentLog"), ("campaign", "getArchived")}


def test_every_case_is_an_offered_operation() -> None:
    assert set(OPERATIONS) <= {(r, o) for r, pkg in RESOURCES.items() for o in pkg.operations}


def cli_params(params: dict[str, Any]) -> list[str]:
    args = []
    for name, value in params.items():
        text = value if isinstance(value, str) else json.dumps(value)
        args += ["-p", f"{name}={text}"]
    return args


@pytest.mark.parametrize(("resource", "operation"), sorted(OPERATIONS))
async def test_operation_runs_through_the_cli(resource: str, operation: str) -> None:
    params = {"resource": resource, "operation": operation, **OPERATIONS[(resource, operation)]}
    result = await kflow("node", "keitaro", *cli_params(params), "--sandbox")
    if (resource, operation) == ("campaign", "restore"):
        # Campaign 1 is not archived in a fresh sandbox: the tracker's 404 comes through.
        assert result.code == 1 and "404" in result.err
        return
    assert result.code == 0, result.err
    outputs = result.json()
    assert outputs or (resource, operation) in EMPTY_OK
    assert all(o["success"] and o["resource"] == resource for o in outputs)
