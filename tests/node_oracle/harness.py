"""n8n as the oracle for nodes: cases, their workflows, n8n's recorded answers, kflow's.

A case is a small n8n workflow: a Manual Trigger, feeders that give the case's input items
(an Edit Fields node setting the array `rows` from its JSON text, then a Split Out of `rows`,
both nodes kflow and n8n run alike), and the nodes under test. Each family of cases lives
in `cases/<family>.py` as `CASES`; n8n's answers to them in `recorded/<family>.json`,
which names the n8n version. `record.py` asks n8n again; `test_recorded.py` compares kflow
with the recording in every test run.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kflow.host.credentials import Credentials
from kflow.host.dedupe import SqliteDedupe
from kflow.host.engine.executor import run_flow
from kflow.host.errors import KflowError, NodeError
from kflow.host.flow import parse_flow
from kflow.host.redaction import Redactor
from kflow.host.registry import credential_definitions, n8n_type_map
from kflow.host.settings import RunSettings
from kflow.host.subflows import Subflows
from tests.node_oracle import stubs

__all__ = [
    "Case",
    "Outputs",
    "answer_item",
    "families",
    "kflow_answer",
    "load_cases",
    "load_recording",
    "workflow",
]

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
RECORDED = HERE / "recorded"
START = "Start"
FILES = "%FILES%"
"""How a case writes its files folder in parameters (Case.files)."""
FILES_ROOT = Path(tempfile.gettempdir()) / "kflow-node-oracle-files"
"""Where n8n finds each case's files (N8N_RESTRICT_FILE_ACCESS_TO), a folder per case."""

Outputs = list[list[list[dict[str, Any]]]]
"""A node's runs, each a list of outputs, each a list of items: an item's json, or, for an
item with binary data, `{"$json": json, "$binary": binary}`."""


def answer_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """How an answer shows one item (json alone unless it carries binary data)."""
    binary = item.get("binary")
    data = item.get("json", {})  # n8n gives some items (a HEAD answer) no json at all
    if not binary:
        return data
    return {"$json": data, "$binary": binary}


@dataclass(frozen=True)
class Case:
    """One workflow to run in n8n and in kflow.

    Attributes:
        id: Unique in the whole corpus: `<node>-<version>-<what it shows>`.
        nodes: The nodes under test, as n8n workflow JSON nodes (name, type, typeVersion,
            parameters, and any node settings). `position` may be left out: nodes are then
            laid out left to right in list order.
        connections: n8n connections between the nodes under test, and from the feeders.
        inputs: Feeder name → the items (json) it gives. Feeder names must not clash with
            the nodes under test; a feeder with no connection in `connections` is joined
            to the first node's input 0 (for "Input") or input 1 (for "Input 2").
        order: The workflow's executionOrder: "v1" or "v0" (n8n's legacy order).
        settings: More workflow settings (timezone, ...).
        error: n8n stops the run with an error (the recording names the node): kflow must
            fail at that node too.
        stubs: Local servers the case calls (`stubs/<name>.py`), written in parameters as
            `http://<name>.stub`.
        files: Files (relative path → bytes) put in a fresh folder before the run; the
            folder is written `%FILES%` in parameters and answers. kflow runs with it as
            its files folder, n8n with it inside N8N_RESTRICT_FILE_ACCESS_TO.
        credentials: Credential type → its data (stub addresses written as placeholders),
            given to every node under test: n8n imports them (`import:credentials`), kflow
            loads them into the run's Credentials.
    """

    id: str
    nodes: list[dict[str, Any]]
    connections: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"Input": [{}]})
    order: str = "v1"
    settings: dict[str, Any] = field(default_factory=dict)
    error: bool = False
    stubs: frozenset[str] = frozenset()
    files: dict[str, bytes] | None = None
    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def workflow_id(self) -> str:
        return "k" + hashlib.sha1(self.id.encode()).hexdigest()[:15]

    def credential_id(self, type_name: str) -> str:
        """The id (and name) of this case's credential of a type, as n8n stores it."""
        return "c" + hashlib.sha1(f"{self.id}\x1f{type_name}".encode()).hexdigest()[:15]

    def n8n_credentials(self) -> list[dict[str, Any]]:
        """The case's credentials as `n8n import:credentials` reads them."""
        return [
            {
                "id": self.credential_id(kind),
                "name": self.credential_id(kind),
                "type": kind,
                "data": data,
            }
            for kind, data in self.credentials.items()
        ]

    @property
    def tested(self) -> list[str]:
        return [node["name"] for node in self.nodes]


def _feeder(name: str, rows: list[dict[str, Any]], row: int) -> list[dict[str, Any]]:
    data = f"{name} data"
    return [
        {
            "id": f"{name}-data",
            "name": data,
            "type": "n8n-nodes-base.set",
            "typeVersion": 3.4,
            "position": [200, row * 200],
            "parameters": {
                "mode": "manual",
                "assignments": {
                    "assignments": [
                        {
                            "id": "rows",
                            "name": "rows",
                            "type": "array",
                            "value": json.dumps(rows, ensure_ascii=False),
                        }
                    ]
                },
                "options": {},
            },
        },
        {
            "id": f"{name}-split",
            "name": name,
            "type": "n8n-nodes-base.splitOut",
            "typeVersion": 1,
            "position": [400, row * 200],
            "parameters": {"fieldToSplitOut": "rows", "options": {}},
        },
    ]


def _link(target: str, index: int = 0) -> dict[str, Any]:
    return {"node": target, "type": "main", "index": index}


