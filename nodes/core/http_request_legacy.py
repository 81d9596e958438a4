"""HTTP Request 1 and 2 (n8n's legacy implementations): the request form of rows or JSON
text, body content types, JSON / string / file answers, and each version's credentials
(version 1 by authentication kind, version 2 generic or predefined credential types)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from kflow.host import (
    HttpClient,
    Item,
    NodeError,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    Redactor,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.http_request_auth import Auth, CredentialSource, pick_auth, secrets_of
from kflow.nodes.core.http_request_build import Planned
from kflow.nodes.core.http_request_legacy_build import plan_legacy
from kflow.nodes.core.http_request_legacy_properties import V1_PROPERTIES, V2_PROPERTIES
from kflow.nodes.core.http_request_response import Answer, file_entry
from kflow.nodes.core.http_request_send import send

__all__ = ["HttpRequestV1", "HttpRequestV2"]

_V1_KINDS = {
    "basicAuth": "httpBasicAuth",
    "digestAuth": "httpDigestAuth",
    "headerAuth": "httpHeaderAuth",
    "queryAuth": "httpQueryAuth",
    "oAuth2": "oAuth2Api",
}
_V2_GENERIC = (
    "httpBasicAuth",
    "httpBearerAuth",
    "httpDigestAuth",
    "httpHeaderAuth",
    "httpQueryAuth",
    "oAuth2Api",
)
_TRAITS = NodeTraits(n8n_types=("n8n-nodes-base.httpRequest",))
_SUBTITLE = '={{$parameter["requestMethod"] + ": " + $parameter["url"]}}'


class _Legacy:
    """The run both legacy versions share; each picks its credential its own way."""

    traits = _TRAITS

    def auth(self, run: NodeRun, params: dict[str, Any], index: int) -> Auth:
        raise NotImplementedError

    async def run(self, run: NodeRun) -> list[list[Item]]:
        redactor = Redactor()
        output: list[Item] = []
        if run.http is not None:
            await self._all(run, run.http, redactor, output)
        else:
            async with HttpClient(
                concurrency=run.run_settings.concurrency,
                timeout=max(run.run_settings.timeout, 300.0),
                max_response_bytes=run.run_settings.max_response_bytes,
                refuse_private=run.run_settings.block_private_network,
            ) as own:
                await self._all(run, own, redactor, output)
        return [output]

    async def _all(
        self, run: NodeRun, http: HttpClient, redactor: Redactor, output: list[Item]
    ) -> None:
        for index, item in enumerate(run.items):
            try:
                output.extend(await self._one(run, http, redactor, index, item))
            except NodeError as error:
                error.args = (redactor.text(str(error)),)
                if error.item_index is None:
                    error.item_index = index
                failed = run.item_failed(index, error)
                if failed is not None:
                    output.append(failed)

    async def _one(
        self, run: NodeRun, http: HttpClient, redactor: Redactor, index: int, item: Item
    ) -> list[Item]:
        params = run.params(index)
        options = params.get("options") or {}
        await _batch_pause(options, index)
        binary = dict(item.get("binary") or {})
        plan = plan_legacy(run.name, params, index, binary, run.binary.read)
        auth = self.auth(run, params, index)
        for secret in secrets_of(auth):
            redactor.add(secret)
        try:
            auth.sign(plan)
        except ValueError as exc:
            raise NodeOperationError(run.name, str(exc), item_index=index) from None
        answer = await send(run.name, http, plan, auth, index)
        return _items(run, plan, answer, index, item)


class HttpRequestV1(_Legacy):
    """HTTP Request 1: authentication names its credential's kind."""

    description = describe(
        "httpRequest",
        "HTTP Request",
        "Makes an HTTP request and returns the response data",
        V1_PROPERTIES,
        version=[1],
        defaultVersion=4.5,
        group=["output"],
        subtitle=_SUBTITLE,
    )

    def auth(self, run: NodeRun, params: dict[str, Any], index: int) -> Auth:
        mode = str(params.get("authentication") or "none")
        if mode == "none":
            return Auth()
        if mode not in _V1_KINDS:
            raise NodeOperationError(
                run.name,
                f"Authentication {mode!r} is not run by kflow (OAuth1 is not supported); "
                "use basicAuth, digestAuth, headerAuth, queryAuth or oAuth2",
                item_index=index,
                parameter="Authentication",
            )
        generic = {"authentication": "genericCredentialType", "genericAuthType": _V1_KINDS[mode]}
        return pick_auth(run.name, generic, _source(run), index)


