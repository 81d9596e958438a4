"""What `$env` shows an expression: the environment, without the secrets kflow holds.

`$env` is blocked unless `--allow-env` is given. Even then it never shows a variable
credentials are loaded from (KEITARO_API_KEY…), serve's API token, or any variable whose
value is a loaded secret: a webhook's caller could otherwise have it echoed back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kflow.host.redaction import Redactor

__all__ = ["ALWAYS_HIDDEN", "visible_environment"]

ALWAYS_HIDDEN = frozenset({"KFLOW_API_TOKEN"})
"""Variables no expression reads, whatever the credentials."""


def visible_environment(
    environ: Mapping[str, str], *, hidden: Iterable[str], redactor: Redactor
) -> dict[str, str]:
    """The variables `$env` may show."""
    blocked = ALWAYS_HIDDEN | set(hidden)
    return {
        name: value
        for name, value in environ.items()
        if name not in blocked and redactor.text(value) == value
    }
