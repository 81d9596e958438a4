"""The REST API (`/rest/executions`) holds every caller's input: only its token opens it,
the token is kept where only its owner reads it, guessing it is throttled, odd parameters
are a 400 (never a 500), and it can live on a listener of its own."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.security.conftest import (
    Processes,
    Serve,
    call,
    chain,
    post_json,
    wait_until,
    webhook,
    write_flow,
)

FLOW = {
    "name": "Rest",
    "nodes": [webhook("Open", "open"), {"name": "Echo", "type": "noOp"}],
    "connections": chain("Open", "Echo"),
}
ENV_TOKEN = "env-token-0123456789abcdefghij"


@pytest.fixture(scope="module")
def shared(module_processes: Processes) -> Serve:
    """One serve with one finished execution, for the attacks that change nothing."""
    serve = module_processes.serve(write_flow(module_processes.folder / "flows", FLOW))
    assert post_json(serve.url + "/webhook/open", {"a": 1}).status == 200
    wait_until(lambda: serve.executions(), what="the execution to be recorded")
    return serve


@pytest.mark.parametrize("path", ["/rest/executions", "/rest/executions/1", "/rest/other"])
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-N8N-API-KEY": "wrong-token-0123456789"},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"X-N8N-API-KEY": ""},
        {"Authorization": "Bearer "},
    ],
    ids=["none", "wrong-key", "wrong-bearer", "basic", "empty-key", "empty-bearer"],
)
def test_rest_without_the_right_token_is_401(
    shared: Serve, path: str, headers: dict[str, str]
) -> None:
    """No execution (nor even which paths exist) shows without the token. (From an address
    of its own, whose 6 wrong tokens in all stay under the throttle's 10.)"""
    reply = call("GET", shared.admin_url + path, headers=headers, source="127.0.0.3")
    assert reply.status == 401, reply.text
    assert "Bearer" in reply.headers["www-authenticate"]
    assert b"Open" not in reply.body and b"Rest" not in reply.body


def test_the_right_token_opens_rest_in_either_header(shared: Serve) -> None:
    token = shared.token()
    for headers in ({"X-N8N-API-KEY": token}, {"Authorization": f"Bearer {token}"}):
        reply = shared.rest("/rest/executions", headers=headers)
        assert reply.status == 200, reply.text
        assert [e["flow"] for e in reply.json()["data"]] == ["Rest"]
        assert reply.headers["cache-control"] == "no-store"


def test_the_generated_token_file_is_private_and_never_printed(shared: Serve) -> None:
    """Serve creates `<db>.api-token` with mode 0600, and its log says where, never what."""
    mode = stat.S_IMODE(shared.token_file.stat().st_mode)
    assert mode == 0o600, f"the token file has mode {mode:04o}"
    assert len(shared.token()) >= 16
    assert shared.token() not in shared.output()
    assert str(shared.token_file) in shared.output()


def test_a_token_file_others_can_read_stops_serve(processes: Processes, tmp_path: Path) -> None:
    """A token file that other users can read is refused at start: serve does not run
    with a token that may have leaked."""
    flow = write_flow(tmp_path / "flows", FLOW)
    token_file = tmp_path / "kflow.db.api-token"
    token_file.write_text("leaky-token-0123456789abcdef\n")
    token_file.chmod(0o644)
    with pytest.raises(AssertionError, match="chmod 600"):
        processes.serve(flow)
    assert "leaky-token-0123456789abcdef" not in (tmp_path / "kflow.db.serve.log").read_text()


def test_the_environment_token_wins_and_the_file_token_does_not_open_rest(
    processes: Processes, tmp_path: Path
) -> None:
    """With $KFLOW_API_TOKEN set, only it opens the REST API: an old token file left
    beside the database does not."""
    flow = write_flow(tmp_path / "flows", FLOW)
    old = "old-file-token-0123456789abcdef"
    (tmp_path / "kflow.db.api-token").write_text(old + "\n")
    (tmp_path / "kflow.db.api-token").chmod(0o600)
    serve = processes.serve(flow, env={"KFLOW_API_TOKEN": ENV_TOKEN})
    assert serve.rest("/rest/executions", headers={"X-N8N-API-KEY": ENV_TOKEN}).status == 200
    assert serve.rest("/rest/executions", headers={"X-N8N-API-KEY": old}).status == 401
    assert ENV_TOKEN not in serve.output()


@pytest.mark.parametrize(
    "limit",
    ["0", "-1", "1001", "10000", "abc", "1e3", "1.5", "", "%205", "0x10", "9" * 30, "%D9%A1"],
)
def test_a_limit_outside_1_to_1000_is_400(shared: Serve, limit: str) -> None:
    reply = shared.rest(f"/rest/executions?limit={limit}")
    assert reply.status == 400, reply.text


@pytest.mark.parametrize("limit", ["1", "1000", "0050"])
def test_a_limit_inside_1_to_1000_is_answered(shared: Serve, limit: str) -> None:
    assert shared.rest(f"/rest/executions?limit={limit}").status == 200


@pytest.mark.parametrize(
    "execution_id",
    [
        "0",
        "-1",
        "00",
        str(2**63),
        str(2**64),
        str(2**64 + 1),
        "9" * 100,
        "1.0",
        "1e3",
        "0x1",
        "%201",
        "%D9%A1",
        "1%00",
    ],
)
def test_an_execution_id_not_positive_or_past_2_63_is_400_never_500(
    shared: Serve, execution_id: str
) -> None:
    """Ids SQLite cannot hold, or that are not whole numbers, are the caller's mistake."""
    reply = shared.rest(f"/rest/executions/{execution_id}")
    assert reply.status == 400, reply.text
    listing = shared.rest(f"/rest/executions?before={execution_id}")
    assert listing.status == 400, listing.text


def test_the_largest_id_is_a_plain_404(shared: Serve) -> None:
    assert shared.rest(f"/rest/executions/{2**63 - 1}").status == 404
    assert shared.rest(f"/rest/executions?before={2**63 - 1}").status == 200


def test_a_long_flow_filter_is_400(shared: Serve) -> None:
    assert shared.rest("/rest/executions?flow=" + "x" * 10_000).status == 400


def test_with_an_admin_port_the_webhook_port_has_no_rest(
    processes: Processes, tmp_path: Path
) -> None:
    """--admin-port gives REST a listener of its own: the webhook port (the one facing the
    internet) answers 404 for /rest/…, even with the right token."""
    flow = write_flow(tmp_path / "flows", FLOW)
    serve = processes.serve(flow, admin=True)
    assert post_json(serve.url + "/webhook/open", {}).status == 200
    token = {"X-N8N-API-KEY": serve.token()}
    for path in ("/rest/executions", "/rest/executions/1", "/rest/anything"):
        reply = call("GET", serve.url + path, headers=token)
        assert reply.status == 404, f"{path}: {reply.status} {reply.text}"
        assert b"Rest" not in reply.body
    assert serve.rest("/rest/executions").status == 200
    assert call("POST", serve.admin_url + "/webhook/open", body="{}").status == 404


def test_wrong_tokens_are_throttled_per_client(processes: Processes, tmp_path: Path) -> None:
    """A client guessing the token gets 10 tries; then 429 with Retry-After, even when it
    finally sends the right one. Another client is not locked out by it."""
    serve = processes.serve(write_flow(tmp_path / "flows", FLOW))
    url = serve.admin_url + "/rest/executions"
    guesses = [
        call("GET", url, headers={"X-N8N-API-KEY": f"guess-{n:02d}-0123456789abcdef"})
        for n in range(10)
    ]
    assert [r.status for r in guesses] == [401] * 10
    blocked = call("GET", url, headers={"X-N8N-API-KEY": "guess-10-0123456789abcdef"})
    assert blocked.status == 429, blocked.text
    assert int(blocked.headers["retry-after"]) >= 1
    right = call("GET", url, headers={"Authorization": f"Bearer {serve.token()}"})
    assert right.status == 429, "the right token got through while the client was blocked"
    assert b"Rest" not in right.body
    other = call("GET", url, headers={"X-N8N-API-KEY": serve.token()}, source="127.0.0.2")
    assert other.status == 200, "another client was locked out"
