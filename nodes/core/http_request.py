"""HTTP Request (n8n-nodes-base.httpRequest) 3 to 4.5: any HTTP call, with query, headers,
bodies of every kind, credentials, pagination, batching, and n8n's output shapes.

Versions 1 and 2 (the legacy implementations) live in http_request_legacy.py.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from kflow.host import (
    HttpClient,
    Item,
    NodeError,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    Redactor,
    VersionedNode,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.http_request_auth import Auth, CredentialSource, pick_auth, secrets_of
from kflow.nodes.core.http_request_build import (
    Body,
    Planned,
    build_request,
)
from kflow.nodes.core.http_request_legacy import HttpRequestV1, HttpRequestV2
from kflow.nodes.core.http_request_pagination import Paging, bind_page_variables, paging_of
from kflow.nodes.core.http_request_properties import PROPERTIES
from kflow.nodes.core.http_request_response import (
    Answer,
    ResponseError,
    answer_body,
    file_entry,
    items_of,
)
from kflow.nodes.core.http_request_send import send, status_error
from kflow.nodes.core.js_values import js_truthy
from kflow.nodes.core.paths import lodash_set

__all__ = ["HTTP_REQUEST", "HttpRequestV3"]


class HttpRequestV3:
    """HTTP Request 3, 4, 4.1-4.5 (one implementation reading `run.version`)."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.httpRequest",))
    description = describe(
        "httpRequest",
        "HTTP Request",
        "Makes an HTTP request and returns the response data",
        PROPERTIES,
        version=[3, 4, 4.1, 4.2, 4.3, 4.4, 4.5],
        defaultVersion=4.5,
        group=["output"],
        subtitle='={{$parameter["method"] + ": " + $parameter["url"]}}',
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        paging = paging_of(run.name, run.parameters.get("options"))
        source = run.credentials
        redactor = Redactor()
        output: list[Item] = []
        if run.http is not None:
            await self._all(run, run.http, paging, source, redactor, output)
        else:
            async with HttpClient(
                concurrency=run.run_settings.concurrency,
                timeout=max(run.run_settings.timeout, 300.0),
                max_response_bytes=run.run_settings.max_response_bytes,
                refuse_private=run.run_settings.block_private_network,
            ) as own:
                await self._all(run, own, paging, source, redactor, output)
        return [output]

    async def _all(
        self,
        run: NodeRun,
        http: HttpClient,
        paging: Paging | None,
        source: CredentialSource | None,
        redactor: Redactor,
        output: list[Item],
    ) -> None:
        for index, item in enumerate(run.items):
            try:
                output.extend(await self._one(run, http, paging, source, redactor, index, item))
            except NodeError as error:
                error.args = (redactor.text(str(error)),)
                if error.item_index is None:
                    error.item_index = index
                failed = run.item_failed(index, error)
                if failed is not None:
                    shaped = getattr(error, "n8n_error", None)
                    if shaped is not None:
                        failed = {
                            "json": {"error": redactor.deep(shaped)},
                            "pairedItem": {"item": index},
                        }
                    output.append(failed)

    async def _one(
        self,
        run: NodeRun,
        http: HttpClient,
        paging: Paging | None,
        source: CredentialSource | None,
        redactor: Redactor,
        index: int,
        item: Item,
    ) -> list[Item]:
        params = _params(run, index)
        options = params.get("options") or {}
        await _batch_pause(options, index)
        binary = dict(item.get("binary") or {})
        plan = build_request(run.name, params, run.version, index, binary, run.binary.read)
        auth = pick_auth(run.name, params, source, index)
        for secret in secrets_of(auth):
            redactor.add(secret)
        try:
            auth.sign(plan)
        except ValueError as exc:
            raise NodeOperationError(run.name, str(exc), item_index=index) from None
        if paging is None:
            answers = [await send(run.name, http, plan, auth, index)]
        else:
            answers = await _pages(run, http, plan, auth, paging, index)
        items: list[Item] = []
        for answer in answers:
            try:
                found = items_of(answer, plan.response, index, item, _file_maker(run, plan))
            except ResponseError as exc:
                raise NodeOperationError(run.name, str(exc), item_index=index) from None
            items.extend(found)  # type: ignore[arg-type]
        return items


def _params(run: NodeRun, index: int) -> dict[str, Any]:
    """Item `index`'s parameters, evaluated, except pagination's: those read `$response`
    and are evaluated per page (n8n reads them raw too)."""
    raw = dict(run.parameters)
    options = dict(raw.get("options") or {})
    options.pop("pagination", None)
    raw["options"] = options
    try:
        found = run.evaluator.evaluate(raw, run.scope(index))
    except Exception as exc:
        raise NodeOperationError(run.name, str(exc), item_index=index) from None
    return found if isinstance(found, dict) else raw


async def _batch_pause(options: dict[str, Any], index: int) -> None:
    batch = (options.get("batching") or {}).get("batch") or {}
    size = batch.get("batchSize", 50)
    size = size if isinstance(size, int | float) and size > 0 else 1
    interval = batch.get("batchInterval", 1000) if batch else 0
    if index > 0 and interval and interval > 0 and index % int(size) == 0:
        await asyncio.sleep(float(interval) / 1000)


async def _pages(
    run: NodeRun,
    http: HttpClient,
    plan: Planned,
    auth: Auth,
    paging: Paging,
    index: int,
) -> list[Answer]:
    answers: list[Answer] = []
    current = plan.copy()
    response_var: Any = None
    while True:
        request_var = _request_view(current)
        if paging.mode == "updateAParameterInEachRequest":
            for row in paging.parameters:
                value = _evaluate(
                    run, row.get("value"), response_var, len(answers), request_var, index
                )
                if value is _SKIP:
                    continue
                _set_parameter(current, row["type"], str(row["name"]), value)
        relaxed = Planned(**{**current.__dict__})
        relaxed.response = plan.response.__class__(
            plan.response.format, plan.response.full, True, plan.response.field
        )
        answer = await send(run.name, http, relaxed, auth, index)
        answers.append(answer)
        response_var = _response_view(answer, plan)
        ok = 200 <= answer.status < 300
        go_on = _continue(run, paging, response_var, len(answers), _request_view(current), index)
        if (
            not ok
            and not plan.response.never_error
            and (go_on or paging.complete_when != "receiveSpecificStatusCodes")
        ):
            raise status_error(run.name, answer, index)
        if not go_on:
            break
        if paging.max_requests is not None and len(answers) >= paging.max_requests:
            break
        if paging.mode == "responseContainsNextURL":
            url = _evaluate(run, paging.next_url, response_var, len(answers), request_var, index)
            if not isinstance(url, str) or not url:
                raise NodeOperationError(
                    run.name,
                    f"Invalid URL: {url}",
                    item_index=index,
                    description='Make sure the "Next URL" parameter evaluates to a valid URL.',
                )
            current = plan.copy()
            current.url = url
            # As n8n: the first request's query goes on, but for the keys the URL sets.
            given = {key for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
            current.query = {k: v for k, v in plan.query.items() if k not in given}
        if paging.interval:
            await asyncio.sleep(paging.interval)
    return answers


_SKIP = object()


def _evaluate(run: NodeRun, value: Any, response: Any, count: int, request: Any, index: int) -> Any:
    if not isinstance(value, str) or not value.startswith("="):
        return value
    bound = bind_page_variables(value, response, count, request)
    try:
        return run.evaluator.evaluate(bound, run.scope(index))
    except Exception:
        if response is None:
            return _SKIP
        raise


def _continue(
    run: NodeRun, paging: Paging, response: dict[str, Any], count: int, request: Any, index: int
) -> bool:
    if paging.complete_when == "receiveSpecificStatusCodes":
        return response["statusCode"] not in paging.status_codes
    if paging.complete_when == "responseIsEmpty":
        body = response["body"]
        if isinstance(body, list):
            return len(body) > 0
        return (js_truthy(body) and body not in ({},)) or (isinstance(body, dict) and bool(body))
    done = _evaluate(run, paging.complete_expression, response, count, request, index)
    return not js_truthy(done)


def _response_view(answer: Answer, plan: Planned) -> dict[str, Any]:
    try:
        _, body = answer_body(answer, plan.response)
    except ResponseError:
        body = answer.text
    plain = isinstance(body, dict | list | str | int | float | bool)
    if isinstance(body, bytes) or (not plain and body is not None):
        body = None
    return {
        "body": body,
        "headers": answer.headers,
        "statusCode": answer.status,
        "statusMessage": answer.reason,
    }


def _request_view(plan: Planned) -> dict[str, Any]:
    view: dict[str, Any] = {
        "url": plan.url,
        "method": plan.method,
        "qs": dict(plan.query),
        "headers": dict(plan.headers),
    }
    if plan.body.kind in ("json", "form"):
        view["body"] = plan.body.value
    return view


def _set_parameter(plan: Planned, kind: str, name: str, value: Any) -> None:
    if kind == "qs":
        plan.query[name] = value
    elif kind == "headers":
        plan.headers[name] = str(value)
    else:
        body = dict(plan.body.value) if isinstance(plan.body.value, dict) else {}
        lodash_set(body, name, value)
        plan.body = Body(plan.body.kind if plan.body.kind in ("json", "form") else "json", body)


def _file_maker(run: NodeRun, plan: Planned) -> Any:
    def make(data: bytes, answer: Answer) -> dict[str, Any]:
        return file_entry(run, data, answer, plan.response.field, run.version >= 4)

    return make


HTTP_REQUEST = VersionedNode(
    default=4.5, implementations=(HttpRequestV1(), HttpRequestV2(), HttpRequestV3())
)
