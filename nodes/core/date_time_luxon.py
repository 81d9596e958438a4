"""The part of Luxon's DateTime and Duration that n8n's Date & Time 2 uses, on epoch ms."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from kflow.nodes.core.date_time_zones import (
    DAY_MS,
    Fields,
    Zone,
    days_from_civil,
    days_in_month,
    fields_of,
    local_ms,
)
from kflow.nodes.core.js_values import number_text

__all__ = ["INVALID", "UNITS", "Duration", "LuxonDate"]

INVALID = "Invalid DateTime"
MAX_MS = 8.64e15
UNITS = (
    "years",
    "quarters",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
)
_SINGULAR = {unit[:-1]: unit for unit in UNITS}
_DAY = {"days": 1, "hours": 24, "minutes": 1440, "seconds": 86400, "milliseconds": DAY_MS}
_LOW = {
    "weeks": {k: 7 * v for k, v in _DAY.items()},
    "days": {k: v for k, v in _DAY.items() if k != "days"},
    "hours": {"minutes": 60, "seconds": 3600, "milliseconds": 3_600_000},
    "minutes": {"seconds": 60, "milliseconds": 60_000},
    "seconds": {"milliseconds": 1000},
}
MATRIX: dict[str, dict[str, float]] = {
    "years": {"quarters": 4, "months": 12, "weeks": 52, **{k: 365 * v for k, v in _DAY.items()}},
    "quarters": {"months": 3, "weeks": 13, **{k: 91 * v for k, v in _DAY.items()}},
    "months": {"weeks": 4, **{k: 30 * v for k, v in _DAY.items()}},
    **_LOW,
}


def unit_name(unit: str) -> str:
    """Luxon's Duration.normalizeUnit, for the units it knows."""
    lowered = unit.lower()
    if lowered in UNITS:
        return lowered
    if lowered in _SINGULAR:
        return _SINGULAR[lowered]
    raise ValueError(f"Invalid unit {unit}")


@dataclass
class Duration:
    """A Luxon Duration: values per unit, in the order they were given."""

    values: dict[str, float]

    def to_object(self) -> dict[str, float]:
        return {unit: _json_number(v) for unit, v in self.values.items()}

    def get(self, unit: str) -> float:
        return self.values.get(unit, 0) or 0

    def as_ms(self) -> float:
        total = 0.0
        for unit, value in self.values.items():
            total += value * (1 if unit == "milliseconds" else MATRIX[unit]["milliseconds"])
        return total

    def negate(self) -> Duration:
        return Duration({k: (0 if v == 0 else -v) for k, v in self.values.items()})

    def to_iso(self) -> str:
        g = self.get
        text = "P"
        if g("years"):
            text += number_text(g("years")) + "Y"
        if g("months") or g("quarters"):
            text += number_text(g("months") + g("quarters") * 3) + "M"
        if g("weeks"):
            text += number_text(g("weeks")) + "W"
        if g("days"):
            text += number_text(g("days")) + "D"
        if g("hours") or g("minutes") or g("seconds") or g("milliseconds"):
            text += "T"
        if g("hours"):
            text += number_text(g("hours")) + "H"
        if g("minutes"):
            text += number_text(g("minutes")) + "M"
        if g("seconds") or g("milliseconds"):
            text += number_text(_round_to(g("seconds") + g("milliseconds") / 1000, 3)) + "S"
        return text + "T0S" if text == "P" else text

    def shift_to(self, units: list[str]) -> Duration:
        built: dict[str, float] = {}
        accumulated: dict[str, float] = {}
        last = units[-1]
        for unit in UNITS:
            if unit in units:
                last = unit
                own = 0.0
                for held in list(accumulated):
                    own += MATRIX[held][unit] * accumulated[held]
                    accumulated[held] = 0
                own += self.values.get(unit, 0)
                whole = math.trunc(own)
                built[unit] = whole
                accumulated[unit] = (own * 1000 - whole * 1000) / 1000
            elif unit in self.values:
                accumulated[unit] = self.values[unit]
        for held, value in accumulated.items():
            if value != 0:
                built[last] += value if held == last else value / MATRIX[last][held]
        _normalize(built)
        return Duration(built)

    def plus(self, other: Duration) -> Duration:
        return Duration(
            {u: other.get(u) + self.get(u) for u in UNITS if u in other.values or u in self.values}
        )


def _json_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _round_to(value: float, digits: int) -> float:
    factor = 10**digits
    return _js_round(value * factor) / factor


def _js_round(value: float) -> float:
    return math.floor(value + 0.5)


