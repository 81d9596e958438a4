"""An in-memory HTTP transport: declared answers in, recorded requests out.

It plugs into the host's HttpClient (`HttpClient(transport=...)`), so a node under test
goes through the same redirect handling, size cap and control-character checks as in a
real run, and nothing leaves the process.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from kflow.host.http import Exchange

__all__ = ["Answer", "MemoryTransport", "SentRequest"]


@dataclass(frozen=True)
class Answer:
    """A declared answer: for requests with this method whose path matches `path`.

    `path` is the URL's path, exactly, or a regular expression when it starts with `^`.
    `json` is sent as the body (as JSON) unless `text` is given. `times` limits how often
    it answers (None: always).
    """

    method: str
    path: str
    status: int = 200
    json: Any = None
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if method.upper() != self.method.upper():
            return False
        return (
            bool(re.fullmatch(self.path, path))
            if self.path.startswith("^")
            else (path == self.path)
        )

    def body(self) -> str:
        if self.text is not None:
            return self.text
        return "" if self.json is None else json.dumps(self.json, ensure_ascii=False)


@dataclass(frozen=True)
class SentRequest:
    """A request the transport received: method, URL, path, query, headers and JSON body."""

    method: str
    url: str
    path: str
    query: dict[str, str]
    headers: dict[str, str] = field(repr=False)
    json: Any = None


class MemoryTransport:
    """Answers from declared answers, first match first, and records every request.

    A request that no answer matches fails the test at once (AssertionError), naming it.
    """

    def __init__(self, answers: list[Answer] | None = None) -> None:
        self.answers: list[Answer] = list(answers or [])
        self.sent: list[SentRequest] = []
        self._used: dict[int, int] = {}

    def answer(self, method: str, path: str, **kwargs: Any) -> MemoryTransport:
        """Declares one more answer (see Answer); returns the transport, to chain."""
        self.answers.append(Answer(method, path, **kwargs))
        return self

    async def exchange(self, request: Exchange) -> tuple[int, dict[str, str], str]:
        parts = urlsplit(request.url)
        self.sent.append(
            SentRequest(
                request.method,
                request.url,
                parts.path,
                dict(parse_qsl(parts.query, keep_blank_values=True)),
                dict(request.headers),
                request.json,
            )
        )
        for number, answer in enumerate(self.answers):
            if not answer.matches(request.method, parts.path):
                continue
            used = self._used.get(number, 0)
            if answer.times is not None and used >= answer.times:
                continue
            self._used[number] = used + 1
            headers = {"Content-Type": "application/json", **answer.headers}
            return answer.status, headers, answer.body()
        raise AssertionError(f"no answer declared for {request.method} {parts.path}")
