"""Run settings (concurrency, timeouts) and n8n's per-node settings."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from kflow.host.errors import ConfigError
from kflow.host.http import DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT

__all__ = ["NodeSettings", "OnError", "RunSettings"]

OnError = Literal["stopWorkflow", "continueRegularOutput", "continueErrorOutput"]


class RunSettings(BaseModel):
    """Settings of one run.

    Attributes:
        concurrency: Most requests in flight at once.
        timeout: Total seconds allowed for one request.
        allow_env: Whether expressions may read `$env`.
        timezone: IANA zone of `$now` and `$today`.
    """

    model_config = ConfigDict(frozen=True)

    concurrency: int = DEFAULT_CONCURRENCY
    timeout: float = DEFAULT_TIMEOUT
    allow_env: bool = False
    timezone: str = "UTC"

    @model_validator(mode="after")
    def _check(self) -> RunSettings:
        if self.concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if self.timeout <= 0:
            raise ConfigError("timeout must be more than 0 seconds")
        return self


class NodeSettings(BaseModel):
    """n8n's node settings, with n8n's names and clamps.

    Attributes:
        onError: stopWorkflow (default), continueRegularOutput (failed items become output
            items holding the error), continueErrorOutput (they go to an extra, last output).
        continueOnFail: n8n's older boolean for continueRegularOutput.
        retryOnFail: Retry a failed item; `maxTries` is clamped to 2…5 (default 3) and
            `waitBetweenTries` to 0…5000 ms (default 1000), as in n8n.
        alwaysOutputData: An empty first output becomes one empty item.
        executeOnce: Run on the first input item only.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    onError: OnError | None = None
    continueOnFail: bool = False
    retryOnFail: bool = False
    maxTries: int = 3
    waitBetweenTries: int = 1000
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
