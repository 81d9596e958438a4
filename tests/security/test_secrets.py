"""Secrets: what a caller sends to prove who it is, the webhook's own secrets and serve's
environment never land in the executions database or its REST API, and guessing a
webhook's credentials is throttled."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from tests.security.conftest import (
    Processes,
    Serve,
    assert_nothing_recorded,
    call,
    chain,
    post_json,
    raw_db_bytes,
    set_fields,
    settled,
    wait_until,
    webhook,
    write_flow,
)
from tests.support import CANARY_KEY

BASIC_USER = "network-caller"
BASIC_PASSWORD = "basic-password-5e1f0c2a9d"
HEADER_SECRET = "header-auth-secret-8c4b2e7f11"
CALLER_SECRETS = {
    "Authorization": "Bearer caller-bearer-secret-3a9d7e",
    "Proxy-Authorization": "Basic cHJveHktdXNlcjpwcm94eS1zZWNyZXQtNGYx",
    "Cookie": "session=caller-cookie-secret-6b2c91",
    "X-N8N-API-KEY": "caller-n8n-key-secret-0d8e4a",
    "X-API-Key": "caller-api-key-secret-7f5a13",
}
VISIBLE = "visible-header-value-2d6e"
"""A header that is no secret: stored as sent (so the checks below are not vacuous)."""

HOOKS = {
    "name": "Guarded",
    "nodes": [
        {
            **webhook("Header", "header", responseMode="lastNode", authentication="headerAuth"),
            "credentials": {"httpHeaderAuth": {"name": "token"}},
        },
        {
            **webhook("Basic", "basic", responseMode="lastNode", authentication="basicAuth"),
            "credentials": {"httpBasicAuth": {"name": "callers"}},
        },
        {"name": "Echo", "type": "noOp"},
    ],
    "connections": {**chain("Header", "Echo"), **chain("Basic", "Echo")},
}


def _credentials(folder: Path) -> Path:
    path = folder / "creds.yaml"
    path.write_text(
        f"callers:\n  type: httpBasicAuth\n  user: {BASIC_USER}\n  password: {BASIC_PASSWORD}\n"
        f"token:\n  type: httpHeaderAuth\n  name: X-Token\n  value: {HEADER_SECRET}\n",
        encoding="utf-8",
    )
    return path


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def guarded(processes: Processes, tmp_path: Path) -> Serve:
    flow = write_flow(tmp_path / "flows", HOOKS)
    return processes.serve(
        flow, flags=["--credentials", str(_credentials(tmp_path)), "--keep-outputs"]
    )


def _secrets() -> list[str]:
    basic = _basic(BASIC_USER, BASIC_PASSWORD)
    return [*CALLER_SECRETS.values(), HEADER_SECRET, BASIC_PASSWORD, basic, basic.split()[1]]


def _assert_kept_nowhere(serve: Serve, execution_id: int, answer: bytes) -> None:
    shown = serve.rest(f"/rest/executions/{execution_id}")
    assert shown.status == 200
    assert VISIBLE.encode() in shown.body, "the stored outputs hold the request"
    on_disk = raw_db_bytes(serve.db)
    assert VISIBLE.encode() in on_disk
    for secret in _secrets():
        assert secret.encode() not in shown.body, f"/rest/executions/{execution_id} shows it"
        assert secret.encode() not in on_disk, "the database file holds it"
        assert secret.encode() not in answer, "the flow saw it unmasked"


def test_caller_credentials_and_the_header_secret_are_not_stored(guarded: Serve) -> None:
    """A header-auth call carrying every kind of credential header (and the webhook's own
    secret in its body): none of them is in /rest/executions/ID, in the SQLite file or its
    WAL, with --keep-outputs."""
    reply = post_json(
        guarded.url + "/webhook/header",
        {"note": "hello", "echo": HEADER_SECRET, "nested": {"again": [HEADER_SECRET]}},
        headers={"X-Token": HEADER_SECRET, "X-Visible": VISIBLE, **CALLER_SECRETS},
    )
    assert reply.status == 200, reply.text
    assert reply.json()["body"]["note"] == "hello"
    (row,) = wait_until(lambda: settled(guarded.db, 1), what="the execution to finish")
    assert row["status"] == "success", row["error"]
    _assert_kept_nowhere(guarded, row["id"], reply.body)
    guarded.stop()  # a checkpoint moves the WAL into the file: still nowhere
    for secret in _secrets():
        assert secret.encode() not in raw_db_bytes(guarded.db)


def test_basic_auth_credentials_are_not_stored(guarded: Serve) -> None:
    """The basic-auth caller's password (and its base64 form) is stored nowhere."""
    reply = post_json(
        guarded.url + "/webhook/basic",
        {"password": BASIC_PASSWORD},
        headers={"Authorization": _basic(BASIC_USER, BASIC_PASSWORD), "X-Visible": VISIBLE},
    )
    assert reply.status == 200, reply.text
    (row,) = wait_until(lambda: settled(guarded.db, 1), what="the execution to finish")
    assert row["status"] == "success", row["error"]
    _assert_kept_nowhere(guarded, row["id"], reply.body)


