"""Secret redaction by value, for every string kflow shows: outputs, logs, errors."""

from __future__ import annotations

import contextlib
import json
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from typing import Any

__all__ = ["MIN_REVEAL_LENGTH", "Redactor", "mask"]

MIN_REVEAL_LENGTH = 16
"""Secrets shorter than this are masked completely; longer ones show their last 4 characters."""

_STARS = "****"
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_ENCODE = _ENCODER.encode


def _one_shot() -> Callable[[Any, int], Sequence[str]] | None:
    """The C encoder `_ENCODE` makes on every call, made once (None where there is none).

    It is made without the circular-reference markers, the only state it keeps between
    calls; a value it cannot write is written again by `_ENCODE`, which raises as always.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    e = _ENCODER
    try:
        chunks = make(
            None,
            e.default,
            json.encoder.encode_basestring,
            e.indent,
            e.key_separator,
            e.item_separator,
            e.sort_keys,
            e.skipkeys,
            e.allow_nan,
        )
        sample = {"é": [1, 2.5, None, True, "x\n"], "2": {"": float("nan")}}
        same = "".join(chunks(sample, 0)) == _ENCODE(sample)
    except (TypeError, ValueError):  # another Python's signature
        return None
    return chunks if same else None


_CHUNKS = _one_shot()


def mask(secret: str) -> str:
    """The masked form of a secret: never more than its last 4 characters, none for short ones."""
    if len(secret) < MIN_REVEAL_LENGTH:
        return _STARS
    return _STARS + secret[-4:]


class Redactor:
    """Replaces every known secret value, wherever it appears, by its masked form.

    Secrets are also matched in their percent-encoded forms, so a key that leaked into
    a URL is caught too. Longer secrets are replaced first so overlapping ones stay hidden.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: dict[str, str] = {}
        self._order: tuple[tuple[str, str], ...] = ()
        for secret in secrets:
            self.add(secret)

    def __repr__(self) -> str:
        return f"Redactor(<{len(self._secrets)} secrets>)"

    def add(self, secret: str | None) -> None:
        """Registers a secret value; empty values are ignored."""
        if not secret:
            return
        masked = mask(secret)
        forms = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
        # A secret that cannot be encoded (lone surrogates) cannot appear percent-encoded.
        with contextlib.suppress(UnicodeEncodeError):
            forms |= {urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)}
        for form in forms:
            self._secrets[form] = masked
        longest_first = sorted(self._secrets, key=len, reverse=True)
        self._order = tuple((form, self._secrets[form]) for form in longest_first)

    def text(self, value: str) -> str:
        """The string with every secret masked."""
        for secret, masked in self._order:
            if secret in value:
                value = value.replace(secret, masked)
        return value

    def json_text(self, value: Any) -> str:
        """`value` as compact JSON text with every secret masked.

        Masking the text (where each secret is also known in its JSON-escaped form) is much
        cheaper than walking the value, and catches secrets in keys as well.
        """
        if _CHUNKS is not None:
            try:
                return self.text("".join(_CHUNKS(value, 0)))
            except (TypeError, ValueError, RecursionError):
                pass  # raised again by the standard encoder, with its own message
        return self.text(_ENCODE(value))

    def deep(self, value: Any) -> Any:
        """A copy of a JSON-like value with every secret masked in keys and strings."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.deep(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.deep(v) for v in value]
        return value
