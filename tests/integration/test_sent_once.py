"""Retries follow the operation, not the HTTP method: an operation that is not idempotent
(every create and clone, whatever its method; a postback without `tid`) is sent once and
never again after a 5xx or a lost connection, even with retries allowed.

Each operation runs against a sandbox that fails every request in one way, and the test
counts the requests that reached it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from kflow.host.items import Item
from kflow.host.node import ItemContext
from kflow.host.plan import ParameterPlan
from kflow.host.redaction import Redactor
from kflow.host.settings import RunSettings
from kflow.nodes.keitaro import KeitaroNode
from kflow.sandbox import SandboxServer
from kflow.sandbox.faults import FaultPlan
from kflow.testing import run_node
from tests.support import FIRST_CLICK, FIXED_NOW

ROUTES = {(r["resource"], r["operation"]): r for r in KeitaroNode.routes()}

# The operations that make something new each time they are sent, as their examples run.
NOT_IDEMPOTENT = {
    *((resource, "create") for resource in (
        "campaign", "stream", "offer", "landing", "affiliateNetwork", "trafficSource",
        "domain", "group", "user",
    )),
    *((resource, "clone") for resource in (
        "campaign", "offer", "landing", "affiliateNetwork", "trafficSource",
    )),
    ("offer", "addFile"),
    ("landing", "addFile"),
    ("integration", "createFacebookAccount"),
}  # fmt: skip

# A postback or conversion without a transaction id counts each time it is sent.
WITHOUT_TID: dict[str, dict[str, Any]] = {
    "postback-send": {"resource": "postback", "operation": "send", "subid": FIRST_CLICK},
    "conversion-create": {"resource": "conversion", "operation": "create", "subid": FIRST_CLICK},
    "conversion-updateStatus": {
        "resource": "conversion",
        "operation": "updateStatus",
        "subid": FIRST_CLICK,
        "status": "rejected",
    },
}

FAULTS = ("500", "503", "lost", "drop")


def _prepared_idempotent(parameters: dict[str, Any]) -> bool:
    node = KeitaroNode()
    plan = ParameterPlan.build(node.description, parameters, node="Keitaro")
    credentials = {
        "domain": "https://tracker.example.test",
        "apiKey": "k" * 32,
        "postbackKey": "e89bcbe",
        "allowUnauthorizedCerts": False,
    }
    ctx = ItemContext(
        "Keitaro", 0, {}, plan.checked(plan.resolved, 0), {"keitaroApi": credentials}, Redactor()
    )
    return node.is_idempotent(node.prepare(ctx))


def _example(key: tuple[str, str]) -> dict[str, Any]:
    route = ROUTES[key]
    return {"resource": key[0], "operation": key[1], **route["example"]}


def test_every_operation_declares_what_it_is() -> None:
    """The declared table: creates, clones and uploads are not idempotent, the rest are."""
    found = {key for key in ROUTES if not _prepared_idempotent(_example(key))}
    assert found == NOT_IDEMPOTENT
    assert ROUTES[("landing", "clone")]["method"] == "PUT"
    for name, parameters in WITHOUT_TID.items():
        assert not _prepared_idempotent(parameters)
        tid = {"additionalFields": {"tid": "t-1"}} if name == "postback-send" else {"tid": "t-1"}
        assert _prepared_idempotent({**parameters, **tid})


async def _sent(parameters: dict[str, Any], fault: str, db: Path) -> tuple[int, list[Item]]:
    plan = FaultPlan({fault: 1.0}, retry_after=0)
    async with SandboxServer(db=db, faults=plan, clock=lambda: FIXED_NOW) as server:
        outputs = await run_node(
            "keitaro",
            [{}],
            parameters,
            credentials={"keitaroApi": server.credentials()},
            settings=RunSettings(retries=3, max_retry_wait=5),
            on_error="continueRegularOutput",
        )
    return sum(plan.seen.values()), outputs


CASES = {f"{r}-{o}": _example((r, o)) for r, o in sorted(NOT_IDEMPOTENT)} | WITHOUT_TID


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", sorted(CASES))
async def test_sent_once_after_an_ambiguous_failure(
    name: str, fault: str, seeded: Path, tmp_path: Path
) -> None:
    db = tmp_path / "tracker.db"
    shutil.copy(seeded, db)
    sent, outputs = await _sent(CASES[name], fault, db)
    assert sent == 1
    (output,) = outputs
    assert output["json"]["success"] is False


@pytest.mark.parametrize("fault", FAULTS)
async def test_an_idempotent_operation_is_tried_again(
    fault: str, seeded: Path, tmp_path: Path
) -> None:
    """The same harness counts retries, so the test above would see a second send."""
    db = tmp_path / "tracker.db"
    shutil.copy(seeded, db)
    sent, _ = await _sent(_example(("landing", "update")), fault, db)
    assert sent == 3
