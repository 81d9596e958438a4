"""The exported package inside a real n8n 2.41.1 sends what kflow sends, and outputs the same.

One workflow chains every operation the package offers (each node runs once, keeps going on
errors and on empty outputs), with each operation's example as its parameters. It runs
once in n8n, with the packed package installed in ~/.n8n/nodes, and once in kflow, from the
same workflow JSON (the round trip), each against a fresh copy of one seeded sandbox on
the same port and keys. Both runs must send the same requests (method, path, query, body)
and give the same output items.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.validate import validate_flow
from kflow.nodes.keitaro import KeitaroNode
from kflow.nodes.keitaro.n8n_package import build
from kflow.nodes.keitaro.n8n_package.spec import operation_specs
from kflow.sandbox import SandboxServer
from kflow.sandbox.seed import seed_store
from kflow.sandbox.store import Store
from tests.n8n_headless import pack, run_workflow
from tests.support import FIXED_NOW, fixed_date, free_port

pytestmark = pytest.mark.n8n

API_KEY = "kflow-n8n-package-key-0123456789"
POSTBACK_KEY = "pb0c0de"
CREDENTIAL = {"id": "KeitaroCred00001", "name": "Keitaro tracker"}
# Operations that destroy what later examples use run last, in this order of kinds.
LAST = (
    "disable",
    "archive",
    "delete",
    "unlinkFacebookCampaign",
    "deleteFacebookAccount",
    "removeFile",
    "clear",
)
# Values that differ between two runs by nature: timestamps and random tokens.
VOLATILE = {"created_at", "updated_at", "datetime", "token", "alias", "jid"}
# What two hosts' binary entries of one file must share (storage fields differ by mode).
FILE_FIELDS = ("mimeType", "fileName", "fileExtension", "fileSize")


PAGING = [
    ("click", "getLog", {"interval": "all_time", "returnAll": True, "columns": ["sub_id", "cost"]}),
    (
        "click",
        "getLog",
        {"interval": "all_time", "limit": 1500, "options": {"splitIntoItems": False}},
    ),
    (
        "statistics",
        "buildReport",
        {"interval": "all_time", "returnAll": True, "dimensions": ["campaign", "day"]},
    ),
    ("postback", "getReceivedLog", {"returnAll": True}),
    (
        "conversion",
        "getLog",
        {
            "interval": "custom",
            "dateFrom": f"{fixed_date(-60)}T00:00:00+03:00",
            "dateTo": fixed_date(30),
            "timezone": "Europe/Moscow",
            "limit": 5,
            "filters": {
                "filter": [{"name": "status", "operator": "IN_LIST", "value": "sale,lead"}]
            },
        },
    ),
]
"""Beyond the examples: Return All over several pages, a limit over one page, Split off, a
range with an offset, a list filter."""


def _routes() -> list[dict[str, Any]]:
    specs = operation_specs()
    offered = [r for r in KeitaroNode.routes() if r["operation"] in specs.get(r["resource"], {})]
    offered = [{"resource": r, "operation": o, "example": e} for r, o, e in PAGING] + offered
    return sorted(
        offered, key=lambda r: LAST.index(r["operation"]) + 1 if r["operation"] in LAST else 0
    )


def _workflow(routes: list[dict[str, Any]]) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [
        {
            "id": "start",
            "name": "Start",
            "type": "n8n-nodes-base.manualTrigger",
            "typeVersion": 1,
            "position": [0, 0],
            "parameters": {},
        }
    ]
    connections: dict[str, Any] = {}
    previous = "Start"
    for number, route in enumerate(routes, start=1):
        name = f"{number:03d} {route['resource']} {route['operation']}"
        nodes.append(
            {
                "id": f"node-{number}",
                "name": name,
                "type": "n8n-nodes-keitaro.keitaro",
                "typeVersion": 1,
                "position": [number * 220, 0],
                "parameters": {
                    "resource": route["resource"],
                    "operation": route["operation"],
                    **route["example"],
                },
                "credentials": {"keitaroApi": CREDENTIAL},
                "executeOnce": True,
                "alwaysOutputData": True,
                "onError": "continueRegularOutput",
            }
        )
        connections[previous] = {"main": [[{"node": name, "type": "main", "index": 0}]]}
        previous = name
    return {
        "id": "KeitaroPackage01",
        "name": "Every Keitaro operation",
        "nodes": nodes,
        "connections": connections,
        "settings": {"executionOrder": "v1"},
        "active": False,
    }


class _Sandbox:
    """A recording sandbox in a thread of its own (n8n runs in a subprocess meanwhile)."""

    def __init__(self, db: Path, port: int) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.server = SandboxServer(
            db=db,
            port=port,
            api_key=API_KEY,
            postback_key=POSTBACK_KEY,
            clock=lambda: FIXED_NOW,
            record=True,
        )
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(30)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)


def _requests(server: SandboxServer) -> list[tuple[Any, ...]]:
    return [
        (r.method, r.path, r.query, json.loads(r.body, parse_float=Decimal) if r.body else None)
        for r in server.requests
    ]


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("n8n-package")
    seeded = folder / "seed.db"
    store = Store(seeded)
    seed_store(store, now=FIXED_NOW)
    store.close()
    build(folder / "package")
    tarball = pack(folder / "package", folder)
    routes = _routes()
    workflow = _workflow(routes)
    (folder / "workflow.json").write_text(json.dumps(workflow), encoding="utf-8")
    port = free_port()

    shutil.copy(seeded, folder / "n8n.db")
    sandbox = _Sandbox(folder / "n8n.db", port)
    try:
        credentials = [{**CREDENTIAL, "type": "keitaroApi", "data": sandbox.server.credentials()}]
        n8n_data = run_workflow(workflow, packages=(tarball,), credentials=credentials)
        n8n_requests = _requests(sandbox.server)
        credential_data = sandbox.server.credentials()
    finally:
        sandbox.close()

    shutil.copy(seeded, folder / "kflow.db")
    sandbox = _Sandbox(folder / "kflow.db", port)
    try:
        flow, problems = validate_flow(load_flow_data(folder / "workflow.json"))
        assert not problems and flow is not None, problems
        creds = Credentials()
        creds.add(KEITARO_API, credential_data, name=CREDENTIAL["name"])
        result = asyncio.run(run_flow(flow, credentials=creds))
        kflow_requests = _requests(sandbox.server)
    finally:
        sandbox.close()
    yield {
        "routes": routes,
        "names": [n["name"] for n in workflow["nodes"][1:]],
        "n8n": n8n_data,
        "kflow": result.outputs,
        "n8n_requests": n8n_requests,
        "kflow_requests": kflow_requests,
    }


def test_the_package_offers_what_kflow_offers_but_the_coded_operations(
    runs: dict[str, Any],
) -> None:
    assert len(runs["routes"]) >= 95


def test_n8n_and_kflow_send_the_same_requests(runs: dict[str, Any]) -> None:
    assert len(runs["n8n_requests"]) >= len(runs["routes"])
    for number, (ours, theirs) in enumerate(
        zip(runs["kflow_requests"], runs["n8n_requests"], strict=False)
    ):
        assert ours == theirs, f"request {number}"
    assert len(runs["kflow_requests"]) == len(runs["n8n_requests"])
    offsets = [r[3]["offset"] for r in runs["n8n_requests"] if r[1] == "/admin_api/v1/clicks/log"]
    assert offsets[:4] == [0, 1000, 2000, 0], "Return All pages through 3,000 clicks"


def _compared(runs: dict[str, Any]) -> list[str]:
    """The nodes whose outputs are compared here (downloads too: their json;
    test_downloads_give_the_same_files compares their files)."""
    return list(runs["names"])


def test_n8n_and_kflow_give_the_same_outputs(runs: dict[str, Any]) -> None:
    failed = [
        n
        for n in _compared(runs)
        if not all(o.get("success") or o == {} for o in (i["json"] for i in runs["kflow"][n][0]))
    ]
    assert not failed, f"examples should succeed in the chain too: {failed}"
    for name in _compared(runs):
        theirs = [i["json"] for i in runs["n8n"][name][0]["data"]["main"][0]]
        ours = [i["json"] for i in runs["kflow"][name][0]]
        if all(o.get("success") or o == {} for o in ours):  # {}: alwaysOutputData
            assert _stable(theirs) == _stable(ours), name
        else:
            assert [t.get("error") for t in theirs] == [_message(o) for o in ours], name


def _message(item: dict[str, Any]) -> Any:
    return (item.get("error") or {}).get("message", item)


def test_downloads_give_the_same_files(runs: dict[str, Any]) -> None:
    names = [n for n in runs["names"] if n.endswith(" download")]
    assert len(names) == 2
    for name in names:
        (theirs,) = runs["n8n"][name][0]["data"]["main"][0]
        (ours,) = runs["kflow"][name][0]
        assert theirs["json"] == ours["json"], name
        assert theirs["json"]["data"]["mimeType"] == "application/zip", name
        assert set(theirs["binary"]) == set(ours["binary"]) == {"data"}, name
        their_file, our_file = theirs["binary"]["data"], ours["binary"]["data"]
        assert {k: their_file.get(k) for k in FILE_FIELDS} == {
            k: our_file.get(k) for k in FILE_FIELDS
        }, name