class HttpRequestV2(_Legacy):
    """HTTP Request 2: a generic or predefined credential type, as in version 3."""

    description = describe(
        "httpRequest",
        "HTTP Request",
        "Makes an HTTP request and returns the response data",
        V2_PROPERTIES,
        version=[2],
        defaultVersion=4.5,
        group=["output"],
        subtitle=_SUBTITLE,
    )

    def auth(self, run: NodeRun, params: dict[str, Any], index: int) -> Auth:
        if params.get("authentication") == "genericCredentialType":
            kind = str(params.get("genericAuthType") or "")
            if kind not in _V2_GENERIC:
                # n8n 2's legacy code silently sends such requests without credentials.
                raise NodeOperationError(
                    run.name,
                    f"Generic Auth Type {kind!r} is not run by HTTP Request 2 (n8n would send "
                    "the request unauthenticated); use " + ", ".join(_V2_GENERIC) + ", or "
                    "version 4.5 of the node",
                    item_index=index,
                    parameter="Generic Auth Type",
                )
        return pick_auth(run.name, params, _source(run), index)


def _source(run: NodeRun) -> CredentialSource | None:
    return run.credentials


async def _batch_pause(options: dict[str, Any], index: int) -> None:
    size, interval = options.get("batchSize"), options.get("batchInterval")
    if not isinstance(size, int | float) or not isinstance(interval, int | float):
        return
    if index > 0 and size >= 0 and interval > 0 and index % (int(size) or 1) == 0:
        await asyncio.sleep(interval / 1000)


def _meta(answer: Answer) -> dict[str, Any]:
    return {
        "headers": dict(answer.headers),
        "statusCode": answer.status,
        "statusMessage": answer.reason,
    }


def _parsed(answer: Answer) -> Any:
    """The body as the request library gives it with `json: true`: parsed when it is
    JSON, else the text."""
    text = answer.text
    try:
        return json.loads(text) if text.strip() else text
    except ValueError:
        return text


def _items(run: NodeRun, plan: Planned, answer: Answer, index: int, item: Item) -> list[Item]:
    options = plan.response
    paired = {"item": index}
    if options.format == "file":
        entry = file_entry(run, answer.content, answer, options.field, True)
        binary = {**(item.get("binary") or {}), options.field: entry}
        data = _meta(answer) if options.full else dict(item.get("json") or {})
        return [{"json": data, "binary": binary, "pairedItem": paired}]  # type: ignore[typeddict-item]
    raw = plan.body.kind != "bytes" or "content-type" not in {k.lower() for k in plan.headers}
    body: Any = _parsed(answer) if raw else answer.text
    if options.format == "string":
        # An empty answer is JavaScript's undefined: the field is left out.
        text = {} if body == "" else {options.field: body}
        data = {**text, **_meta(answer)} if options.full else text
        return [{"json": data, "pairedItem": paired}]
    if options.full:
        if isinstance(body, str):
            body = _json_or_fail(run, body, index)
        return [{"json": {"body": body, **_meta(answer)}, "pairedItem": paired}]
    if isinstance(body, str):
        body = _json_or_fail(run, body, index)
    if run.params(index).get("options", {}).get("splitIntoItems") is True and isinstance(
        body, list
    ):
        return [{"json": _object(v), "pairedItem": paired} for v in body]
    return [{"json": _object(body), "pairedItem": paired}]


def _json_or_fail(run: NodeRun, text: str, index: int) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise NodeOperationError(
            run.name,
            'Response body is not valid JSON. Change "Response Format" to "String"',
            item_index=index,
        ) from None


def _object(value: Any) -> Any:
    return {} if value is None else value
