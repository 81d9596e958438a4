"""Masking and value-based redaction."""

from __future__ import annotations

import json
import urllib.parse
from decimal import Decimal

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


JSON_VALUES: list[object] = [
    {"a": "é", "b": [1, 2.5, None, True, False], "c": {"": -0.0, "2": 10**30}},
    "plain ✓ \u2028 \x00",
    [float("nan"), float("inf")],
    {1: "int key", None: "null key", 2.5: "float key"},
    [],
    {},
    7,
]


@pytest.mark.parametrize("value", JSON_VALUES)
def test_json_text_is_the_standard_encoders_text(value: object) -> None:
    redactor = Redactor([CANARY_KEY])
    expected = json.JSONEncoder(ensure_ascii=False).encode(value)
    assert redactor.json_text(value) == expected


def test_json_text_raises_as_the_standard_encoder_and_recovers() -> None:
    redactor = Redactor([CANARY_KEY])
    circular: list[object] = []
    circular.append(circular)
    with pytest.raises(TypeError, match="Object of type Decimal is not JSON serializable"):
        redactor.json_text({"cost": Decimal("0.5")})
    with pytest.raises(ValueError, match="Circular reference detected"):
        redactor.json_text(circular)
    with pytest.raises(TypeError, match="keys must be str"):
        redactor.json_text({(1,): 2})
    assert redactor.json_text({"key": CANARY_KEY}) == json.dumps({"key": mask(CANARY_KEY)})
