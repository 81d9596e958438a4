"""Masking of the key in headers, URLs and messages."""

from __future__ import annotations

from kflow.host.redaction import Redactor
from kflow.nodes.keitaro.handlers.masking import mask_headers, mask_key, mask_text, mask_url
from tests.support import CANARY_KEY


def test_key_shows_only_its_last_four() -> None:
    assert mask_key(CANARY_KEY) == "****" + CANARY_KEY[-4:]
    assert mask_key("shortkey") == "****"


def test_headers_mask_credentials_case_insensitively() -> None:
    headers = {
        "Api-Key": CANARY_KEY,
        "authorization": f"Bearer {CANARY_KEY}",
        "Accept": "application/json",
    }
    masked = mask_headers(headers)
    assert masked == {
        "Api-Key": "****" + CANARY_KEY[-4:],
        "authorization": "Bearer ****" + CANARY_KEY[-4:],
        "Accept": "application/json",
    }
    assert headers["Api-Key"] == CANARY_KEY


def test_urls_and_messages_lose_the_key() -> None:
    redactor = Redactor([CANARY_KEY])
    assert CANARY_KEY not in mask_url(f"https://t.test/x?key={CANARY_KEY}", redactor)
    assert CANARY_KEY not in mask_text(f"refused key {CANARY_KEY}", redactor)