@pytest.mark.parametrize("kind", ["basic", "header"])
def test_guessing_webhook_credentials_is_throttled_per_client(guarded: Serve, kind: str) -> None:
    """10 wrong guesses from one client, then 429 with Retry-After, even for the right
    credentials from that client; another client still gets in. Nothing is recorded for
    a refused call."""
    url = f"{guarded.url}/webhook/{kind}"

    def attempt(secret: str, source: str | None = None) -> Any:
        if kind == "basic":
            headers = {"Authorization": _basic(BASIC_USER, secret)}
        else:
            headers = {"X-Token": secret}
        return call(
            "POST",
            url,
            body="{}",
            headers={"Content-Type": "application/json", **headers},
            source=source,
        )

    right = BASIC_PASSWORD if kind == "basic" else HEADER_SECRET
    wrong = [attempt(f"guess-{n}") for n in range(10)]
    assert [r.status for r in wrong] == [401 if kind == "basic" else 403] * 10
    blocked = attempt("guess-10")
    assert blocked.status == 429, blocked.text
    assert int(blocked.headers["retry-after"]) >= 1
    late = attempt(right)
    assert late.status == 429, "the right credentials got through while the client was blocked"
    # The blocked client is refused the REST API too (one throttle): read it from elsewhere.
    assert_nothing_recorded(guarded, source="127.0.0.4")
    other = attempt(right, source="127.0.0.2")
    assert other.status == 200, "another client was locked out"
    assert len(guarded.executions(source="127.0.0.4")) == 1


ENV_FLOW = {
    "name": "Env",
    "nodes": [
        webhook("Hook", "env", responseMode="lastNode"),
        set_fields(
            "Leak",
            key="={{ $env.KEITARO_API_KEY }}",
            token="={{ $env.KFLOW_API_TOKEN }}",
            hook="={{ $env.SECURITY_HOOK_SECRET }}",
            everything="={{ JSON.stringify($env) }}",
            plain="={{ $env.SECURITY_PLAIN_SETTING }}",
        ),
    ],
    "connections": chain("Hook", "Leak"),
}
REST_TOKEN = "rest-token-from-env-4b8d1f0c2e7a"
HOOK_SECRET_FROM_ENV = "hook-secret-from-env-9a2c5e71"


def test_env_secrets_are_not_returned_or_stored(processes: Processes, tmp_path: Path) -> None:
    """With --allow-env, a flow that puts `$env.KEITARO_API_KEY`, serve's own
    `$KFLOW_API_TOKEN`, a variable a credential is loaded from (or all of `$env`) in its
    answer neither returns them nor stores them; other variables still read."""
    creds = tmp_path / "creds.yaml"
    creds.write_text(
        "hook:\n  type: httpHeaderAuth\n  name: X-Hook\n  value: ${SECURITY_HOOK_SECRET}\n"
    )
    serve = processes.serve(
        write_flow(tmp_path / "flows", ENV_FLOW),
        flags=["--allow-env", "--keep-outputs", "--credentials", str(creds)],
        env={
            "KEITARO_API_KEY": CANARY_KEY,
            "KFLOW_API_TOKEN": REST_TOKEN,
            "SECURITY_HOOK_SECRET": HOOK_SECRET_FROM_ENV,
            "SECURITY_PLAIN_SETTING": "plain-value",
        },
    )
    reply = post_json(serve.url + "/webhook/env", {})
    assert reply.status == 200, "the flow did not run"
    assert reply.json()["plain"] == "plain-value", "$env does not read at all"
    row = wait_until(lambda: settled(serve.db, 1), what="the execution to end")[0]
    shown = serve.rest(f"/rest/executions/{row['id']}")
    for name, secret in (
        ("KEITARO_API_KEY", CANARY_KEY),
        ("KFLOW_API_TOKEN", REST_TOKEN),
        ("SECURITY_HOOK_SECRET", HOOK_SECRET_FROM_ENV),
    ):
        leaks = {
            "the answer": secret.encode() in reply.body,
            "/rest/executions/ID": secret.encode() in shown.body,
            "the database": secret.encode() in raw_db_bytes(serve.db),
            "serve's log": secret in serve.output(),
        }
        assert not any(leaks.values()), f"$env.{name} leaked into {leaks}"
