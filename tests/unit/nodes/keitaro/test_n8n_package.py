"""The generated n8n package: its files, determinism, and its runtime's requests.

The last test runs the package's JavaScript runtime under Node for every offered
operation's example and checks it builds the request kflow builds (method, path, query,
body); the n8n-marked tests then prove the same inside a real n8n.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kflow.host import jsontext
from kflow.host.parameters import resolve_parameters
from kflow.nodes.keitaro import KeitaroNode
from kflow.nodes.keitaro.handlers import files
from kflow.nodes.keitaro.n8n_package import build
from kflow.nodes.keitaro.n8n_package.spec import operation_specs
from tests.unit.nodes.keitaro.test_requests import CASES


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    build(out)
    return out


def test_files_and_package_json(package: Path) -> None:
    data = json.loads((package / "package.json").read_text())
    assert data["name"] == "n8n-nodes-keitaro"
    assert "n8n-community-node-package" in data["keywords"]
    assert data["license"] and data["n8n"]["n8nNodesApiVersion"] == 1
    for path in data["n8n"]["nodes"] + data["n8n"]["credentials"]:
        assert (package / path).is_file(), path
    assert (package / "dist/nodes/Keitaro/keitaro.svg").is_file()
    assert (package / "README.md").read_text().startswith("# n8n-nodes-keitaro")
    assert "dependencies" not in data


def test_building_twice_gives_identical_files(package: Path, tmp_path: Path) -> None:
    again = build(tmp_path)
    for path in again:
        assert path.read_bytes() == (package / path.relative_to(tmp_path)).read_bytes(), path


def test_node_source_routes_every_offered_operation(package: Path) -> None:
    source = (package / "dist/nodes/Keitaro/Keitaro.node.js").read_text()
    assert "__KFLOW_" not in source
    specs = operation_specs()
    assert sum(len(ops) for ops in specs.values()) >= 95
    assert source.count("runtime.preSend") == sum(len(ops) for ops in specs.values())
    credential = (package / "dist/credentials/KeitaroApi.credentials.js").read_text()
    assert "class KeitaroApi" in credential and '"Api-Key"' in credential
    assert "this.test = " in credential


OFFSETS = [
    (
        "click",
        "getLog",
        {
            "interval": "custom",
            "dateFrom": "2026-03-08T06:30:00Z",
            "dateTo": "2026-11-02T10:30+05:00",
            "timezone": "America/New_York",
        },
    ),
    ("click", "clean", {"dateFrom": "2026-11-01T23:30-02:00", "dateTo": "2026-11-02"}),
    (
        "campaign",
        "updateCosts",
        {
            "campaignId": 2,
            "dateFrom": "2026-10-25T00:30:00+00:00",
            "dateTo": "2026-10-25",
            "timezone": "Europe/Berlin",
            "cost": "1234567.8900",
            "currency": "eur",
        },
    ),
]
"""Dates with offsets, converted to the chosen zone (across DST changes)."""

HARNESS = r"""
const { SPEC } = require(process.argv[1] + '/dist/nodes/Keitaro/Keitaro.node.js');
const { buildRequest } = require(process.argv[1] + '/dist/nodes/Keitaro/keitaro-runtime.js');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = cases.map(({ resource, operation, params }) => {
    const read = (name, fallback) => (name in params ? params[name] : fallback);
    const ctx = { getNodeParameter: read };
    const spec = SPEC[resource][operation];
    try {
        const built = buildRequest(ctx, spec, 'Keitaro', { postbackKey: 'pbkey42' });
        return { method: spec.method, api: spec.api, ...built };
    } catch (error) {
        return { error: error.message };
    }
});
process.stdout.write(JSON.stringify(out));
"""


def _kflow_request(ctx_factory: Any, resource: str, operation: str, example: dict) -> Any:
    values = {"resource": resource, "operation": operation, **example}
    resolved = resolve_parameters(KeitaroNode.description, values, node_name="Keitaro")
    ctx = ctx_factory(resolved)
    ctx.credentials["keitaroApi"]["postbackKey"] = "pbkey42"
    request = KeitaroNode().prepare(ctx).request
    return resolved, request


def test_the_runtime_builds_the_requests_kflow_builds(package: Path, ctx_factory: Any) -> None:
    """Every operation's example, and the hand-made cases of test_requests."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    specs = operation_specs()
    cases, expected = [], []
    examples = [(r["resource"], r["operation"], r["example"]) for r in KeitaroNode.routes()]
    hand_made = [(r, o, params) for (r, o), (params, _, _) in CASES.items()] + OFFSETS
    for resource, operation, params in examples + hand_made:
        assert operation in specs.get(resource, {}), f"{resource}/{operation} is not offered"
        resolved, request = _kflow_request(ctx_factory, resource, operation, params)
        cases.append({"resource": resource, "operation": operation, "params": resolved})
        expected.append(request)
    done = subprocess.run(
        [node, "-e", HARNESS, str(package)],
        input=json.dumps(cases, default=str),
        capture_output=True,
        text=True,
        check=True,
    )
    for case, ours, theirs in zip(cases, expected, json.loads(done.stdout), strict=True):
        where = f"{case['resource']}/{case['operation']}"
        assert "error" not in theirs, (where, theirs)
        parts = urllib.parse.urlsplit(ours.url)
        assert theirs["method"] == ours.method, where
        prefix = "" if theirs["api"] == "tracker" else "/admin_api/v1"
        assert prefix + theirs["path"] == parts.path, where
        assert {k: str(v) for k, v in theirs["query"].items()} == dict(
            urllib.parse.parse_qsl(parts.query)
        ), where
        body = json.loads(jsontext.dumps(ours.body), parse_float=Decimal) if ours.body else None
        theirs_body = json.loads(json.dumps(theirs.get("body")), parse_float=Decimal)
        assert _numbers(theirs_body) == _numbers(body), where


def _numbers(value: Any) -> Any:
    """Decimals compared by value, whether they went out as text or numbers in JSON."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return Decimal(value)
    return value


DISPOSITIONS = [
    'attachment; filename="offer_1.zip"',
    "attachment; filename=plain.zip",
    "attachment; filename*=UTF-8''%D0%BB%D0%B5%D0%BD%D0%B4.zip",
    "attachment; filename=\"a.zip\"; filename*=UTF-8''b%20c.zip",
    'attachment; filename="../../etc/lp.zip"',
    'attachment; filename="C:\\\\temp\\\\lp.zip"',
    'attachment; filename="q\\"x.zip"',
    'attachment; filename=".."',
    "inline",
    "",
]
FILE_HARNESS = r"""
const { fileName, mimeType } = require(process.argv[1] + '/dist/nodes/Keitaro/keitaro-runtime.js');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const zip = Buffer.from('PK\x05\x06');
process.stdout.write(JSON.stringify(cases.map((value) => [
    fileName({ 'content-disposition': value }, 'fallback.zip'),
    mimeType({ 'content-type': value ? 'application/octet-stream' : '' }, zip),
])));
"""


def test_the_runtime_names_downloads_as_kflow_does(package: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    done = subprocess.run(
        [node, "-e", FILE_HARNESS, str(package)],
        input=json.dumps(DISPOSITIONS),
        capture_output=True,
        text=True,
        check=True,
    )
    zipped = b"PK\x05\x06"
    ours = [
        [
            files.file_name({"Content-Disposition": value}, "fallback.zip"),
            files.mime_type({"Content-Type": "application/octet-stream" if value else ""}, zipped),
        ]
        for value in DISPOSITIONS
    ]
    assert json.loads(done.stdout) == ours
