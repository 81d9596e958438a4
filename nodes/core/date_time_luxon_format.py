"""Luxon's `toFormat` and `fromFormat` tokens (English), as n8n's Date & Time 2 uses them.

Tokens that Luxon renders through Intl (macros such as `D` or `t`, zone names `ZZZZ`, locale
weeks `n`) are refused rather than guessed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from kflow.nodes.core.date_time_luxon import INVALID, LuxonDate, offset_text
from kflow.nodes.core.date_time_zones import MONTHS, FixedZone, Zone, days_in_month, local_ms

__all__ = ["UnsupportedToken", "from_format", "split_format", "to_format"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
REFUSED = {
    "D", "DD", "DDD", "DDDD", "t", "tt", "ttt", "tttt", "T", "TT", "TTT", "TTTT",
    "f", "ff", "fff", "ffff", "F", "FF", "FFF", "FFFF", "ZZZZ", "ZZZZZ",
    "n", "nn", "ii", "iiii",
}  # fmt: skip


class UnsupportedToken(ValueError):
    """A Luxon token kflow does not render (Luxon would ask Intl)."""


def split_format(fmt: str) -> list[tuple[bool, str]]:
    """Luxon's Formatter.parseFormat: (is literal, text) runs; quotes make literals."""
    parts: list[tuple[bool, str]] = []
    current: str | None = None
    run = ""
    bracketed = False
    for char in fmt:
        if char == "'":
            if run or bracketed:
                parts.append((bracketed or run.isspace(), run or "'"))
            current, run = None, ""
            bracketed = not bracketed
        elif bracketed or char == current:
            run += char
        else:
            if run:
                parts.append((run.isspace(), run))
            run = current = char
    if run:
        parts.append((bracketed or run.isspace(), run))
    return parts


def _pad(value: int | str, width: int = 1) -> str:
    number = int(value)
    digits = str(abs(number)).rjust(width, "0")
    return "-" + digits if number < 0 else digits