def files_folder(case: Case, folder: Path | None = None) -> Path | None:
    """The case's files written afresh into `folder` (default: its folder under
    FILES_ROOT); None for a case without files."""
    if case.files is None:
        return None
    folder = folder or FILES_ROOT / case.workflow_id
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in case.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def _placed(data: Any, folder: Path | None, *, back: bool = False) -> Any:
    if folder is None:
        return data
    text = json.dumps(data, ensure_ascii=False)
    pair = (str(folder), FILES) if back else (FILES, str(folder))
    return json.loads(text.replace(*pair))


def workflow(case: Case, folder: Path | None = None) -> dict[str, Any]:
    """The case as n8n workflow JSON (its files written, see Case.files)."""
    return _placed(_workflow(case), files_folder(case, folder))


def _workflow(case: Case) -> dict[str, Any]:
    nodes: list[dict[str, Any]] = [
        {
            "id": "start",
            "name": START,
            "type": "n8n-nodes-base.manualTrigger",
            "typeVersion": 1,
            "position": [0, 0],
            "parameters": {},
        }
    ]
    connections: dict[str, Any] = {START: {"main": [[]]}}
    for row, (name, rows) in enumerate(case.inputs.items()):
        nodes += _feeder(name, rows, row)
        connections[START]["main"][0].append(_link(f"{name} data"))
        connections[f"{name} data"] = {"main": [[_link(name)]]}
    for column, node in enumerate(case.nodes):
        placed = {"id": f"n{column}", "position": [600 + 200 * column, 0], **node}
        if case.credentials and "credentials" not in placed:
            placed["credentials"] = {
                kind: {"id": case.credential_id(kind), "name": case.credential_id(kind)}
                for kind in case.credentials
            }
        nodes.append(placed)
    connections.update(json.loads(json.dumps(case.connections)))
    for number, name in enumerate(case.inputs):
        if name not in case.connections and case.nodes:
            connections[name] = {"main": [[_link(case.nodes[0]["name"], min(number, 1))]]}
    return {
        "id": case.workflow_id,
        "name": case.id,
        "active": False,
        "settings": {"executionOrder": case.order, **case.settings},
        "nodes": nodes,
        "connections": connections,
    }


def families() -> list[str]:
    """Every family of cases (`cases/<family>.py`)."""
    return sorted(p.stem for p in CASES.glob("*.py") if not p.stem.startswith("_"))


def load_cases(family: str) -> list[Case]:
    """A family's cases; their ids must be unique."""
    module = importlib.import_module(f"tests.node_oracle.cases.{family}")
    cases: list[Case] = list(module.CASES)
    ids = [case.id for case in cases]
    doubled = sorted({i for i in ids if ids.count(i) > 1})
    if doubled:
        raise ValueError(f"{family}: case ids used twice: {doubled}")
    return cases


def load_recording(family: str) -> dict[str, Any]:
    """n8n's recorded answers for a family: {"n8n": version, "cases": {id: answer}}."""
    path = RECORDED / f"{family}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"cases": {}}


def answer_from_run_data(case: Case, run_data: Mapping[str, Any]) -> dict[str, Any]:
    """The recorded answer of a case from n8n's runData: every tested node's runs."""
    nodes: dict[str, Outputs] = {}
    for name in case.tested:
        runs = []
        for task in run_data.get(name, []):
            outputs = (task.get("data") or {}).get("main") or []
            runs.append([[answer_item(item) for item in (output or [])] for output in outputs])
        nodes[name] = runs
    if case.files is not None:
        return _placed({"nodes": nodes}, FILES_ROOT / case.workflow_id, back=True)
    return {"nodes": nodes}


async def kflow_answer(case: Case) -> dict[str, Any]:
    """What kflow answers: every tested node's runs, or the node that stopped the run."""
    with stubs.serving(case.stubs) as addresses:
        answer = await _kflow_answer(case, addresses)
    return json.loads(stubs.substitute(json.dumps(answer), addresses, back=True))


async def _kflow_answer(case: Case, addresses: dict[str, str]) -> dict[str, Any]:
    if case.files is None:
        return await _kflow_run(case, addresses, None)
    with tempfile.TemporaryDirectory(prefix="kflow-oracle-files-") as folder:
        place = Path(folder).resolve() / "files"
        return _placed(await _kflow_run(case, addresses, place), place, back=True)


async def _kflow_run(case: Case, addresses: dict[str, str], folder: Path | None) -> dict[str, Any]:
    data = json.loads(stubs.substitute(json.dumps(workflow(case, folder)), addresses))
    kflow_types = n8n_type_map()
    for node in data["nodes"]:
        node["type"] = kflow_types.get(node["type"], node["type"])
    flow = parse_flow(data, source=case.id)
    credentials = Credentials(Redactor())
    definitions = credential_definitions()
    for kind, fields in case.credentials.items():
        given = json.loads(stubs.substitute(json.dumps(fields), addresses))
        credentials.add(definitions[kind], given, name=case.credential_id(kind))
    settings = RunSettings(retries=1, files_dir=folder)
    try:
        result = await run_flow(
            flow,
            credentials=credentials,
            settings=settings,
            dedupe=SqliteDedupe(":memory:"),
            subflows=Subflows(folder or HERE, credentials, settings),
        )
    except NodeError as error:
        return {"error": {"node": error.node, "message": str(error)}}
    except KflowError as error:
        return {"error": {"node": None, "message": str(error)}}
    nodes: dict[str, Outputs] = {}
    for name in case.tested:
        nodes[name] = [
            [[answer_item(item) for item in output] for output in outputs]
            for outputs in result.runs.get(name, [])
        ]
    return {"nodes": nodes}
