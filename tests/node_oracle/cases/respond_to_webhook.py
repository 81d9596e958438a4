"""Respond to Webhook 1 to 1.5 in a manual run: items passed through, and from 1.3 the
answer on a second output. From 1.1 n8n wants a Webhook among the node's parents: those
cases (HOOKED) connect a disabled one, which n8n (and kflow) never runs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.node_oracle.harness import Case

ROWS = [{"a": 1, "s": "x"}, {"a": None, "nested": {"k": [1, 2]}}, {"u": "ünï"}]
HOOK = {
    "name": "Hook",
    "type": "n8n-nodes-base.webhook",
    "typeVersion": 2.1,
    "disabled": True,
    "webhookId": "hook-respond",
    "parameters": {
        "httpMethod": "POST",
        "path": "respond",
        "responseMode": "responseNode",
        "options": {},
    },
}
LINKS = {"Hook": {"main": [[{"node": "R", "type": "main", "index": 0}]]}}


def _case(
    what: str,
    version: float,
    rows: list[dict[str, Any]] = ROWS,
    error: bool = False,
    **parameters: Any,
) -> Case:
    node = {
        "name": "R",
        "type": "n8n-nodes-base.respondToWebhook",
        "typeVersion": version,
        "parameters": parameters,
    }
    hooked = version >= 1.1
    return Case(
        id=f"respondToWebhook-{version}-{what}",
        nodes=[node, HOOK] if hooked else [node],
        connections={**LINKS, "Input": {"main": [[{"node": "R", "type": "main", "index": 0}]]}}
        if hooked
        else {},
        inputs={"Input": rows},
        error=error,
    )


KINDS: list[tuple[str, dict[str, Any]]] = [
    ("first", {}),
    ("all", {"respondWith": "allIncomingItems"}),
    ("all-key", {"respondWith": "allIncomingItems", "options": {"responseKey": "data.items"}}),
    ("first-key", {"respondWith": "firstIncomingItem", "options": {"responseKey": "only"}}),
    ("json", {"respondWith": "json", "responseBody": '{"ok": true, "n": [1, 2]}'}),
    ("json-empty", {"respondWith": "json", "responseBody": ""}),
    ("text", {"respondWith": "text", "responseBody": "done ünï"}),
    ("nodata", {"respondWith": "noData", "options": {"responseCode": 204}}),
    ("redirect", {"respondWith": "redirect", "redirectURL": "https://example.org/x"}),
    (
        "redirect-code",
        {
            "respondWith": "redirect",
            "redirectURL": "https://example.org/y",
            "options": {"responseCode": 302},
        },
    ),
    (
        "headers",
        {
            "respondWith": "text",
            "responseBody": "t",
            "options": {
                "responseCode": 201,
                "responseHeaders": {
                    "entries": [
                        {"name": "X-One", "value": "1"},
                        {"name": "Content-Type", "value": "text/plain"},
                    ]
                },
            },
        },
    ),
]

HOOKED: list[Case] = [
    *(_case(what, v, **p) for v in (1, 1.1, 1.2, 1.3) for what, p in KINDS),
    *(_case(what, 1.4, **p) for what, p in KINDS[:4]),
    *(
        _case(f"{what}-branch", v, enableResponseOutput=True, **p)
        for v in (1.4, 1.5)
        for what, p in KINDS
    ),
    *(_case(f"{what}-nobranch", 1.5, **p) for what, p in KINDS[4:8]),
    _case("stream-off", 1.5, enableResponseOutput=True, options={"enableStreaming": False}),
    _case("bad-json", 1.2, error=True, respondWith="json", responseBody="{nope"),
    _case(
        "bad-json",
        1.5,
        error=True,
        respondWith="json",
        responseBody="{nope",
        enableResponseOutput=True,
    ),
]

ALONE = [replace(_case(what, 1, **p), id=f"respondToWebhook-1-{what}-alone") for what, p in KINDS]
CASES: list[Case] = [*ALONE, *HOOKED]
