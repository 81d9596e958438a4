"""kflow.testing: its public names, the in-memory transport, the run helpers, the asserts and
the pytest plugin's fixtures."""

from __future__ import annotations

import logging
from typing import Any

import pytest

import kflow.testing
from kflow.host.errors import NodeOperationError
from kflow.testing import (
    ANY,
    Answer,
    MemoryTransport,
    assert_error_item,
    assert_sent,
    run_flow,
    run_node,
)
from tests.support import CANARY_KEY

PUBLIC = {
    "ANY",
    "Answer",
    "MemoryTransport",
    "NodeSuite",
    "SentRequest",
    "assert_error_item",
    "assert_sent",
    "run_flow",
    "run_node",
}
TRACKER = {"keitaroApi": {"domain": "https://tracker.test", "apiKey": CANARY_KEY}}
UPDATE = {
    "resource": "click",
    "operation": "update",
    "clickId": "={{ $json.subid }}",
    "clickData": '={"cost": {{ $json.cost }}}',
}


def test_the_public_names_are_exactly_these() -> None:
    assert set(kflow.testing.__all__) == PUBLIC
    assert all(hasattr(kflow.testing, name) for name in PUBLIC)


async def test_run_node_goes_through_the_transport_and_records_requests() -> None:
    transport = MemoryTransport([Answer("PUT", "^/admin_api/v1/clicks/.+", json={"cost": "1.5"})])
    outputs = await run_node(
        "keitaro",
        [{"subid": "a1", "cost": 1.5}, {"subid": "b2", "cost": 2}],
        UPDATE,
        credentials=TRACKER,
        transport=transport,
    )
    assert [o["pairedItem"] for o in outputs] == [{"item": 0}, {"item": 1}]
    assert all(o["json"]["success"] for o in outputs)
    sent = assert_sent(transport, "PUT", "/admin_api/v1/clicks/a1", json={"cost": 1.5})
    assert sent.headers["Api-Key"] == CANARY_KEY
    assert_sent(transport, "PUT", "/admin_api/v1/clicks/b2", json=ANY, times=1)
    with pytest.raises(AssertionError, match="expected GET /nowhere"):
        assert_sent(transport, "GET", "/nowhere")


async def test_an_undeclared_request_fails_the_test_loudly() -> None:
    with pytest.raises(AssertionError, match="no answer declared for PUT"):
        await run_node(
            "keitaro",
            [{"subid": "a1", "cost": 1}],
            UPDATE,
            credentials=TRACKER,
            transport=MemoryTransport(),
        )


async def test_error_items_and_their_asserts() -> None:
    transport = MemoryTransport().answer(
        "PUT", "/admin_api/v1/clicks/a1", status=404, json={"error": "Click not found"}
    )
    (output,) = await run_node(
        "keitaro",
        [{"subid": "a1", "cost": 1}],
        UPDATE,
        credentials=TRACKER,
        transport=transport,
        on_error="continueRegularOutput",
    )
    error = assert_error_item(output, message="404")
    assert error["httpCode"] == 404
    with pytest.raises(AssertionError, match="not an error item"):
        assert_error_item({"json": {"ok": 1}})
    with pytest.raises(
        NodeOperationError,
        match=r'item 0: parameter "ID Клика" \(clickId\): the expression \{\{ \$json\.subid',
    ):
        await run_node(
            "keitaro", [{"subid": ""}], UPDATE, credentials=TRACKER, transport=MemoryTransport()
        )


async def test_answers_can_be_used_a_number_of_times() -> None:
    transport = MemoryTransport(
        [
            Answer("PUT", "^/admin_api/v1/clicks/.+", status=500, json={"error": "x"}, times=1),
            Answer("PUT", "^/admin_api/v1/clicks/.+", json={"cost": 1}),
        ]
    )
    from kflow.host.settings import RunSettings

    (output,) = await run_node(
        "keitaro",
        [{"subid": "a1", "cost": 1}],
        UPDATE,
        credentials=TRACKER,
        transport=transport,
        settings=RunSettings(retries=2, max_retry_wait=0.01),
    )
    assert output["json"]["success"] is True
    assert len(transport.sent) == 2


async def test_run_flow_takes_a_flow_as_data() -> None:
    flow: dict[str, Any] = {
        "nodes": [
            {"name": "In", "type": "input", "parameters": {"items": [{"n": 1}, {"n": 2}]}},
            {
                "name": "Double",
                "type": "set",
                "parameters": {
                    "assignments": {
                        "assignments": [
                            {"name": "d", "value": "={{ $json.n * 2 }}", "type": "number"}
                        ]
                    }
                },
            },
        ],
        "connections": {"In": ["Double"]},
    }
    outputs = await run_flow(flow)
    assert [o["json"] for o in outputs] == [{"d": 2}, {"d": 4}]


async def test_the_sandbox_fixture_serves_a_tracker(kflow_sandbox: Any, kflow_run: Any) -> None:
    subid = kflow_sandbox.server.store.conn.execute("SELECT sub_id FROM clicks LIMIT 1").fetchone()[
        0
    ]
    (output,) = await kflow_run.node(
        "keitaro", [{"subid": subid, "cost": 3}], UPDATE, credentials=kflow_sandbox.credentials()
    )
    assert output["json"]["data"]["cost"] == 3


def test_the_secret_canary_passes_a_clean_test(secret_canary: str) -> None:
    print("nothing secret here")
    logging.getLogger("kflow").warning("still nothing")
    assert secret_canary.startswith("canary-")


def test_the_secret_canary_fails_a_leaky_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import logging

        def test_leaks(secret_canary):
            logging.getLogger("kflow").warning("key is %s", secret_canary)
        """
    )
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*the secret canary showed in logs*"])


def test_kflow_and_its_new_command_work_without_pytest() -> None:
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['pytest'] = None\n"
        "import kflow.testing, kflow.testing.scaffold\n"
        "from kflow.host.cli.main import load_command\n"
        "assert all(load_command(name) for name in ('new', 'sandbox', 'run'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
