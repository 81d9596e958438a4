"""How an execution's run ended, as a worker (or serve's own runner) reports it.

It travels as JSON through the broker's result backend and is checked when read, so a
crafted or damaged entry can at most fail its own execution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

__all__ = ["JobResult", "now_text"]

Json = dict[str, Any]

_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "started": (str, type(None)),
    "finished": (str, type(None)),
    "attempt": (int, type(None)),
    "error": (str, type(None)),
    "items_out": int,
    "last": (list, type(None)),
    "outputs": (dict, type(None)),
}
_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "waiting": (dict, type(None)),
    "run_data": (dict, type(None)),
    "failure": (dict, type(None)),
    "failed_at": (dict, type(None)),
}


def now_text() -> str:
    """Now, as results carry their times."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class JobResult:
    """An execution's run, ended.

    Attributes:
        started: When the run started (None when it never did).
        finished: When it ended.
        attempt: Which run of the execution this was (1, 2…).
        error: Why it failed, or None.
        items_out: How many items the last node gave.
        last: The last node's items (None when the run failed as a whole).
        outputs: Every node's outputs, when they are kept.
        waiting: The suspension of a run put to wait (Suspension.to_json()).
        run_data: A failed run's node items, as kept (run_data.node_runs).
        failure: A failed run's error details (n8n's fields).
        failed_at: The run as it stood when its node failed, to retry from there.
    """

    started: str | None
    finished: str | None
    attempt: int | None
    error: str | None
    items_out: int
    last: list[Json] | None
    outputs: Json | None
    waiting: Json | None = None
    run_data: Json | None = None
    failure: Json | None = None
    failed_at: Json | None = None

    @classmethod
    def failed(
        cls, error: str, *, started: str | None = None, attempt: int | None = None
    ) -> JobResult:
        """The result of an execution that failed as a whole."""
        return cls(started, now_text(), attempt, error, 0, None, None)

    def to_json(self) -> Json:
        """The result as the wire carries it (optional fields only when set)."""
        # Shallow: the wire (or the in-process queue) reads it, nobody changes it.
        found = {name: getattr(self, name) for name in _REQUIRED}
        for name in _OPTIONAL:
            value = getattr(self, name)
            if value is not None:
                found[name] = value
        return found

    @classmethod
    def from_json(cls, value: object) -> JobResult:
        """The result in what the result backend gave.

        Raises:
            ValueError: It is not a result (a missing, unknown or mistyped field).
        """
        if not isinstance(value, dict):
            raise ValueError("the result is not an object")
        for name, wanted in _REQUIRED.items():
            if name not in value:
                raise ValueError(f"the result has no {name!r}")
            if not isinstance(value[name], wanted) or isinstance(value[name], bool):
                raise ValueError(f"the result's {name!r} is not of the right type")
        for name, wanted in _OPTIONAL.items():
            if name in value and not isinstance(value[name], wanted):
                raise ValueError(f"the result's {name!r} is not of the right type")
        unknown = sorted(set(value) - set(_REQUIRED) - set(_OPTIONAL))
        if unknown:
            raise ValueError(f"the result has an unknown field {unknown[0]!r}")
        return cls(**value)
