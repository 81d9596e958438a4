"""URL building: domain forms, sub-directory installs, encoded path parameters."""

from __future__ import annotations

import urllib.parse

import pytest

from kflow.nodes.keitaro.handlers.urls import api_path, api_url, base_url, encode_segment


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("tracker.example.com", "https://tracker.example.com/admin_api/v1"),
        ("  tracker.example.com/  ", "https://tracker.example.com/admin_api/v1"),
        ("https://tracker.example.com", "https://tracker.example.com/admin_api/v1"),
        ("http://tracker.example.com///", "http://tracker.example.com/admin_api/v1"),
        ("HTTPS://Tracker.Example.com", "https://tracker.example.com/admin_api/v1"),
        ("https://tracker.example.com/admin_api/v1", "https://tracker.example.com/admin_api/v1"),
        ("https://tracker.example.com/admin_api/v1/", "https://tracker.example.com/admin_api/v1"),
        ("https://example.com/keitaro", "https://example.com/keitaro/admin_api/v1"),
        ("example.com/keitaro/admin_api/v1/", "https://example.com/keitaro/admin_api/v1"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/admin_api/v1"),
        ("[::1]:8080", "https://[::1]:8080/admin_api/v1"),
    ],
)
def test_base_url_accepts_every_usual_domain_form(domain: str, expected: str) -> None:
    assert base_url(domain) == expected


@pytest.mark.parametrize(
    ("domain", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ftp://tracker.example.com", "http or https"),
        ("https://", "no host name"),
        ("https://user:pw@tracker.example.com", "user name or password"),
        ("https://tracker.example.com/?a=1", "query or fragment"),
        ("https://tracker.example.com/#x", "query or fragment"),
        ("tracker.example.com\r\nX: y", "control characters"),
        ("tracker example.com", "spaces"),
        ("tracker.example.com:99999", "invalid port"),
    ],
)
def test_base_url_rejects_what_cannot_be_a_tracker(domain: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        base_url(domain)


@pytest.mark.parametrize(
    ("click_id", "encoded"),
    [
        ("51ts6sgr1cbkdhljnrv", "51ts6sgr1cbkdhljnrv"),
        ("../campaigns/1", "..%2Fcampaigns%2F1"),
        ("a?b=c", "a%3Fb%3Dc"),
        ("a#frag", "a%23frag"),
        ("100%", "100%25"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("клик", "%D0%BA%D0%BB%D0%B8%D0%BA"),
        (42, "42"),
    ],
)
def test_segments_are_encoded_so_they_stay_one_segment(click_id: object, encoded: str) -> None:
    assert encode_segment(click_id) == encoded  # type: ignore[arg-type]


@pytest.mark.parametrize("click_id", ["../campaigns/1", "a?b=c", "..", "x/../../y", "%2e%2e"])
def test_any_click_id_stays_under_the_clicks_endpoint(click_id: str) -> None:
    url = api_url("https://t.example.com/admin_api/v1", "clicks", click_id)
    parts = urllib.parse.urlsplit(url)
    assert parts.query == "" and parts.fragment == ""
    prefix = "/admin_api/v1/clicks/"
    assert parts.path.startswith(prefix)
    assert "/" not in parts.path[len(prefix) :]
    assert parts.path[len(prefix) :] not in (".", "..")


def test_api_path_for_messages() -> None:
    assert api_path("clicks", "a b") == "/admin_api/v1/clicks/a%20b"
