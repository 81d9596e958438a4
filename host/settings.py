"""Run settings (concurrency, timeouts) and n8n's per-node settings."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from kflow.host.errors import ConfigError
from kflow.host.http import (
    DEFAULT_CONCURRENCY,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    DryRun,
    HttpClient,
    Transport,
)
from kflow.host.retry import RetryPolicy

__all__ = ["NodeSettings", "OnError", "RunSettings", "http_client"]

OnError = Literal["stopWorkflow", "continueRegularOutput", "continueErrorOutput"]


class RunSettings(BaseModel):
    """Settings of one run.

    Attributes:
        concurrency: Most requests in flight at once.
        timeout: Total seconds allowed for one request.
        connect_timeout: Seconds allowed to open a connection.
        rate: Most requests per second to one tracker (credential host); None for no limit.
        retries: Tries per item for transient failures (429, 5xx, timeouts); 1 for none.
        max_retry_wait: Most seconds one item waits between tries, in all.
        max_response_bytes: Larger answers fail instead of filling memory.
        allow_env: Whether expressions may read `$env`.
        timezone: IANA zone of `$now` and `$today`.
        append_files: Files written by the flow are appended to (set for the later windows
            of a streamed run).
        files_dir: The folder file nodes are confined to (None: relative to the flow file,
            anywhere).
        hidden_env: Environment variables `$env` never shows (those credentials are loaded
            from); variables holding a loaded secret are hidden too.
        state_dir: Where nodes keep what they remember across executions (Remove
            Duplicates' history, in dedupe.sqlite, made when first used); None: nowhere.
        max_node_runs: Most times one node may run in an execution: connections that loop
            back (Loop Over Items) end there with an error instead of running forever.
        block_private_network: Requests to loopback, private and link-local addresses are
            refused (on under `kflow serve` unless allowed).
        public_url: Where callers reach `kflow serve` (`$execution.resumeUrl` starts with
            it); None outside serve.
        dry_run: Hold requests back instead of sending them: `all` sends none, `writes`
            sends only those that read (see host/held.py). Each held request is printed on
            stderr and becomes its item's output (`{dryRun: true, request, input}`). None
            (the default; serve and workers never dry-run): send everything.
        verbose: Item nodes that echo their request in their outputs (Keitaro's `request`)
            add the body they sent, secrets masked.
    """

    model_config = ConfigDict(frozen=True)

    concurrency: int = DEFAULT_CONCURRENCY
    timeout: float = DEFAULT_TIMEOUT
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    rate: float | None = None
    retries: int = 3
    max_retry_wait: float = 60.0
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    allow_env: bool = False
    timezone: str = "UTC"
    append_files: bool = False
    files_dir: Path | None = None
    hidden_env: frozenset[str] = frozenset()
    state_dir: Path | None = None
    max_node_runs: int = 100_000
    block_private_network: bool = False
    public_url: str | None = None
    dry_run: DryRun | None = None
    verbose: bool = False

    @model_validator(mode="after")
    def _check(self) -> RunSettings:
        if self.concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if self.timeout <= 0 or self.connect_timeout <= 0:
            raise ConfigError("timeouts must be more than 0 seconds")
        if self.rate is not None and self.rate <= 0:
            raise ConfigError("rate must be more than 0 requests per second")
        if self.retries < 1:
            raise ConfigError("retries counts tries in all: at least 1")
        if self.max_response_bytes < 1:
            raise ConfigError("the response size cap must be positive")
        return self


class NodeSettings(BaseModel):
    """n8n's node settings, with n8n's names and clamps.

    Attributes:
        onError: stopWorkflow (default), continueRegularOutput (failed items become output
            items holding the error), continueErrorOutput (they go to an extra, last output).
        continueOnFail: n8n's older boolean for continueRegularOutput.
        retryOnFail: Retry a failed item; `maxTries` is clamped to 2…5 (default 3) and
            `waitBetweenTries` to 0…5000 ms (default 1000), as in n8n.
        retryNonIdempotent: Also re-send requests that are not idempotent (creates, clones)
            after an ambiguous failure (5xx, timeout). Off by default: it can duplicate them.
        requestsPerSecond: This node's own rate limit, below the run's.
        maxConcurrency: This node's own limit on requests in flight, below the run's.
        alwaysOutputData: An empty first output becomes one empty item.
        executeOnce: Run on the first input item only.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    onError: OnError | None = None
    continueOnFail: bool = False
    retryOnFail: bool = False
    maxTries: int = 3
    waitBetweenTries: int = 1000
    retryNonIdempotent: bool = False
    requestsPerSecond: float | None = None
    maxConcurrency: int | None = None
    alwaysOutputData: bool = False
    executeOnce: bool = False

    @property
    def on_error(self) -> OnError:
        """The effective error mode (onError wins over the legacy continueOnFail)."""
        if self.onError is not None:
            return self.onError
        return "continueRegularOutput" if self.continueOnFail else "stopWorkflow"

    @property
    def tries(self) -> int:
        """Attempts per item: 1 without retryOnFail, else maxTries clamped to 2…5."""
        return min(max(self.maxTries, 2), 5) if self.retryOnFail else 1

    @property
    def wait_seconds(self) -> float:
        return min(max(self.waitBetweenTries, 0), 5000) / 1000

    def retry_policy(self, run: RunSettings) -> RetryPolicy:
        """How this node's items are retried: the run's transient retries, or n8n's
        retryOnFail (every API error, `maxTries` tries, backoff from `waitBetweenTries`)."""
        if self.retryOnFail:
            return RetryPolicy(
                attempts=self.tries,
                max_wait=run.max_retry_wait,
                base=self.wait_seconds or 0.0,
                any_error=True,
                unsafe=self.retryNonIdempotent,
            )
        return RetryPolicy(
            attempts=run.retries, max_wait=run.max_retry_wait, unsafe=self.retryNonIdempotent
        )


def http_client(settings: RunSettings, transport: Transport | None = None) -> HttpClient:
    """The run's HTTP client, configured from its settings (use with `async with`); requests
    go through `transport` when given (kflow.testing's MemoryTransport)."""
    return HttpClient(
        concurrency=settings.concurrency,
        timeout=settings.timeout,
        connect_timeout=settings.connect_timeout,
        max_response_bytes=settings.max_response_bytes,
        rate=settings.rate,
        transport=transport,
        refuse_private=settings.block_private_network,
        private_hint="start kflow serve with --allow-private-network to reach it",
        dry_run=settings.dry_run,
    )