def _normalize(values: dict[str, float]) -> None:
    total = sum(
        v * (1 if u == "milliseconds" else MATRIX[u]["milliseconds"]) for u, v in values.items()
    )
    factor = -1 if total < 0 else 1
    present = [u for u in UNITS if u in values]
    for higher, lower in reversed(list(itertools.pairwise(present))):
        conv = MATRIX[higher][lower]
        roll = math.floor(values[lower] * factor / conv)
        values[higher] += roll * factor
        values[lower] -= roll * conv * factor
    for higher, lower in itertools.pairwise(present):
        fraction = math.fmod(values[higher], 1)
        values[higher] -= fraction
        values[lower] += fraction * MATRIX[higher][lower]


def _fix_offset(local: float, guess: float, zone: Zone) -> tuple[float, float]:
    """Luxon's fixOffset: the instant of a wall-clock time, preferring offset `guess`."""
    utc = local - guess * 60_000
    o2 = zone.offset(utc)
    if guess == o2:
        return utc, guess
    utc -= (o2 - guess) * 60_000
    o3 = zone.offset(utc)
    if o2 == o3:
        return utc, o2
    return local - min(o2, o3) * 60_000, max(o2, o3)


class LuxonDate:
    """A Luxon DateTime: an instant, its zone, or why it is invalid."""

    def __init__(self, ms: float, zone: Zone, invalid: str | None = None) -> None:
        if invalid is None and not -MAX_MS <= ms <= MAX_MS:
            invalid = "Timestamp out of range"
        self.ms = ms
        self.zone = zone
        self.invalid = invalid
        self.offset = zone.offset(ms) if invalid is None else 0.0
        self.c: Fields = fields_of(int(ms), self.offset) if invalid is None else fields_of(0, 0)

    @classmethod
    def failed(cls, reason: str, zone: Zone) -> LuxonDate:
        return cls(0, zone, reason)

    @classmethod
    def from_fields(cls, c: dict[str, int], guess: float, zone: Zone) -> LuxonDate:
        local = local_ms(
            c["year"], c["month"], c["day"], c["hour"], c["minute"], c["second"], c["millisecond"]
        )
        ms, _ = _fix_offset(local, guess, zone)
        return cls(ms, zone)

    @property
    def valid(self) -> bool:
        return self.invalid is None

    def set_zone(self, zone: Zone | None) -> LuxonDate:
        if not self.valid:
            return self
        if zone is None:
            return LuxonDate.failed("unsupported zone", self.zone)
        return LuxonDate(self.ms, zone)

    def _fields(self) -> dict[str, int]:
        c = self.c
        return {
            "year": c.year,
            "month": c.month,
            "day": c.day,
            "hour": c.hour,
            "minute": c.minute,
            "second": c.second,
            "millisecond": c.millisecond,
        }

    def plus(self, amounts: dict[str, float]) -> LuxonDate:
        """Luxon's `plus(duration)` (calendar units on the wall clock, the rest in ms)."""
        if not self.valid:
            return self
        d = {unit: float(amounts.get(unit, 0)) for unit in UNITS}
        whole = {unit: math.trunc(v) for unit, v in d.items()}
        c = self._fields()
        year = c["year"] + whole["years"]
        month = c["month"] + whole["months"] + whole["quarters"] * 3
        c.update(
            year=year,
            month=month,
            day=min(c["day"], days_in_month(year, month)) + whole["days"] + whole["weeks"] * 7,
        )
        rest = Duration(
            {
                **{u: d[u] - whole[u] for u in ("years", "quarters", "months", "weeks", "days")},
                **{u: d[u] for u in ("hours", "minutes", "seconds", "milliseconds")},
            }
        ).as_ms()
        local = local_ms(**_as_args(c))
        ms, _ = _fix_offset(local, self.offset, self.zone)
        if rest != 0:
            ms += rest
        return LuxonDate(ms, self.zone)

    def minus(self, amounts: dict[str, float]) -> LuxonDate:
        return self.plus({unit: -value for unit, value in amounts.items()})

    def start_of(self, unit: str) -> LuxonDate:
        if not self.valid:
            return self
        unit = unit_name(unit)
        c = self._fields()
        order = ("years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds")
        reset = {
            "month": 1,
            "day": 1,
            "hour": 0,
            "minute": 0,
            "second": 0,
            "millisecond": 0,
        }
        start = {"years": 0, "quarters": 1, "months": 1, "weeks": 2, "days": 2, "hours": 3}
        start.update(minutes=4, seconds=5)
        keys = list(reset)[start[unit] :]
        for key in keys:
            c[key] = reset[key]
        if unit == "quarters":
            c["month"] = (math.ceil(self.c.month / 3) - 1) * 3 + 1
        if unit == "weeks":
            day = days_from_civil(self.c.year, self.c.month, self.c.day) - (self.c.weekday - 1)
            monday = fields_of(day * DAY_MS, 0)
            c.update(year=monday.year, month=monday.month, day=monday.day)
        assert unit in order
        return LuxonDate.from_fields(c, self.offset, self.zone)

    def get(self, part: str) -> int | None:
        if not self.valid:
            return None
        return int(getattr(self.c, part))

    @property
    def week_number(self) -> int | None:
        return self.c.iso_week()[1] if self.valid else None

    def to_iso(self) -> str:
        """`toISO()` / `toString()`."""
        if not self.valid:
            return INVALID
        c = self.c
        year = _pad(c.year, 6) if c.year > 9999 or c.year < 0 else _pad(c.year, 4)
        if c.year > 9999:
            year = "+" + year
        text = (
            f"{year}-{_pad(c.month)}-{_pad(c.day)}T{_pad(c.hour)}:{_pad(c.minute)}:"
            f"{_pad(c.second)}.{_pad(c.millisecond, 3)}"
        )
        return text + offset_text(self.offset, "Z" if self.zone.universal else None)

    def diff(self, other: LuxonDate, units: list[str]) -> Duration | None:
        """`this.diff(other, units)`; None for Luxon's invalid Duration."""
        if not self.valid or not other.valid:
            return None
        names = [unit_name(u) for u in units]
        later_is_other = other.ms > self.ms
        earlier, later = (self, other) if later_is_other else (other, self)
        found = _diff(earlier, later, names)
        return found.negate() if later_is_other else found


