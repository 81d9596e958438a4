"""Reading dates and time zones from parameters and writing them the way Keitaro wants them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kflow.nodes.keitaro.handlers.wording import shown

__all__ = ["check_timezone", "cost_bound", "parse_moment", "range_bound"]


def check_timezone(value: str | None) -> str:
    """An IANA time zone name, checked.

    Raises:
        ValueError: Not a known IANA zone (e.g. "MSK" or "+03:00").
    """
    name = (value or "UTC").strip() or "UTC"
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"{shown(name)} is not an IANA time zone such as Europe/Moscow or UTC"
        ) from None
    return name


def parse_moment(value: object, timezone: str) -> tuple[datetime, bool]:
    """A date or date-time from ISO text, as a naive time in `timezone`, and whether it had a time.

    Accepts `2026-11-01`, `2026-11-01 10:30`, `2026-11-01T10:30:00`, and forms with an offset
    or `Z`, which are converted to `timezone`.

    Raises:
        ValueError: Not an ISO date or date-time.
    """
    text = str(value or "").strip()
    if not text:
        raise ValueError("is empty: give an ISO date such as 2026-11-01")
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time()), False
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        raise ValueError(
            f"{shown(text)} is not an ISO date or date-time (2026-11-01 or 2026-11-01T10:30)"
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    return moment, True


def range_bound(value: object, timezone: str) -> str:
    """A report/log range bound: `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when a time was given."""
    moment, has_time = parse_moment(value, timezone)
    return moment.strftime("%Y-%m-%d %H:%M:%S") if has_time else moment.strftime("%Y-%m-%d")


def cost_bound(value: object, timezone: str, *, end: bool) -> str:
    """A cost or clean period bound, `YYYY-MM-DD HH:MM`; a bare date covers its whole day."""
    moment, has_time = parse_moment(value, timezone)
    if not has_time and end:
        moment = moment.replace(hour=23, minute=59)
    return moment.strftime("%Y-%m-%d %H:%M")
