"""Building Admin API URLs from a tracker domain, with every path parameter percent-encoded."""

from __future__ import annotations

import functools
import re
import urllib.parse

from kflow.nodes.keitaro.handlers.wording import shown

__all__ = [
    "API_PREFIX",
    "api_path",
    "api_url",
    "base_url",
    "encode_segment",
    "postback_url",
    "query_text",
    "relative_path",
    "tracker_root",
    "with_query",
]

API_PREFIX = "/admin_api/v1"


@functools.lru_cache(maxsize=64)
def base_url(domain: str) -> str:
    """The Admin API root for a tracker domain, e.g. `https://t.example.com/admin_api/v1`.

    Accepts a bare host, a URL with or without scheme (https is assumed), trailing slashes,
    a sub-directory install, and a URL that already ends in `/admin_api/v1`.

    Raises:
        ValueError: The domain cannot be a tracker URL; the message says why.
    """
    text = domain.strip()
    if not text:
        raise ValueError("the tracker domain is empty")
    if any(ord(c) < 32 or ord(c) == 127 or c.isspace() for c in text):
        raise ValueError("the tracker domain contains spaces or control characters")
    if "://" not in text:
        text = "https://" + text
    parts = urllib.parse.urlsplit(text)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"the tracker URL must use http or https, not {shown(parts.scheme)}")
    if not parts.hostname:
        raise ValueError(f"{shown(domain)} has no host name")
    if parts.username or parts.password:
        raise ValueError("the tracker URL must not contain a user name or password")
    if parts.query or parts.fragment:
        raise ValueError("the tracker URL must not contain a query or fragment")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise ValueError(f"{shown(domain)} has an invalid port") from None
    path = parts.path.rstrip("/")
    if path.endswith(API_PREFIX):
        path = path[: -len(API_PREFIX)].rstrip("/")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{API_PREFIX}"


def encode_segment(value: str | int) -> str:
    """One path segment, percent-encoded so it can never change the path or add a query.

    Slashes, `?`, `#`, `%` and everything outside the unreserved set are encoded; the dot
    segments `.` and `..` are encoded too, since clients and servers collapse them.
    """
    text = str(value)
    if text.isalnum() and text.isascii():
        return text  # letters and digits only: nothing to encode
    if text in (".", ".."):
        return text.replace(".", "%2E")
    if _UNRESERVED.fullmatch(text):
        return text  # what quote() would give, without its work
    return urllib.parse.quote(text, safe="")


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]+")


def relative_path(segments: tuple[str | int, ...]) -> str:
    """The encoded path of `segments` (`/clicks/abc`), to put after a base or prefix."""
    return "".join(["/" + encode_segment(s) for s in segments])


def api_path(*segments: str | int) -> str:
    """The Admin API path of an endpoint, e.g. `/admin_api/v1/clicks/abc`, for messages."""
    return API_PREFIX + relative_path(segments)


def api_url(base: str, *segments: str | int) -> str:
    """`base` (from `base_url`) followed by the encoded path segments."""
    return base + relative_path(segments)


def with_query(url: str, query: dict[str, object] | None) -> str:
    """`url` with encoded query parameters added; None and empty values are left out."""
    text = query_text(query)
    if not text:
        return url
    return f"{url}{'&' if '?' in url else '?'}{text}"


def query_text(query: dict[str, object] | None) -> str:
    """The encoded query (`a=1&b=x+y`, as urlencode writes it); None and empty values are
    left out, and "" when nothing is left."""
    if not query:
        return ""
    return "&".join(
        [f"{_plus(k)}={_plus(str(v))}" for k, v in query.items() if v is not None and v != ""]
    )


def _plus(text: str) -> str:
    if _UNRESERVED.fullmatch(text):
        return text  # what quote_plus() would give, without its work
    return urllib.parse.quote_plus(text)


def tracker_root(base: str) -> str:
    """The tracker's own root (where click and postback URLs live), from an Admin API base."""
    return base[: -len(API_PREFIX)]


def postback_url(base: str, postback_key: str) -> str:
    """The tracker's incoming postback URL, `{root}/{postback_key}/postback`."""
    return f"{tracker_root(base)}/{encode_segment(postback_key)}/postback"
