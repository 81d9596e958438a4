"""The Webhook's versions (1, 1.1, 2, 2.1): response codes, onReceived options, caller
checks, and what kflow refuses by name."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from kflow.host import ConfigError, IncomingRequest, Refusal, Reply
from kflow.nodes.core.webhook import WebhookNode
from kflow.nodes.core.webhook_callers import allowed_ip, is_bot


def request(**changes: Any) -> IncomingRequest:
    base: dict[str, Any] = {
        "method": "POST",
        "path": "p",
        "params": {},
        "query": {},
        "headers": {},
        "content_type": "application/json",
        "text": '{"a": 1}',
        "remote": "127.0.0.1",
        "url": "http://h/webhook/p",
        "test": False,
    }
    return IncomingRequest(**{**base, **changes})


def accept(version: float, parameters: dict[str, Any], **changes: Any) -> Any:
    impl = WebhookNode.implementation(version)
    assert impl is not None
    return impl.accept_request(
        {"httpMethod": "POST", "path": "p", **parameters}, request(**changes), {}
    )


def test_every_n8n_version_with_its_default() -> None:
    assert WebhookNode.versions == [1, 1.1, 2, 2.1]
    assert WebhookNode.description.defaultVersion == 2.1


@pytest.mark.parametrize(
    ("version", "parameters", "status"),
    [
        (1, {"responseCode": 201}, 201),
        (1.1, {"responseCode": 202}, 202),
        (2, {"responseCode": 202}, 200),  # hidden from 2 on, as in n8n
        (2, {"options": {"responseCode": {"values": {"responseCode": 404}}}}, 404),
        (
            2.1,
            {
                "options": {
                    "responseCode": {"values": {"responseCode": "customCode", "customCode": 418}}
                }
            },
            418,
        ),
    ],
)
def test_the_response_code_by_version(
    version: float, parameters: dict[str, Any], status: int
) -> None:
    items, reply = accept(version, parameters)
    assert reply == Reply("received", status, {}, "first")
    assert items[0]["body"] == {"a": 1}


def test_on_received_options_answer_from_the_node() -> None:
    _, reply = accept(2.1, {"options": {"responseData": "ok"}})
    assert reply.when == "node"
    _, reply = accept(2.1, {"options": {"noResponseBody": True}})
    assert reply.when == "node"


def test_last_node_data() -> None:
    _, reply = accept(2, {"responseMode": "lastNode", "responseData": "allEntries"})
    assert (reply.when, reply.data) == ("finished", "all")


def test_allowlist_with_ranges_and_plain_refusal() -> None:
    assert allowed_ip("10.0.0.1, 127.0.0.0/8", "127.0.0.5")
    assert not allowed_ip("10.0.0.1", "127.0.0.1")
    assert allowed_ip("", None)
    assert allowed_ip("nonsense, ::1", "::1")
    refused = accept(2.1, {"options": {"ipWhitelist": "10.9.9.9"}})
    assert refused == Refusal(403, "IP is not allowed to access the webhook!", plain=True)


def test_bots_are_refused_when_asked() -> None:
    assert is_bot("curl/8.0") and is_bot("Mozilla/5.0") and is_bot("Googlebot/2.1 (+x)")
    assert not is_bot("Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0")
    assert not is_bot("")
    refused = accept(2.1, {"options": {"ignoreBots": True}}, headers={"user-agent": "curl/8"})
    assert isinstance(refused, Refusal) and refused.status == 403


def test_basic_auth_reads_the_header() -> None:
    impl = WebhookNode.implementation(2.1)
    assert impl is not None
    creds = {"httpBasicAuth": {"user": "u", "password": "p"}}
    params = {"httpMethod": "POST", "path": "p", "authentication": "basicAuth"}
    good = "basic " + base64.b64encode(b"u:p").decode()
    assert not isinstance(
        impl.accept_request(params, request(headers={"authorization": good}), creds), Refusal
    )
    missing = impl.accept_request(params, request(), creds)
    assert isinstance(missing, Refusal) and missing.status == 401
    empty = impl.accept_request(params, request(), {})
    assert isinstance(empty, Refusal) and empty.status == 500


@pytest.mark.parametrize(
    "parameters",
    [
        {"multipleMethods": True, "httpMethod": ["GET", "POST"]},
        {"responseMode": "streaming"},
        {"authentication": "jwtAuth"},
        {"responseMode": "lastNode", "responseData": "firstEntryBinary"},
        {"options": {"onlyRunIf": "={{ true }}"}},
        {"responseMode": "lastNode", "options": {"responsePropertyName": "data"}},
    ],
)
def test_what_kflow_does_not_run_is_refused_by_name(parameters: dict[str, Any]) -> None:
    impl = WebhookNode.implementation(2.1)
    assert impl is not None
    with pytest.raises(ConfigError, match="kflow does not run the Webhook's"):
        impl.request_route({"path": "p", **parameters})


def test_streaming_is_a_2_1_option_only() -> None:
    impl = WebhookNode.implementation(2)
    assert impl is not None
    with pytest.raises(ConfigError, match="streaming"):
        impl.request_route({"path": "p", "responseMode": "streaming"})
