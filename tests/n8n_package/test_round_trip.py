"""`kflow export workflow` gives n8n workflow JSON that a real n8n imports and runs, with
the package installed, to the same output as kflow's run of the YAML flow."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from kflow.credentials import KEITARO_API
from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.flow_loader import load_flow_data
from kflow.host.n8n_workflow import n8n_id, to_n8n_workflow
from kflow.host.validate import validate_flow
from kflow.nodes.keitaro.n8n_package import build
from kflow.sandbox.seed import seed_store
from kflow.sandbox.store import Store
from tests.n8n_headless import pack, run_workflow
from tests.n8n_package.test_package_in_n8n import _Sandbox, _stable
from tests.support import free_port

pytestmark = pytest.mark.n8n

ROOT = Path(__file__).resolve().parents[2]


def test_an_exported_flow_runs_in_n8n_as_in_kflow(tmp_path: Path) -> None:
    flow, problems = validate_flow(load_flow_data(ROOT / "examples" / "rotate-offer.yaml"))
    assert flow is not None and not problems
    workflow = to_n8n_workflow(flow)
    build(tmp_path / "package")
    tarball = pack(tmp_path / "package", tmp_path)
    seeded = tmp_path / "seed.db"
    store = Store(seeded)
    seed_store(store)
    store.close()
    port = free_port()

    shutil.copy(seeded, tmp_path / "n8n.db")
    sandbox = _Sandbox(tmp_path / "n8n.db", port)
    try:
        data = sandbox.server.credentials()
        credential = {
            "id": n8n_id("keitaroApi", "Keitaro tracker"),
            "name": "Keitaro tracker",
            "type": "keitaroApi",
            "data": data,
        }
        n8n_run = run_workflow(workflow, packages=(tarball,), credentials=[credential])
    finally:
        sandbox.close()

    shutil.copy(seeded, tmp_path / "kflow.db")
    sandbox = _Sandbox(tmp_path / "kflow.db", port)
    try:
        creds = Credentials()
        creds.add(KEITARO_API, data, name="Keitaro tracker")
        result = asyncio.run(run_flow(flow, credentials=creds))
    finally:
        sandbox.close()

    last = "Send to offer 3"
    theirs = [i["json"] for i in n8n_run[last][0]["data"]["main"][0]]
    ours = [i["json"] for i in result.outputs[last][0]]
    assert ours and all(o["success"] for o in ours)
    assert _stable(theirs) == _stable(ours)
    assert json.dumps(ours[0]["data"]["offers"]) == '[{"offer_id": 3, "share": 100}]'
