"""`kflow executions show`: one execution, readable or as JSON.

The header (flow, status, mode, times, retries), the input (the trigger's items as stored:
the webhook request with the caller's credentials masked, or the schedule fire), every
node's items in the order the nodes ran (per output: the count, and the items), and the
failed node's error. Nodes' items are those the execution kept: all of them for a failed
run (up to serve's --max-stored-mb, said when cut), each node's last run with
--keep-outputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from kflow.host.serve.execution_log import duration_text
from kflow.host.serve.executions import ExecutionDetails

__all__ = ["TEXT_ITEMS", "document", "jsonl_lines", "text_lines"]

TEXT_ITEMS = 10
"""Items shown per output in the text view unless --items says otherwise."""

_INPUTS = {"request": "the webhook request, as stored", "schedule": "the schedule fire"}
_ERROR_FIELDS = (
    ("node", "node"),
    ("message", "message"),
    ("itemIndex", "item"),
    ("parameter", "parameter"),
    ("httpCode", "httpCode"),
    ("apiMessage", "apiMessage"),
    ("description", "description"),
    ("tries", "tries"),
)


def document(details: ExecutionDetails, *, items: int | None = None) -> dict[str, Any]:
    """The execution as one JSON object: its head, `duration`, `flowFile`, `input`, `nodes`
    (`[{node, run, outputs: [{count, items}]}]`, with `nodesCut` when the execution kept
    only part of them), `errorDetail` and `retryFromFailed` (whether its run was kept to go
    on from its failed node); at most `items` items per output."""
    head = details.execution
    nodes, cut = _nodes(details)
    return {
        **head.to_json(),
        "duration": duration_text(head.started_at, head.finished_at) or None,
        "flowFile": details.flow_file,
        "input": details.input,
        "nodes": [_limited(node, items) for node in nodes],
        "nodesCut": cut,
        "errorDetail": details.error_detail,
        "retryFromFailed": details.failed_at is not None,
    }


def jsonl_lines(details: ExecutionDetails, *, items: int | None = None) -> Iterator[str]:
    """The document's head on the first line (without nodes), then one line per node run:
    `{"node", "run", "outputs": [{count, items}]}`."""
    whole = document(details, items=items)
    nodes = whole.pop("nodes")
    yield _dumps(whole)
    for node in nodes:
        yield _dumps(node)


def text_lines(details: ExecutionDetails, *, items: int | None = TEXT_ITEMS) -> Iterator[str]:
    """The readable view: at most `items` items per output (None: all)."""
    head = details.execution
    kind = head.trigger.split(":", 1)[0]
    yield f"Execution {head.id}: {head.status}"
    yield from _fields(
        ("flow", f'"{head.flow}"' + (f" ({details.flow_file})" if details.flow_file else "")),
        ("mode", f"{head.mode} ({head.trigger})"),
        ("started", head.started_at or "not yet"),
        ("stopped", head.finished_at or ""),
        ("duration", duration_text(head.started_at, head.finished_at)),
        ("attempt", str(head.attempt) if head.attempt > 1 else ""),
        (
            "items",
            f"{head.items_in} in, {head.items_out if head.items_out is not None else '?'} out",
        ),
        ("retry of", f"execution {head.retry_of}" if head.retry_of is not None else ""),
        (
            "retried",
            f"as execution {head.retry_success_id}, which succeeded"
            if head.retry_success_id is not None
            else "",
        ),
    )
    yield ""
    count = len(details.input)
    yield f"Input: {_INPUTS.get(kind, 'the trigger items')} ({_plural(count, 'item')})"
    yield from _item_lines(details.input, count, items, "  ")
    nodes, cut = _nodes(details)
    yield ""
    if nodes:
        yield "Nodes, in the order they ran:"
        for node in nodes:
            yield from _node_lines(node, items)
    elif head.status in ("success", "error"):
        yield "Nodes: not kept (a successful run keeps them with serve's --keep-outputs)"
    detail = details.error_detail
    failed = (detail or {}).get("node")
    if failed:
        yield f"  {failed}: failed" + (
            f" (item {detail['itemIndex']})" if detail and "itemIndex" in detail else ""
        )
    if cut:
        yield (
            "  (cut: the execution kept only part of its nodes' items, as serve's "
            "--max-stored-mb allows)"
        )
    if head.error:
        yield ""
        yield "Error:"
        shown = detail or {"message": head.error}
        yield from _fields(*((label, _text(shown.get(key))) for key, label in _ERROR_FIELDS))
    if head.status == "error" and head.retry_success_id is None:
        yield ""
        how = f"kflow executions retry {head.id}"
        if details.failed_at is not None:
            yield f"Retry: {how}  (or from node {failed!r}: {how} --from-failed)"
        else:
            yield f"Retry: {how}"


def _nodes(details: ExecutionDetails) -> tuple[list[dict[str, Any]], bool]:
    """The nodes' runs as kept: a failed run's data, else the last outputs of each node
    (--keep-outputs)."""
    kept = details.run_data
    if kept is not None:
        return list(kept.get("nodes", [])), bool(kept.get("cut"))
    outputs = details.execution.outputs
    if not outputs or not isinstance(outputs[0], dict):
        return [], False
    nodes = [
        {
            "node": name,
            "run": None,
            "outputs": [{"count": len(items), "items": items} for items in outs],
        }
        for name, outs in outputs[0].items()
    ]
    return nodes, False


def _limited(node: dict[str, Any], items: int | None) -> dict[str, Any]:
    if items is None:
        return node
    outputs = [{**out, "items": out["items"][:items]} for out in node["outputs"]]
    return {**node, "outputs": outputs}


def _node_lines(node: dict[str, Any], items: int | None) -> Iterator[str]:
    run = node.get("run")
    title = f"  {node['node']}" + (f" (run {run + 1})" if isinstance(run, int) and run else "")
    outputs = node.get("outputs", [])
    if len(outputs) <= 1:
        only = outputs[0] if outputs else {"count": 0, "items": []}
        yield f"{title}: {_plural(only['count'], 'item')}"
        yield from _item_lines(only["items"], only["count"], items, "    ")
        return
    counts = ", ".join(
        f"output {i + 1}: {_plural(out['count'], 'item')}" for i, out in enumerate(outputs)
    )
    yield f"{title}: {counts}"
    for index, out in enumerate(outputs):
        if out["count"]:
            yield f"    output {index + 1}:"
            yield from _item_lines(out["items"], out["count"], items, "      ")


def _item_lines(kept: list[Any], count: int, items: int | None, indent: str) -> Iterator[str]:
    shown = kept if items is None else kept[:items]
    for item in shown:
        yield indent + _dumps(item)
    if len(kept) > len(shown):
        yield f"{indent}… {_plural(len(kept) - len(shown), 'more item')} (--items N shows more)"
    if count > len(kept):
        yield f"{indent}… {_plural(count - len(kept), 'more item')}, not kept"


def _fields(*pairs: tuple[str, str]) -> Iterator[str]:
    shown = [(label, value) for label, value in pairs if value]
    width = max((len(label) for label, _ in shown), default=0)
    for label, value in shown:
        yield f"  {label.ljust(width)}  {value}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else _dumps(value)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
