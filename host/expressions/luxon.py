"""A small Luxon-like date-time for `$now` and `$today`, as n8n users write them.

Supports `plus`/`minus` (`(1, 'days')` or `({days: 1})`), `startOf`/`endOf`, `setZone`,
`toFormat` with Luxon's common tokens, `toISO`, `toISODate`, `toMillis`, and the parts
(`year`, `month`, `day`, `hour`, `minute`, `second`, `weekday`).
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["DateTime"]

_UNITS = {
    "second": "seconds",
    "minute": "minutes",
    "hour": "hours",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}
_TOKENS = re.compile(r"yyyy|yy|MM|M|dd|d|HH|H|mm|m|ss|s|SSS|'[^']*'")
_STRFTIME = {
    "yyyy": "%Y",
    "yy": "%y",
    "MM": "%m",
    "dd": "%d",
    "HH": "%H",
    "mm": "%M",
    "ss": "%S",
}


class DateTime:
    """An aware date-time with Luxon's method names."""

    def __init__(self, moment: datetime) -> None:
        self._moment = moment

    def __repr__(self) -> str:
        return self.toISO()

    def __str__(self) -> str:
        return self.toISO()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateTime) and self._moment == other._moment

    def __lt__(self, other: DateTime) -> bool:
        return self._moment < other._moment

    def __hash__(self) -> int:
        return hash(self._moment)

    @property
    def year(self) -> int:
        return self._moment.year

    @property
    def month(self) -> int:
        return self._moment.month

    @property
    def day(self) -> int:
        return self._moment.day

    @property
    def hour(self) -> int:
        return self._moment.hour

    @property
    def minute(self) -> int:
        return self._moment.minute

    @property
    def second(self) -> int:
        return self._moment.second

    @property
    def weekday(self) -> int:
        """1 = Monday … 7 = Sunday, as in Luxon."""
        return self._moment.isoweekday()

    def plus(self, amount: Any, unit: str | None = None) -> DateTime:
        return DateTime(_shift(self._moment, _duration(amount, unit), 1))

    def minus(self, amount: Any, unit: str | None = None) -> DateTime:
        return DateTime(_shift(self._moment, _duration(amount, unit), -1))

    def startOf(self, unit: str) -> DateTime:
        name = _unit(unit)
        moment = self._moment.replace(microsecond=0)
        if name == "seconds":
            return DateTime(moment)
        moment = moment.replace(second=0)
        if name != "minutes":
            moment = moment.replace(minute=0)
        if name not in ("minutes", "hours"):
            moment = moment.replace(hour=0)
        if name == "weeks":
            moment -= timedelta(days=moment.weekday())
        if name in ("months", "years"):
            moment = moment.replace(day=1)
        if name == "years":
            moment = moment.replace(month=1)
        return DateTime(moment)

    def endOf(self, unit: str) -> DateTime:
        start = self.startOf(unit)
        return DateTime(_shift(start._moment, {_unit(unit): 1}, 1) - timedelta(microseconds=1))

    def setZone(self, zone: str) -> DateTime:
        return DateTime(self._moment.astimezone(ZoneInfo(zone)))

    def toFormat(self, pattern: str) -> str:
        """Luxon tokens: yyyy yy MM M dd d HH H mm m ss s SSS, and 'quoted text'."""

        def token(match: re.Match[str]) -> str:
            text = match.group(0)
            if text.startswith("'"):
                return text[1:-1]
            if text in _STRFTIME:
                return self._moment.strftime(_STRFTIME[text])
            if text == "SSS":
                return f"{self._moment.microsecond // 1000:03d}"
            value = {
                "M": self.month,
                "d": self.day,
                "H": self.hour,
                "m": self.minute,
                "s": self.second,
            }[text]
            return str(value)

        return _TOKENS.sub(token, pattern)

    def toISO(self) -> str:
        return self._moment.isoformat(timespec="milliseconds")

    def toISODate(self) -> str:
        return self._moment.date().isoformat()

    def toMillis(self) -> int:
        return int(self._moment.timestamp() * 1000)

    def format(self, pattern: str) -> str:
        """Python's strftime, for those who prefer it."""
        return self._moment.strftime(pattern)


def _unit(unit: str) -> str:
    key = unit.rstrip("s")
    if key not in _UNITS:
        raise ValueError(f"unknown time unit {unit!r}")
    return _UNITS[key]


def _duration(amount: Any, unit: str | None) -> dict[str, int]:
    if isinstance(amount, dict):
        return {_unit(k): int(v) for k, v in amount.items()}
    return {_unit(unit or "days"): int(amount)}


def _shift(moment: datetime, duration: dict[str, int], sign: int) -> datetime:
    months = sign * (duration.get("months", 0) + 12 * duration.get("years", 0))
    if months:
        total = moment.year * 12 + moment.month - 1 + months
        year, month = divmod(total, 12)
        last_day = calendar.monthrange(year, month + 1)[1]
        moment = moment.replace(year=year, month=month + 1, day=min(moment.day, last_day))
    delta = timedelta(**{k: v for k, v in duration.items() if k not in ("months", "years")})
    return moment + sign * delta
