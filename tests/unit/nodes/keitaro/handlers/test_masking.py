"""Masking of the key in headers and URLs."""

from __future__ import annotations

from kflow.host.redaction import Redactor
from kflow.nodes.keitaro.handlers.masking import mask_headers, mask_url
from tests.support import CANARY_KEY


def test_a_key_header_shows_only_its_last_four() -> None:
    assert mask_headers({"Api-Key": CANARY_KEY}) == {"Api-Key": "****" + CANARY_KEY[-4:]}
    assert mask_headers({"Api-Key": "shortkey"}) == {"Api-Key": "****"}


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


def test_urls_lose_the_key() -> None:
    redactor = Redactor([CANARY_KEY])
    assert CANARY_KEY not in mask_url(f"https://t.test/x?key={CANARY_KEY}", redactor)
