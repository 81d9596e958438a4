"""Time zones and the proleptic Gregorian calendar on epoch milliseconds, for every year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DAY_MS",
    "MONTHS",
    "Fields",
    "FixedZone",
    "NamedZone",
    "Zone",
    "days_from_civil",
    "days_in_month",
    "fields_of",
    "local_ms",
    "luxon_zone",
    "named_zone",
]

DAY_MS = 86_400_000
MONTHS = [  # English month names, as both Luxon and moment write them
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a date; month may run past 1..12 and day past the month."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468 + day - 1


def _civil_from_days(days: int) -> tuple[int, int, int]:
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if month == 2:
        return 29 if is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


@dataclass(frozen=True)
class Fields:
    """A wall-clock reading: the calendar fields of an instant at some offset."""

    year: int
    month: int
    day: int
    hour: int
    minute: int
    second: int
    millisecond: int

    @property
    def weekday(self) -> int:
        """ISO weekday, Monday 1 .. Sunday 7."""
        return (days_from_civil(self.year, self.month, self.day) + 3) % 7 + 1

    @property
    def ordinal(self) -> int:
        return (
            days_from_civil(self.year, self.month, self.day) - days_from_civil(self.year, 1, 1) + 1
        )

    def iso_week(self) -> tuple[int, int]:
        """(ISO week year, ISO week number)."""
        week = (self.ordinal - self.weekday + 10) // 7
        if week < 1:
            return self.year - 1, _weeks_in_year(self.year - 1)
        if week > _weeks_in_year(self.year):
            return self.year + 1, 1
        return self.year, week


def _weeks_in_year(year: int) -> int:
    def p(y: int) -> int:
        return (y + y // 4 - y // 100 + y // 400) % 7

    return 53 if p(year) == 4 or p(year - 1) == 3 else 52


def fields_of(ms: int, offset_minutes: float) -> Fields:
    """The wall-clock fields of epoch milliseconds `ms` at an offset."""
    local = int(ms + offset_minutes * 60_000)
    days, rest = divmod(local, DAY_MS)
    year, month, day = _civil_from_days(days)
    hour, rest = divmod(rest, 3_600_000)
    minute, rest = divmod(rest, 60_000)
    second, millisecond = divmod(rest, 1000)
    return Fields(year, month, day, hour, minute, second, millisecond)


def local_ms(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, ms: int = 0
) -> int:
    """`Date.UTC(...)`: wall-clock fields read as UTC, overflowing fields carried."""
    return (
        days_from_civil(year, month, day) * DAY_MS
        + ((hour * 60 + minute) * 60 + second) * 1000
        + ms
    )


class Zone:
    """A time zone: its name, its offset at an instant, whether the offset never changes."""

    name: str
    universal: bool = False

    def offset(self, ms: float) -> float:
        """Minutes east of UTC at epoch milliseconds `ms`."""
        raise NotImplementedError

    def abbreviation(self, ms: float) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class FixedZone(Zone):
    minutes: int

    @property
    def name(self) -> str:  # type: ignore[override]
        if self.minutes == 0:
            return "UTC"
        hours, mins = divmod(abs(self.minutes), 60)
        sign = "+" if self.minutes > 0 else "-"
        return f"UTC{sign}{hours}" + (f":{mins}" if mins else "")

    universal = True

    def offset(self, ms: float) -> float:
        return self.minutes

    def abbreviation(self, ms: float) -> str:
        return self.name


class NamedZone(Zone):
    """An IANA zone."""

    def __init__(self, name: str, info: ZoneInfo) -> None:
        self.name = name
        self._info = info

    def _at(self, ms: float) -> datetime:
        return (_EPOCH + timedelta(milliseconds=ms)).astimezone(self._info)

    def offset(self, ms: float) -> float:
        delta = self._at(ms).utcoffset() or timedelta()
        return delta.total_seconds() / 60

    def abbreviation(self, ms: float) -> str:
        return self._at(ms).tzname() or ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NamedZone) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)


_SPECIFIER = re.compile(r"utc([+-]\d{1,2})(?::(\d{2}))?")


def named_zone(name: str) -> NamedZone | None:
    """The IANA zone of that name, or None."""
    if not name or name.startswith("/") or ".." in name:
        return None
    try:
        return NamedZone(name, ZoneInfo(name))
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def luxon_zone(name: str) -> Zone | None:
    """A zone as Luxon's `setZone(name)` reads it; None where Luxon's zone is invalid."""
    lowered = name.lower()
    if lowered in ("utc", "gmt"):
        return FixedZone(0)
    fixed = _SPECIFIER.fullmatch(lowered)
    if fixed:
        hours = int(fixed.group(1))
        minutes = int(fixed.group(2) or 0)
        return FixedZone(hours * 60 + (-minutes if fixed.group(1)[0] == "-" else minutes))
    return named_zone(name)
