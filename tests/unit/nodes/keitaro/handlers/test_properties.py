"""Property-based tests of the handlers: for any input, the invariants hold."""

from __future__ import annotations

import contextlib
import urllib.parse
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kflow.host.errors import KflowError
from kflow.host.redaction import Redactor, mask
from kflow.nodes.keitaro.handlers.masking import mask_headers
from kflow.nodes.keitaro.handlers.urls import api_url, base_url
from kflow.nodes.keitaro.handlers.validation import validate_click_data, validate_click_id

BASE = "https://tracker.example.test/admin_api/v1"
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(st.text())
@settings(max_examples=300)
def test_any_click_id_stays_under_the_clicks_endpoint(click_id: str) -> None:
    url = api_url(BASE, "clicks", click_id)
    parts = urllib.parse.urlsplit(url)
    assert parts.netloc == "tracker.example.test"
    assert parts.query == "" and parts.fragment == ""
    tail = parts.path.removeprefix("/admin_api/v1/clicks/")
    assert tail != parts.path
    assert "/" not in tail
    assert urllib.parse.unquote(tail) == click_id or click_id in (".", "..")
    assert tail not in (".", "..")


@given(st.text(alphabet=st.characters(blacklist_characters="*"), min_size=1))
@settings(max_examples=300)
def test_masking_never_reveals_a_key(key: str) -> None:
    # Keys made of the mask's own "*" are left out: the mask would trivially contain them.
    shown = mask(key)
    visible = shown.removeprefix("****")
    assert len(visible) <= 4
    if len(key) < 16:
        assert visible == ""
    else:
        assert key.endswith(visible)
    headers = mask_headers({"Api-Key": key, "Authorization": f"Bearer {key}"})
    if len(key) >= 8:
        # Only the values can leak a key (a key may spell part of a header's name).
        assert all(key not in value for value in headers.values())
    redactor = Redactor([key])
    assert key not in redactor.text(f"before {key} after")


@given(st.one_of(st.text(), json_values))
@settings(max_examples=300)
def test_click_id_validation_raises_only_our_errors(value: Any) -> None:
    with contextlib.suppress(KflowError):
        validate_click_id(value, node="K", item_index=0)


@given(st.one_of(st.text(), json_values))
@settings(max_examples=300)
def test_click_data_validation_raises_only_our_errors(value: Any) -> None:
    try:
        data = validate_click_data(value, node="K", item_index=0)
    except KflowError:
        return
    assert isinstance(data, dict) and data


@given(st.text())
@settings(max_examples=300)
def test_domain_parsing_raises_only_value_errors(domain: str) -> None:
    try:
        url = base_url(domain)
    except ValueError:
        return
    assert url.endswith("/admin_api/v1")
    assert urllib.parse.urlsplit(url).scheme in ("http", "https")


click_fields = st.sampled_from(
    ["cost", "keyword", "source", "sub_id_1", "sub_id_30", "extra_param_10", "click_id", ""]
)
field_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=300),
    st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,3})?", fullmatch=True),
    st.lists(st.integers()),
)


@given(st.dictionaries(click_fields, field_values, max_size=5))
@settings(max_examples=500)
def test_the_quick_path_never_accepts_what_the_schema_rejects(data: dict[str, Any]) -> None:
    from kflow.nodes.keitaro.handlers.validation import _plainly_valid, _validator

    if _plainly_valid(data):
        assert _validator().is_valid(data)