def _as_args(c: dict[str, int]) -> dict[str, int]:
    return {
        "year": c["year"],
        "month": c["month"],
        "day": c["day"],
        "hour": c["hour"],
        "minute": c["minute"],
        "second": c["second"],
        "ms": c["millisecond"],
    }


def _pad(value: int, width: int = 2) -> str:
    return ("-" + str(-value).rjust(width, "0")) if value < 0 else str(value).rjust(width, "0")


def offset_text(offset: float, zero: str | None = None, style: str = "short") -> str:
    """An offset as Luxon writes it: short +05:00, narrow +5, techie +0500."""
    if zero is not None and offset == 0:
        return zero
    sign = "+" if offset >= 0 else "-"
    hours = math.trunc(abs(offset / 60))
    minutes = math.trunc(abs(math.fmod(offset, 60)))
    if style == "narrow":
        return f"{sign}{hours}" + (f":{minutes}" if minutes > 0 else "")
    if style == "techie":
        return f"{sign}{_pad(hours)}{_pad(minutes)}"
    return f"{sign}{_pad(hours)}:{_pad(minutes)}"


def _day_diff(earlier: LuxonDate, later: LuxonDate) -> int:
    def start(dt: LuxonDate) -> int:
        return days_from_civil(dt.c.year, dt.c.month, dt.c.day)

    return start(later) - start(earlier)


def _quarter(dt: LuxonDate) -> int:
    return math.ceil(dt.c.month / 3)


_DIFFERS: list[tuple[str, Any]] = [
    ("years", lambda a, b: b.c.year - a.c.year),
    ("quarters", lambda a, b: _quarter(b) - _quarter(a) + (b.c.year - a.c.year) * 4),
    ("months", lambda a, b: b.c.month - a.c.month + (b.c.year - a.c.year) * 12),
    ("weeks", lambda a, b: math.trunc(_day_diff(a, b) / 7)),
    ("days", _day_diff),
]


def _diff(earlier: LuxonDate, later: LuxonDate, units: list[str]) -> Duration:
    cursor = earlier
    results: dict[str, float] = {}
    lowest: str | None = None
    high: LuxonDate | None = None
    for unit, differ in _DIFFERS:
        if unit not in units:
            continue
        lowest = unit
        results[unit] = differ(cursor, later)
        high = earlier.plus(results)
        if high.ms > later.ms:
            results[unit] -= 1
            cursor = earlier.plus(results)
            if cursor.ms > later.ms:
                high = cursor
                results[unit] -= 1
                cursor = earlier.plus(results)
        else:
            cursor = high
    remaining = later.ms - cursor.ms
    lower = [u for u in units if u in ("hours", "minutes", "seconds", "milliseconds")]
    if not lower:
        if lowest is None:
            raise ValueError("Invalid unit undefined")
        assert high is not None
        if high.ms < later.ms:
            high = cursor.plus({lowest: 1})
        if high is not cursor:
            results[lowest] = results.get(lowest, 0) + remaining / (high.ms - cursor.ms)
        return Duration(results)
    return Duration({"milliseconds": remaining}).shift_to(lower).plus(Duration(results))
