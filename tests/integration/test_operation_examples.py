"""Every operation's declared example runs against a fresh sandbox as it is, and succeeds.

The sandbox checks bodies and queries the way a tracker does (its own rules), so an example
that sends what a tracker would refuse fails here with the sandbox's 400/406.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kflow.nodes.keitaro import KeitaroNode
from kflow.sandbox import SandboxServer
from kflow.testing import run_node
from tests.support import FIXED_NOW

ROUTES = KeitaroNode.routes()


def _param(route: dict[str, Any]) -> Any:
    return pytest.param(route, id=f"{route['resource']}-{route['operation']}")


async def run_example(route: dict[str, Any], db: Path) -> tuple[list[Any], SandboxServer]:
    async with SandboxServer(db=db, record=True, clock=lambda: FIXED_NOW) as server:
        params = {"resource": route["resource"], "operation": route["operation"]}
        outputs = await run_node(
            "keitaro",
            [{}],
            {**params, **route["example"]},
            credentials={"keitaroApi": server.credentials()},
        )
    return outputs, server


def test_all_107_spec_routes_are_offered() -> None:
    """The 2022 spec has 107 operations; every one is offered (downloads included)."""
    admin = {(r["method"], r["path"]) for r in ROUTES if r.get("api") != "tracker"}
    admin.discard(("PUT", "/clicks/{subid}"))  # served by the sandbox; not in the 2022 spec
    # postback → getReceivedLog/getSentLog are fixed instances of GET /logs/{type}.
    admin -= {("GET", "/logs/postbacks"), ("GET", "/logs/sent_postbacks")}
    assert len(admin) == 107, len(admin)
    assert ("GET", "/offers/{id}/download") in admin
    assert ("GET", "/landing_pages/{id}/download") in admin


@pytest.mark.parametrize("route", [_param(r) for r in ROUTES])
async def test_example_runs_against_the_sandbox(
    route: dict[str, Any], seeded: Path, tmp_path: Path
) -> None:
    db = tmp_path / "tracker.db"
    shutil.copy(seeded, db)
    outputs, server = await run_example(route, db)
    failed = [o["json"] for o in outputs if not o["json"].get("success")]
    assert not failed, failed
    assert server.requests and all(r.status < 400 for r in server.requests), server.requests


async def test_money_reaches_the_wire_exactly(seeded: Path, tmp_path: Path) -> None:
    """1234567.891 and 12345.67 go out digit for digit, as JSON numbers or strings."""
    (route,) = [r for r in ROUTES if (r["resource"], r["operation"]) == ("offer", "update")]
    db = tmp_path / "tracker.db"
    shutil.copy(seeded, db)
    _, server = await run_example(route, db)
    (put,) = [r for r in server.requests if r.method == "PUT"]
    assert '"payout_value":1234567.891' in put.body
    assert json.loads(put.body, parse_float=Decimal)["payout_value"] == Decimal("1234567.891")
