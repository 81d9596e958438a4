"""Dry runs (`RunSettings.dry_run`): requests held back, shown, and turned into outputs;
`RunSettings.verbose`: the body sent, in the Keitaro node's request echo."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from kflow.host.errors import KflowError, NodeError
from kflow.host.held import HeldRequest, RequestHeld, held_request, holds, json_value
from kflow.host.http import FormPart, HttpClient, HttpRequest, TransportError
from kflow.host.settings import RunSettings, http_client
from kflow.testing import MemoryTransport, run_node
from tests.support import CANARY_KEY

TRACKER = "https://tracker.example.test"
KEITARO = {"keitaroApi": {"domain": TRACKER, "apiKey": CANARY_KEY}}
CLICK = "hea230qdxnbfcz1o79b"
UPDATE = {
    "resource": "click",
    "operation": "update",
    "clickId": CLICK,
    "clickData": '{"cost": 0.5}',
}
DISABLE = {"resource": "campaign", "operation": "disable", "campaignId": 7}
REPORT = {
    "resource": "statistics",
    "operation": "buildReport",
    "interval": "7_days_ago",
    "dimensions": ["campaign_id"],
    "measures": ["cost"],
}


def settings(**more: Any) -> RunSettings:
    return RunSettings(retries=1, **more)


# --- which requests a dry run holds -------------------------------------------------


@pytest.mark.parametrize(
    ("dry_run", "method", "reads_only", "held"),
    [
        (None, "POST", None, False),
        ("all", "GET", None, True),
        ("all", "POST", True, True),
        ("writes", "GET", None, False),
        ("writes", "HEAD", None, False),
        ("writes", "OPTIONS", None, False),
        ("writes", "POST", None, True),
        ("writes", "PUT", None, True),
        ("writes", "DELETE", None, True),
        ("writes", "POST", True, False),
        ("writes", "GET", False, True),
    ],
)
def test_what_each_dry_run_holds(
    dry_run: Any, method: str, reads_only: bool | None, held: bool
) -> None:
    request = HttpRequest(method, "https://x.test/a", reads_only=reads_only)
    assert holds(dry_run, request) is held


def test_a_held_request_is_no_failure_kflow_knows() -> None:
    for failure in (TransportError, KflowError, NodeError):
        assert not issubclass(RequestHeld, failure)


async def test_the_client_sends_nothing_and_records_the_request() -> None:
    transport = MemoryTransport()
    request = HttpRequest(
        "put",
        f"{TRACKER}/admin_api/v1/clicks/{CLICK}",
        {"Api-Key": CANARY_KEY, "X-Token": "tok-1234567890abcdef", "Accept": "application/json"},
        {"cost": Decimal("0.5")},
        secret_headers=frozenset({"x-token"}),
    )
    async with HttpClient(transport=transport, dry_run="all") as http:
        with pytest.raises(RequestHeld) as caught:
            await http.send(request)
    assert transport.sent == []
    held = caught.value.held
    assert list(http.held) == [held] and http.held_count == 1
    assert held.describe() == {
        "url": f"{TRACKER}/admin_api/v1/clicks/{CLICK}",
        "method": "PUT",
        "headers": {
            "Api-Key": "****" + CANARY_KEY[-4:],
            "X-Token": "****cdef",
            "Accept": "application/json",
        },
        "body": {"cost": 0.5},
    }
    assert held.line() == (
        f'dry run: would send PUT {TRACKER}/admin_api/v1/clicks/{CLICK} {{"cost":0.5}}'
    )


async def test_reads_go_out_in_a_dry_run_of_writes() -> None:
    transport = MemoryTransport().answer("GET", "/a", json={"ok": 1})
    async with http_client(settings(dry_run="writes"), transport) as http:
        answer = await http.send(HttpRequest("GET", "https://x.test/a"))
        with pytest.raises(RequestHeld):
            await http.send(HttpRequest("POST", "https://x.test/a", json={}))
    assert answer.json() == {"ok": 1}
    assert [s.method for s in transport.sent] == ["GET"]


def test_a_runs_settings_do_not_dry_run_by_default() -> None:
    assert RunSettings().dry_run is None and RunSettings().verbose is False


# --- how a held request shows its body ----------------------------------------------


def _body(**request: Any) -> Any:
    return held_request(HttpRequest("POST", "https://x.test/", **request)).body


def test_bodies_are_shown_by_kind() -> None:
    assert _body() is None
    assert _body(json=[1, "a"]) == [1, "a"]
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert _body(headers=form, data=b"grant_type=x&client_secret=s&grant_type=y") == {
        "form": ["grant_type", "client_secret"]
    }
    parts = (FormPart("chat_id", "1"), FormPart("photo", b"\x89PNG", "a.png", "image/png"))
    assert _body(form=parts) == {"form": ["chat_id", "photo (a.png, 4 bytes)"]}
    assert _body(headers={"content-type": "text/plain"}, data=b"hello\nthere") == "hello\nthere"
    assert _body(headers={"content-type": "application/json"}, data=b'{"a": 0.1}') == {"a": 0.1}
    assert _body(data=b"\x00\xff\x10") == "<3 bytes>"
    assert _body(headers={"content-type": "image/png"}, data=b"abc") == "<3 bytes>"


def test_amounts_stay_exact() -> None:
    assert json_value(Decimal("0.10")) == 0.1
    assert json_value(Decimal("3")) == 3 and isinstance(json_value(Decimal("3")), int)
    assert json_value({"a": [Decimal("1234567890123456.78")]}) == {"a": ["1234567890123456.78"]}


def test_a_long_body_is_cut_in_the_line_only() -> None:
    held = HeldRequest("POST", "https://x.test/", {}, {"ids": list(range(1000))})
    assert len(held.line()) < 600 and "more characters" in held.line()
    assert len(held.body["ids"]) == 1000


# --- item nodes: Keitaro --------------------------------------------------------------


async def test_keitaro_item_keeps_its_envelope_and_sends_nothing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    transport = MemoryTransport()
    out = await run_node(
        "keitaro",
        [{"row": 1}],
        UPDATE,
        credentials=KEITARO,
        transport=transport,
        settings=settings(dry_run="all"),
    )
    assert transport.sent == []
    assert out == [
        {
            "json": {
                "request": {
                    "url": f"{TRACKER}/admin_api/v1/clicks/{CLICK}",
                    "method": "PUT",
                    "headers": {
                        "Accept": "application/json",
                        "Content-Type": "application/json",
                        "Api-Key": "****" + CANARY_KEY[-4:],
                    },
                    "body": {"cost": 0.5},
                },
                "resource": "click",
                "operation": "update",
                "success": None,
                "dryRun": True,
                "input": {"row": 1},
            },
            "pairedItem": {"item": 0},
        }
    ]
    err = capfd.readouterr().err
    assert (
        f'kflow: dry run: would send PUT {TRACKER}/admin_api/v1/clicks/{CLICK} {{"cost":0.5}}'
        in err
    )
    assert CANARY_KEY not in err


async def test_a_report_is_read_and_a_disable_held_in_a_dry_run_of_writes() -> None:
    transport = MemoryTransport().answer(
        "POST", "/admin_api/v1/report/build", json={"rows": [{"campaign_id": 7}], "total": 1}
    )
    report = await run_node(
        "keitaro",
        None,
        REPORT,
        credentials=KEITARO,
        transport=transport,
        settings=settings(dry_run="writes"),
    )
    disable = await run_node(
        "keitaro",
        None,
        DISABLE,
        credentials=KEITARO,
        transport=transport,
        settings=settings(dry_run="writes"),
    )
    assert report[0]["json"]["success"] is True
    assert report[0]["json"]["data"] == {"campaign_id": 7}
    assert disable[0]["json"]["dryRun"] is True
    assert disable[0]["json"]["request"]["url"] == f"{TRACKER}/admin_api/v1/campaigns/7/disable"
    assert [(s.method, s.path) for s in transport.sent] == [("POST", "/admin_api/v1/report/build")]


async def test_a_postback_is_a_write_though_it_is_a_get() -> None:
    transport = MemoryTransport()
    out = await run_node(
        "keitaro",
        None,
        {"resource": "conversion", "operation": "create", "subid": CLICK, "status": "sale"},
        credentials={"keitaroApi": {**KEITARO["keitaroApi"], "postbackKey": "pbkey1"}},
        transport=transport,
        settings=settings(dry_run="writes"),
    )
    assert transport.sent == []
    assert out[0]["json"]["dryRun"] is True
    assert out[0]["json"]["request"]["method"] == "GET"


@pytest.mark.parametrize("on_error", ["continueRegularOutput", "continueErrorOutput"])
async def test_a_held_item_is_neither_failed_nor_retried(on_error: str) -> None:
    transport = MemoryTransport()
    out = await run_node(
        "keitaro",
        [{}, {}],
        DISABLE,
        credentials=KEITARO,
        transport=transport,
        settings=RunSettings(retries=3, dry_run="all"),
        on_error=on_error,
    )
    assert [item["json"]["dryRun"] for item in out] == [True, True]
    assert [item["pairedItem"] for item in out] == [{"item": 0}, {"item": 1}]
    assert transport.sent == []


# --- --verbose ------------------------------------------------------------------------


async def test_verbose_adds_the_body_sent_to_keitaros_request_echo() -> None:
    transport = MemoryTransport().answer(
        "PUT", f"/admin_api/v1/clicks/{CLICK}", json={"sub_id": CLICK, "cost": 0.5}
    )
    (plain,) = await run_node(
        "keitaro", None, UPDATE, credentials=KEITARO, transport=transport, settings=settings()
    )
    (verbose,) = await run_node(
        "keitaro",
        None,
        UPDATE,
        credentials=KEITARO,
        transport=transport,
        settings=settings(verbose=True),
    )
    assert "body" not in plain["json"]["request"]
    assert verbose["json"]["request"]["body"] == {"cost": 0.5}
    assert verbose["json"]["success"] is True


async def test_verbose_adds_the_body_to_a_failed_items_echo_too() -> None:
    transport = MemoryTransport().answer(
        "PUT", f"/admin_api/v1/clicks/{CLICK}", status=404, json={"error": "Click not found"}
    )
    (failed,) = await run_node(
        "keitaro",
        None,
        UPDATE,
        credentials=KEITARO,
        transport=transport,
        settings=settings(verbose=True),
        on_error="continueRegularOutput",
    )
    assert failed["json"]["success"] is False
    assert failed["json"]["request"]["body"] == {"cost": 0.5}


async def test_verbose_masks_secrets_in_the_body() -> None:
    transport = MemoryTransport().answer(
        "PUT", f"/admin_api/v1/clicks/{CLICK}", json={"sub_id": CLICK}
    )
    params = {**UPDATE, "clickData": json.dumps({"sub_id_2": CANARY_KEY})}
    (out,) = await run_node(
        "keitaro",
        None,
        params,
        credentials=KEITARO,
        transport=transport,
        settings=settings(verbose=True),
    )
    assert out["json"]["request"]["body"] == {"sub_id_2": "****" + CANARY_KEY[-4:]}


# --- batch nodes: HTTP Request --------------------------------------------------------

HTTP = {
    "method": "={{ $json.m }}",
    "url": "=https://api.example.test/items/{{ $json.id }}",
    "sendBody": True,
    "specifyBody": "json",
    "jsonBody": '={"id": {{ $json.id }}}',
}
ITEMS = [{"id": 1, "m": "GET"}, {"id": 2, "m": "POST"}, {"id": 3, "m": "DELETE"}]


async def test_each_item_of_a_batch_node_shows_its_own_held_request() -> None:
    transport = MemoryTransport()
    out = await run_node(
        "httpRequest", ITEMS, HTTP, transport=transport, settings=settings(dry_run="all")
    )
    assert transport.sent == []
    assert [(o["json"]["request"]["method"], o["json"]["request"]["url"]) for o in out] == [
        ("GET", "https://api.example.test/items/1"),
        ("POST", "https://api.example.test/items/2"),
        ("DELETE", "https://api.example.test/items/3"),
    ]
    assert [o["json"]["request"]["body"] for o in out] == [{"id": 1}, {"id": 2}, {"id": 3}]
    assert [o["json"]["input"] for o in out] == ITEMS
    assert [o["pairedItem"] for o in out] == [{"item": 0}, {"item": 1}, {"item": 2}]


async def test_a_batch_node_reads_in_a_dry_run_of_writes() -> None:
    transport = MemoryTransport().answer("GET", "/items/1", json={"id": 1, "name": "one"})
    out = await run_node(
        "httpRequest", ITEMS, HTTP, transport=transport, settings=settings(dry_run="writes")
    )
    assert out[0] == {"json": {"id": 1, "name": "one"}, "pairedItem": {"item": 0}}
    assert [o["json"].get("dryRun") for o in out] == [None, True, True]
    assert {s.method for s in transport.sent} == {"GET"}


# --- which Keitaro requests only read ---------------------------------------------------


def test_keitaro_declares_its_posts_that_only_read() -> None:
    from kflow.nodes.keitaro.resources.log import DECLARED as LOG_OPERATIONS
    from kflow.nodes.keitaro.transport import build_postback_request

    kinds = {op.value: op.reads_only for op in LOG_OPERATIONS}
    assert kinds == {"get": True, "clear": False, "getTypes": True}
    postback = build_postback_request(
        {}, f"{TRACKER}/k/postback?subid=x", "/k/postback", idempotent=True
    )
    assert postback.to_http().only_reads is False


async def test_a_click_log_is_read_in_a_dry_run_of_writes() -> None:
    transport = MemoryTransport().answer(
        "POST", "/admin_api/v1/clicks/log", json={"rows": [{"sub_id": CLICK}], "total": 1}
    )
    out = await run_node(
        "keitaro",
        None,
        {"resource": "click", "operation": "getLog", "interval": "today", "columns": ["sub_id"]},
        credentials=KEITARO,
        transport=transport,
        settings=settings(dry_run="writes"),
    )
    assert out[0]["json"]["success"] is True
    assert [s.path for s in transport.sent] == ["/admin_api/v1/clicks/log"]
