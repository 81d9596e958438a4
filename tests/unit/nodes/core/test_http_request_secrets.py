"""HTTP Request in a flow: secrets never shown, private addresses refused when the run
blocks them, legacy versions' refusals, and credentials' allowed domains."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine.executor import run_flow
from kflow.host.errors import NodeError
from kflow.host.flow import parse_flow
from kflow.host.redaction import Redactor
from kflow.host.registry import credential_definitions, n8n_type_map
from kflow.host.settings import RunSettings
from kflow.nodes.core.http_request_auth import domain_allowed
from tests.node_oracle import stubs

SECRET = "fake-secret-value-123"


def _flow(version: float, parameters: dict[str, Any], **settings: Any) -> dict[str, Any]:
    node = {
        "id": "h",
        "name": "H",
        "type": n8n_type_map()["n8n-nodes-base.httpRequest"],
        "typeVersion": version,
        "position": [200, 0],
        "parameters": parameters,
        **settings,
    }
    start = {
        "id": "s",
        "name": "Start",
        "type": n8n_type_map()["n8n-nodes-base.manualTrigger"],
        "typeVersion": 1,
        "position": [0, 0],
        "parameters": {},
    }
    return {
        "nodes": [start, node],
        "connections": {"Start": {"main": [[{"node": "H", "type": "main", "index": 0}]]}},
    }


def _run(
    version: float,
    parameters: dict[str, Any],
    credentials: dict[str, dict[str, Any]],
    settings: RunSettings | None = None,
    **node_settings: Any,
) -> Any:
    async def go(address: str) -> Any:
        text = json.dumps(_flow(version, parameters, **node_settings))
        flow = parse_flow(json.loads(text.replace("http://http_echo.stub", address)), source="t")
        creds = Credentials(Redactor())
        definitions = credential_definitions()
        for kind, data in credentials.items():
            creds.add(definitions[kind], data)
        return await run_flow(flow, credentials=creds, settings=settings or RunSettings())

    with stubs.serving({"http_echo"}) as addresses:
        return asyncio.run(go(addresses["http://http_echo.stub"]))


HEADER = {"httpHeaderAuth": {"name": "X-Api-Key", "value": SECRET}}


def _generic(kind: str, url: str = "http://http_echo.stub/status/401") -> dict[str, Any]:
    return {"url": url, "authentication": "genericCredentialType", "genericAuthType": kind}


@pytest.mark.parametrize("version", [1, 2, 4.5])
def test_secret_in_an_error_is_masked(version: float) -> None:
    url = "http://http_echo.stub/status/500?as=text&k=" + SECRET
    params = (
        {"authentication": "headerAuth", "url": url}
        if version == 1
        else _generic("httpHeaderAuth", url)
    )
    with pytest.raises(NodeError) as caught:
        _run(version, params, HEADER)
    assert SECRET not in str(caught.value)


def test_secret_in_a_continued_error_item_is_masked() -> None:
    url = "http://http_echo.stub/status/400?as=text&k=" + SECRET
    result = _run(4.5, _generic("httpHeaderAuth", url), HEADER, onError="continueRegularOutput")
    shown = json.dumps(result.runs["H"])
    assert SECRET not in shown and "error" in shown


def test_private_address_refused_when_the_run_blocks_it() -> None:
    settings = RunSettings(block_private_network=True)
    for version in (1, 2, 4.5):
        key = "requestMethod" if version < 3 else "method"
        with pytest.raises(NodeError) as caught:
            _run(version, {"url": "http://http_echo.stub/echo", key: "GET"}, {}, settings)
        assert "127.0.0.1" in str(caught.value) or "private" in str(caught.value).lower()


def test_oauth1_is_refused_by_name() -> None:
    with pytest.raises(NodeError, match="OAuth1"):
        _run(1, {"authentication": "oAuth1", "url": "http://http_echo.stub/echo"}, {})


def test_version_2_refuses_custom_auth() -> None:
    custom = {"httpCustomAuth": {"json": '{"headers": {"X-A": "1"}}'}}
    with pytest.raises(NodeError, match="httpCustomAuth"):
        _run(2, _generic("httpCustomAuth", "http://http_echo.stub/echo"), custom)


def test_predefined_type_without_authenticate_is_refused() -> None:
    telegram = {"telegramApi": {"accessToken": "123:" + SECRET}}
    params = {
        "url": "http://http_echo.stub/echo",
        "authentication": "predefinedCredentialType",
        "nodeCredentialType": "telegramApi",
    }
    with pytest.raises(NodeError, match="authenticate") as caught:
        _run(4.5, params, telegram)
    assert SECRET not in str(caught.value)


def test_missing_credentials_say_which() -> None:
    with pytest.raises(NodeError, match="httpHeaderAuth"):
        _run(4.5, _generic("httpHeaderAuth", "http://http_echo.stub/echo"), {})


def test_legacy_raw_body_is_sent() -> None:
    params = {
        "requestMethod": "POST",
        "url": "http://http_echo.stub/echo",
        "jsonParameters": True,
        "bodyParametersJson": "<a>1</a>",
        "options": {"bodyContentType": "raw", "bodyContentCustomMimeType": "text/xml"},
    }
    result = _run(1, params, {})
    echoed = result.runs["H"][0][0][0]["json"]
    assert echoed["body"] == {"text": "<a>1</a>"}
    assert echoed["headers"]["content-type"] == "text/xml"


def test_domain_lists() -> None:
    assert domain_allowed("https://api.example.com/x", "example.com, api.example.com")
    assert domain_allowed("https://a.example.com", "*.example.com")
    assert not domain_allowed("https://example.com", "*.example.com")
    assert not domain_allowed("https://evil.com/example.com", "example.com")
    assert not domain_allowed("not a url", "example.com")
