"""Masking and value-based redaction."""

from __future__ import annotations

import urllib.parse

import pytest

from kflow.host.redaction import Redactor, mask
from tests.support import CANARY_KEY


@pytest.mark.parametrize(
    ("secret", "masked"),
    [
        ("0123456789abcdef", "****cdef"),
        (CANARY_KEY, "****" + CANARY_KEY[-4:]),
        ("short-key", "****"),
        ("a", "****"),
        ("", "****"),
    ],
)
def test_mask_shows_at_most_the_last_four(secret: str, masked: str) -> None:
    assert mask(secret) == masked


def test_redactor_masks_every_occurrence_and_encoded_forms() -> None:
    secret = "key with/slash+plus=0123456789"
    redactor = Redactor([secret])
    text = f"a {secret} b {urllib.parse.quote(secret, safe='')} c {urllib.parse.quote_plus(secret)}"
    out = redactor.text(text)
    assert secret not in out
    assert urllib.parse.quote(secret, safe="") not in out
    assert out.count("****6789") == 3


def test_longer_secrets_are_replaced_first() -> None:
    redactor = Redactor(["abcdefghijklmnop", "abcdefghijklmnopqrstuvwxyz"])
    assert redactor.text("abcdefghijklmnopqrstuvwxyz") == "****wxyz"


def test_deep_redacts_keys_and_values() -> None:
    redactor = Redactor([CANARY_KEY])
    data = {"a": [CANARY_KEY, {"b": f"x{CANARY_KEY}"}], CANARY_KEY: 1, "n": 3}
    assert CANARY_KEY not in repr(redactor.deep(data))
    assert redactor.deep(data)["n"] == 3


def test_repr_shows_no_secret() -> None:
    assert CANARY_KEY not in repr(Redactor([CANARY_KEY]))