def _token(dt: LuxonDate, token: str) -> str:
    c = dt.c
    hour12 = 12 if c.hour % 12 == 0 else c.hour % 12
    week_year, week = c.iso_week()
    simple: dict[str, Callable[[], str]] = {
        "S": lambda: _pad(c.millisecond),
        "u": lambda: _pad(c.millisecond, 3),
        "SSS": lambda: _pad(c.millisecond, 3),
        "s": lambda: _pad(c.second),
        "ss": lambda: _pad(c.second, 2),
        "uu": lambda: _pad(c.millisecond // 10, 2),
        "uuu": lambda: _pad(c.millisecond // 100),
        "m": lambda: _pad(c.minute),
        "mm": lambda: _pad(c.minute, 2),
        "h": lambda: _pad(hour12),
        "hh": lambda: _pad(hour12, 2),
        "H": lambda: _pad(c.hour),
        "HH": lambda: _pad(c.hour, 2),
        "Z": lambda: offset_text(dt.offset, style="narrow"),
        "ZZ": lambda: offset_text(dt.offset),
        "ZZZ": lambda: offset_text(dt.offset, style="techie"),
        "z": lambda: dt.zone.name,
        "a": lambda: "AM" if c.hour < 12 else "PM",
        "d": lambda: _pad(c.day),
        "dd": lambda: _pad(c.day, 2),
        "c": lambda: _pad(c.weekday),
        "E": lambda: _pad(c.weekday),
        "ccc": lambda: WEEKDAYS[c.weekday - 1][:3],
        "EEE": lambda: WEEKDAYS[c.weekday - 1][:3],
        "cccc": lambda: WEEKDAYS[c.weekday - 1],
        "EEEE": lambda: WEEKDAYS[c.weekday - 1],
        "ccccc": lambda: WEEKDAYS[c.weekday - 1][0],
        "EEEEE": lambda: WEEKDAYS[c.weekday - 1][0],
        "L": lambda: _pad(c.month),
        "M": lambda: _pad(c.month),
        "LL": lambda: _pad(c.month, 2),
        "MM": lambda: _pad(c.month, 2),
        "LLL": lambda: MONTHS[c.month - 1][:3],
        "MMM": lambda: MONTHS[c.month - 1][:3],
        "LLLL": lambda: MONTHS[c.month - 1],
        "MMMM": lambda: MONTHS[c.month - 1],
        "LLLLL": lambda: MONTHS[c.month - 1][0],
        "MMMMM": lambda: MONTHS[c.month - 1][0],
        "y": lambda: _pad(c.year),
        "yy": lambda: _pad(str(c.year)[-2:], 2),
        "yyyy": lambda: _pad(c.year, 4),
        "yyyyyy": lambda: _pad(c.year, 6),
        "G": lambda: "AD" if c.year > 0 else "BC",
        "GG": lambda: "Anno Domini" if c.year > 0 else "Before Christ",
        "GGGGG": lambda: "A" if c.year > 0 else "B",
        "kk": lambda: _pad(str(week_year)[-2:], 2),
        "kkkk": lambda: _pad(week_year, 4),
        "W": lambda: _pad(week),
        "WW": lambda: _pad(week, 2),
        "o": lambda: _pad(c.ordinal),
        "ooo": lambda: _pad(c.ordinal, 3),
        "q": lambda: _pad(math.ceil(c.month / 3)),
        "qq": lambda: _pad(math.ceil(c.month / 3), 2),
        "X": lambda: _pad(math.floor(dt.ms / 1000)),
        "x": lambda: _pad(int(dt.ms)),
    }
    if token in simple:
        return simple[token]()
    if token in REFUSED:
        raise UnsupportedToken(token)
    return token


def to_format(dt: LuxonDate, fmt: str) -> str:
    """`dt.toFormat(fmt)`.

    Raises:
        UnsupportedToken: A token Luxon renders through Intl.
    """
    parts = split_format(fmt)
    for literal, text in parts:
        if not literal and text in REFUSED:
            raise UnsupportedToken(text)
    if not dt.valid:
        return INVALID
    return "".join(text if literal else _token(dt, text) for literal, text in parts)


_PARSED: dict[str, tuple[str, str]] = {
    "yyyy": (r"\d{4}", "year"),
    "yy": (r"\d{2,4}", "yy"),
    "y": (r"\d{1,6}", "year"),
    "MM": (r"\d{2}", "month"),
    "M": (r"\d{1,2}", "month"),
    "LL": (r"\d{2}", "month"),
    "L": (r"\d{1,2}", "month"),
    "dd": (r"\d{2}", "day"),
    "d": (r"\d{1,2}", "day"),
    "HH": (r"\d{2}", "hour"),
    "H": (r"\d{1,2}", "hour"),
    "hh": (r"\d{2}", "hour12"),
    "h": (r"\d{1,2}", "hour12"),
    "mm": (r"\d{2}", "minute"),
    "m": (r"\d{1,2}", "minute"),
    "ss": (r"\d{2}", "second"),
    "s": (r"\d{1,2}", "second"),
    "SSS": (r"\d{3}", "millisecond"),
    "S": (r"\d{1,3}", "millisecond"),
    "MMMM": ("|".join(MONTHS), "monthName"),
    "MMM": ("|".join(m[:3] for m in MONTHS), "monthName"),
    "a": ("AM|PM", "meridiem"),
    "ZZ": (r"[+-]\d{1,2}(?::\d{2})?", "offset"),
    "Z": (r"[+-]\d{1,2}(?::\d{2})?", "offset"),
}


def from_format(text: str, fmt: str, zone: Zone) -> LuxonDate:
    """`DateTime.fromFormat(text, fmt)` in `zone` (the default zone), for common tokens.

    Raises:
        UnsupportedToken: A token kflow does not parse.
    """
    pattern = ""
    names: list[str] = []
    for literal, part in split_format(fmt):
        if literal or not any(ch.isalpha() for ch in part):
            pattern += r"[^\S\n\r]" * len(part) if part.isspace() else re.escape(part)
            continue
        if part not in _PARSED:
            raise UnsupportedToken(part)
        regex, name = _PARSED[part]
        pattern += f"({regex})"
        names.append(name)
    found = re.fullmatch(pattern, text, re.IGNORECASE)
    if found is None:
        return LuxonDate.failed("unparsable", zone)
    values: dict[str, str] = dict(zip(names, found.groups(), strict=False))
    return _from_values(values, zone)


def _from_values(values: dict[str, str], zone: Zone) -> LuxonDate:
    fields: dict[str, int] = {}
    for name in ("year", "month", "day", "hour", "minute", "second", "millisecond"):
        if name in values:
            fields[name] = int(values[name])
    if "yy" in values:
        year = int(values["yy"])
        fields["year"] = (
            year if len(values["yy"]) > 2 else (1900 + year if year > 60 else 2000 + year)
        )
    if "monthName" in values:
        lowered = values["monthName"].lower()
        fields["month"] = next(i + 1 for i, m in enumerate(MONTHS) if m.lower().startswith(lowered))
    if "hour12" in values:
        hour = int(values["hour12"])
        fields["hour"] = hour
        if "meridiem" in values:
            pm = values["meridiem"].lower() == "pm"
            fields["hour"] = (hour % 12) + 12 if pm else (0 if hour == 12 else hour)
    elif "meridiem" in values and "hour" in fields:
        pm = values["meridiem"].lower() == "pm"
        hour = fields["hour"]
        if pm and hour < 12:
            fields["hour"] = hour + 12
        elif not pm and hour == 12:
            fields["hour"] = 0
    if "offset" in values:
        sign = -1 if values["offset"][0] == "-" else 1
        hours, _, minutes = values["offset"][1:].partition(":")
        zone = FixedZone(sign * (int(hours) * 60 + int(minutes or 0)))
    if not fields:
        return LuxonDate.failed("unparsable", zone)
    return _build(fields, zone)


def _build(fields: dict[str, int], zone: Zone) -> LuxonDate:
    """DateTime.fromObject: missing larger units from today are refused, smaller default."""
    if "year" not in fields:
        raise UnsupportedToken("a format without the year (Luxon takes it from today)")
    full = {"month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "millisecond": 0, **fields}
    limits = {"month": (1, 12), "hour": (0, 23), "minute": (0, 59), "second": (0, 59)}
    limits["millisecond"] = (0, 999)
    limits["day"] = (
        1,
        days_in_month(full["year"], full["month"]) if 1 <= full["month"] <= 12 else 31,
    )
    for name, (low, high) in limits.items():
        if not low <= full[name] <= high:
            return LuxonDate.failed("unit out of range", zone)
    local = local_ms(
        full["year"], full["month"], full["day"], full["hour"], full["minute"], full["second"],
        full["millisecond"],
    )  # fmt: skip
    return LuxonDate.from_fields(full, zone.offset(local), zone)
