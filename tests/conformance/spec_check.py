"""Developer tool: do the node's requests conform to an OpenAPI file of the Admin API?

    python -m tests.conformance.spec_check PATH/TO/openapi.json

Runs every operation's example against a recording sandbox, then checks each request that
reached /admin_api/v1 against the OpenAPI file: the route and method exist, required query
parameters are there with the right type and values, and the JSON body validates against
the operation's request schema. It prints one line per operation and exits 1 on a problem.

Not a test: the OpenAPI file is reference material that the repository does not carry, so
nothing in the test suite may depend on it. The strict sandbox stands in for it there.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator

from kflow.nodes.keitaro import KeitaroNode
from kflow.sandbox import SandboxServer
from kflow.sandbox.seed import seed_store
from kflow.sandbox.store import Store
from kflow.testing import run_node

PREFIX = "/admin_api/v1"


def _templates(spec: dict[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    """Path templates as patterns, literal ones first (`/streams/deleted` before `{id}`)."""
    ordered = sorted(spec["paths"], key=lambda p: (p.count("{"), p))
    return [(re.compile(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(p)) + "$"), p) for p in ordered]


def _problems(spec: dict[str, Any], method: str, path: str, query: dict, body: str) -> list[str]:
    template = next((t for pattern, t in _templates(spec) if pattern.match(path)), None)
    if template is None:
        return [f"no route {path} in the spec"]
    operation = spec["paths"][template].get(method.lower())
    if operation is None:
        return [f"{method} {template} is not in the spec"]
    problems = []
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        name, schema = parameter["name"], parameter.get("schema", {})
        if name not in query:
            if parameter.get("required"):
                problems.append(f"query {name} is required")
            continue
        if schema.get("type") == "integer" and not re.fullmatch(r"-?\d+", query[name]):
            problems.append(f"query {name} must be an integer")
        if schema.get("enum") and query[name] not in schema["enum"]:
            problems.append(f"query {name}={query[name]} is not one of {schema['enum']}")
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body.strip():
        if content is None:
            problems.append("sends a body the spec does not take")
        else:
            document = {**content["schema"], "components": spec["components"]}
            for error in Draft4Validator(document).iter_errors(json.loads(body)):
                where = "/".join(str(p) for p in error.absolute_path) or "body"
                problems.append(f"{where}: {error.message}")
    return problems


async def _run(spec: dict[str, Any], db: Path) -> int:
    failures = 0
    for route in KeitaroNode.routes():
        copy = db.parent / "run.db"
        shutil.copy(db, copy)
        async with SandboxServer(db=copy, record=True) as server:
            params = {"resource": route["resource"], "operation": route["operation"]}
            await run_node(
                "keitaro",
                [{}],
                {**params, **route["example"]},
                credentials={"keitaroApi": server.credentials()},
            )
        name = f"{route['resource']}/{route['operation']}"
        admin = [r for r in server.requests if r.path.startswith(PREFIX)]
        if not admin:
            print(f"skip  {name}: not the Admin API ({route['path']})")
            continue
        problems = [
            f"{r.method} {r.path}: {p}"
            for r in admin
            for p in _problems(spec, r.method, r.path[len(PREFIX) :], r.query, r.body)
        ]
        failures += bool(problems)
        print(("FAIL  " if problems else "ok    ") + name)
        for problem in problems:
            print(f"        {problem}")
    return failures


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "seed.db"
        store = Store(db)
        seed_store(store)
        store.close()
        failures = asyncio.run(_run(spec, db))
    print(f"{failures} operation(s) with problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
