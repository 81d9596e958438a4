"""moment.js as n8n's Date & Time node meets it: reading dates (ISO 8601, RFC 2822, a given
format) and writing them with moment's format tokens (English).

moment's last resort, JavaScript's `new Date(text)`, is not imitated: such text is refused.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from kflow.nodes.core.date_time_zones import (
    MONTHS,
    days_from_civil,
    days_in_month,
    fields_of,
    local_ms,
)

__all__ = ["Unreadable", "Wall", "format_moment", "parse_moment", "parse_with_format"]

DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


class Unreadable(ValueError):
    """Text that moment would hand to JavaScript's own date parser, which kflow does not copy."""


@dataclass(frozen=True)
class Wall:
    """What moment read: wall-clock epoch ms, and the offset written in the text (if any)."""

    local: int
    offset: int | None = None

    def instant(self, zone_offset: float = 0) -> int:
        """The instant: the written offset wins; otherwise the wall time at `zone_offset`."""
        used = self.offset if self.offset is not None else zone_offset
        return int(self.local - used * 60_000)


_EXTENDED = re.compile(
    r"\s*((?:[+-]\d{6}|\d{4})-(?:\d\d-\d\d|W\d\d-\d|W\d\d|\d\d\d|\d\d))"
    r"(?:(T| )(\d\d(?::\d\d(?::\d\d(?:[.,]\d+)?)?)?)([+-]\d\d(?::?\d\d)?|\s*Z)?)?"
)
_BASIC = re.compile(
    r"\s*((?:[+-]\d{6}|\d{4})(?:\d\d\d\d|W\d\d\d|W\d\d|\d\d\d|\d\d|))"
    r"(?:(T| )(\d\d(?:\d\d(?:\d\d(?:[.,]\d+)?)?)?)([+-]\d\d(?::?\d\d)?|\s*Z)?)?"
)
_DATES = [
    (r"([+-]\d{6})-(\d\d)-(\d\d)", "ymd"),
    (r"(\d{4})-(\d\d)-(\d\d)", "ymd"),
    (r"(\d{4})-W(\d\d)-(\d)", "wwe"),
    (r"(\d{4})-W(\d\d)", "ww"),
    (r"(\d{4})-(\d{3})", "ord"),
    (r"(\d{4})-(\d\d)", "ym"),
    (r"([+-]\d{6})(\d\d)(\d\d)", "ymd"),
    (r"(\d{4})(\d\d)(\d\d)", "ymd"),
    (r"(\d{4})W(\d\d)(\d)", "wwe"),
    (r"(\d{4})W(\d\d)", "ww"),
    (r"(\d{4})(\d{3})", "ord"),
    (r"(\d{4})(\d\d)", "ym"),
    (r"(\d{4})", "y"),
]
_ASPNET = re.compile(r"/?Date\((-?\d+)", re.IGNORECASE)
_RFC = re.compile(
    r"(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s)?(\d{1,2})\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"\s(\d{2,4})\s(\d\d):(\d\d)(?::(\d\d))?\s(?:(UT|GMT|[ECMP][SD]T)|([Zz])|([+-]\d{4}))"
)
_RFC_ZONES = {"UT": 0, "GMT": 0, "EDT": -240, "EST": -300, "CDT": -300, "CST": -360}
_RFC_ZONES.update(MDT=-360, MST=-420, PDT=-420, PST=-480)


def parse_moment(text: str) -> Wall | None:
    """`moment(text)` (or `moment.utc`, `moment.tz`): what it read, None when invalid.

    Raises:
        Unreadable: moment would fall back to JavaScript's `new Date(text)`.
    """
    aspnet = _ASPNET.match(text)
    if aspnet:
        return Wall(int(aspnet.group(1)), 0)
    for regex in (_EXTENDED, _BASIC):
        found = regex.fullmatch(text)
        if found:
            return _iso(found)
    rfc = _rfc(text)
    if rfc is not False:
        return rfc
    if not any(ch.isdigit() for ch in text):
        return None
    raise Unreadable(text)


def _iso(found: re.Match[str]) -> Wall | None:
    date_text, _, time_text, zone_text = found.groups()
    matched = [(re.fullmatch(p, date_text), k) for p, k in _DATES]
    parts, kind = next(((m, k) for m, k in matched if m), (None, ""))
    if parts is None:
        raise Unreadable(found.string)
    if time_text is not None and kind in ("ww", "ym", "y"):
        raise Unreadable(found.string)
    numbers = [int(p) for p in parts.groups()]
    if kind in ("ymd", "ym", "y"):
        year, month, day = ([*numbers, 1, 1])[:3]
        if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
            return None
        days = days_from_civil(year, month, day)
    elif kind == "ord":
        year, ordinal = numbers
        if not 1 <= ordinal <= (366 if days_in_month(year, 2) == 29 else 365):
            return None
        days = days_from_civil(year, 1, 1) + ordinal - 1
    else:
        year, week = numbers[0], numbers[1]
        weekday = numbers[2] if len(numbers) > 2 else 1
        if not 1 <= weekday <= 7 or not 1 <= week <= 53:
            return None
        jan4 = days_from_civil(year, 1, 4)
        monday = jan4 - (jan4 + 3) % 7
        days = monday + (week - 1) * 7 + weekday - 1
    hour = minute = second = ms = 0
    if time_text is not None:
        split = re.match(r"(\d\d)(\d\d)?(\d\d)?(?:[.,](\d+))?$", time_text.replace(":", ""))
        assert split is not None
        hour = int(split.group(1))
        minute = int(split.group(2) or 0)
        second = int(split.group(3) or 0)
        fraction = split.group(4)
        ms = int(float("0." + fraction) * 1000) if fraction else 0
        if hour == 24 and (minute or second or ms):
            return None
        if hour > 24 or minute > 59 or second > 59:
            return None
    offset = None
    if zone_text is not None:
        zone_text = zone_text.strip()
        if zone_text == "Z":
            offset = 0
        else:
            sign = -1 if zone_text[0] == "-" else 1
            digits = zone_text[1:].replace(":", "")
            offset = sign * (int(digits[:2]) * 60 + int(digits[2:4] or 0))
    return Wall(days * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms, offset)


def _rfc(text: str) -> Wall | bool | None:
    cleaned = re.sub(r"\([^()]*\)|[\n\t]", " ", text)
    cleaned = re.sub(r"(\s\s+)", " ", cleaned).strip()
    found = _RFC.fullmatch(cleaned)
    if found is None:
        return False
    weekday, day, month, year, hour, minute, second, named, zulu, numeric = found.groups()
    year_number = int(year)
    if len(year) <= 2:
        year_number += 2000 if year_number < 50 else 1900
    elif len(year) == 3:
        year_number += 1900
    month_number = [m[:3] for m in MONTHS].index(month) + 1
    if not 1 <= int(day) <= days_in_month(year_number, month_number):
        return None
    local = local_ms(year_number, month_number, int(day), int(hour), int(minute), int(second or 0))
    if (
        weekday
        and DAYS[(days_from_civil(year_number, month_number, int(day)) + 4) % 7][:3] != weekday
    ):
        return None
    if named:
        offset = _RFC_ZONES[named]
    elif zulu:
        offset = 0
    else:
        value = int(numeric[1:])
        offset = (value // 100 * 60 + value % 100) * (-1 if numeric[0] == "-" else 1)
    return Wall(local, offset)


# -- parsing with a format -------------------------------------------------------------

_FORMAT_TOKENS = re.compile(
    r"(\[[^\[]*\])|(\\)?([Hh]mm(ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?|w[o|w]?|W[o|W]?|Qo?"
    r"|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(ggg?)?|GG(GGG?)?|e|E|a|A|hh?|HH?|kk?|mm?|ss?"
    r"|S{1,9}|x|X|zz?|ZZ?|.)"
)
_LOOSE = {
    "YYYY": r"\d{1,4}",
    "YY": r"\d\d?",
    "Y": r"[+-]?\d+",
    "M": r"\d\d?",
    "MM": r"\d\d?",
    "D": r"\d\d?",
    "DD": r"\d\d?",
    "H": r"\d\d?",
    "HH": r"\d\d?",
    "h": r"\d\d?",
    "hh": r"\d\d?",
    "k": r"\d\d?",
    "kk": r"\d\d?",
    "m": r"\d\d?",
    "mm": r"\d\d?",
    "s": r"\d\d?",
    "ss": r"\d\d?",
    "S": r"\d{1,3}",
    "SS": r"\d{1,3}",
    "SSS": r"\d{1,3}",
    "a": r"[ap]\.?m?\.?",
    "A": r"[ap]\.?m?\.?",
    "Z": r"Z|[+-]\d\d(?::?\d\d)?",
    "ZZ": r"Z|[+-]\d\d(?::?\d\d)?",
    "X": r"[+-]?\d+(\.\d{1,3})?",
    "x": r"[+-]?\d+",
    "MMM": "|".join(MONTHS + [m[:3] for m in MONTHS]),
    "MMMM": "|".join(MONTHS + [m[:3] for m in MONTHS]),
}
_STRICT = {
    **_LOOSE,
    "YYYY": r"\d{4}",
    "YY": r"\d\d",
    "MM": r"\d\d",
    "DD": r"\d\d",
    "HH": r"\d\d",
    "hh": r"\d\d",
    "kk": r"\d\d",
    "mm": r"\d\d",
    "ss": r"\d\d",
    "S": r"\d",
    "SS": r"\d\d",
    "SSS": r"\d{3}",
    "MMM": "|".join(m[:3] for m in MONTHS),
    "MMMM": "|".join(MONTHS),
}


def format_tokens(fmt: str) -> list[str]:
    return [m.group(0) for m in _FORMAT_TOKENS.finditer(fmt)]


def parse_with_format(
    text: str, fmt: str, *, strict: bool, today: tuple[int, int, int]
) -> Wall | None:
    """`moment(text, fmt[, true])` for common tokens; None when moment finds it invalid.

    Raises:
        Unreadable: a token kflow does not parse (the message names it).
    """
    table = _STRICT if strict else _LOOSE
    rest = text
    used = 0
    parsed: dict[str, str] = {}
    unused_tokens = False
    for token in format_tokens(fmt):
        is_token = not token.startswith(("[", "\\")) and (token.isalpha())
        if is_token and token not in table:
            raise Unreadable(f"the token {token!r}")
        regex = table[token] if is_token else re.escape(token.strip("[]").replace("\\", ""))
        found = re.search(
            regex, rest, 0 if is_token and token not in ("a", "A", "MMM", "MMMM") else re.I
        )
        piece = found.group(0) if found else ""
        if piece:
            rest = rest[found.start() + len(piece) :]  # type: ignore[union-attr]
            used += len(piece)
        if is_token:
            if piece:
                parsed[token] = piece
            else:
                unused_tokens = True
        elif strict and not piece:
            unused_tokens = True
    if not parsed:
        return None
    if strict and (unused_tokens or used != len(text)):
        return None
    return _wall(parsed, today, strict)


def _wall(parsed: dict[str, str], today: tuple[int, int, int], strict: bool) -> Wall | None:
    if "X" in parsed:
        return Wall(int(float(parsed["X"]) * 1000), 0)
    if "x" in parsed:
        return Wall(int(parsed["x"]), 0)
    values: dict[str, int | None] = dict.fromkeys(
        ("year", "month", "day", "hour", "minute", "second", "ms")
    )
    for token, piece in parsed.items():
        if token in ("YYYY", "Y"):
            values["year"] = int(piece)
        elif token == "YY":
            values["year"] = int(piece) + (1900 if int(piece) > 68 else 2000)
        elif token in ("M", "MM"):
            values["month"] = int(piece)
        elif token in ("MMM", "MMMM"):
            values["month"] = next(
                i + 1 for i, m in enumerate(MONTHS) if m.lower().startswith(piece.lower()[:3])
            )
        elif token in ("D", "DD"):
            values["day"] = int(piece)
        elif token in ("H", "HH", "h", "hh", "k", "kk"):
            values["hour"] = int(piece)
        elif token in ("m", "mm"):
            values["minute"] = int(piece)
        elif token in ("s", "ss"):
            values["second"] = int(piece)
        elif token.startswith("S"):
            values["ms"] = int(float("0." + piece) * 1000)
    hour = values["hour"]
    if hour is not None and ("h" in parsed or "hh" in parsed) and hour > 12 and strict:
        return None
    meridiem = parsed.get("a") or parsed.get("A")
    if meridiem is not None and hour is not None:
        pm = meridiem.lower().startswith("p")
        if pm and hour < 12:
            values["hour"] = hour + 12
        if not pm and hour == 12:
            values["hour"] = 0
    if "k" in parsed or "kk" in parsed:
        values["hour"] = 0 if values["hour"] == 24 else values["hour"]
    defaults = list(today)
    ordered = ["year", "month", "day"]
    index = 0
    while index < 3 and values[ordered[index]] is None:
        values[ordered[index]] = defaults[index]
        index += 1
    year = int(values["year"] or 0)
    month = int(values["month"] or 1)
    day = int(values["day"] if values["day"] is not None else 1)
    hour = int(values["hour"] or 0)
    minute, second, ms = (int(values[k] or 0) for k in ("minute", "second", "ms"))
    if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
        return None
    if hour > 24 or (hour == 24 and (minute or second or ms)) or minute > 59 or second > 59:
        return None
    offset = None
    zone = parsed.get("Z") or parsed.get("ZZ")
    if zone is not None:
        if zone.upper() == "Z":
            offset = 0
        else:
            digits = zone[1:].replace(":", "")
            offset = (int(digits[:2]) * 60 + int(digits[2:4] or 0)) * (-1 if zone[0] == "-" else 1)
    return Wall(local_ms(year, month, day, hour, minute, second, ms), offset)


# -- formatting -------------------------------------------------------------------------

_LOCALIZED = {
    "LTS": "h:mm:ss A",
    "LT": "h:mm A",
    "L": "MM/DD/YYYY",
    "LL": "MMMM D, YYYY",
    "LLL": "MMMM D, YYYY h:mm A",
    "LLLL": "dddd, MMMM D, YYYY h:mm A",
    "l": "M/D/YYYY",
    "ll": "MMM D, YYYY",
    "lll": "MMM D, YYYY h:mm A",
    "llll": "ddd, MMM D, YYYY h:mm A",
}
_LOCALIZED_TOKENS = re.compile(r"(\[[^\[]*\])|(\\)?(LTS|LT|LL?L?L?|l{1,4})")
REFUSED = {
    "w",
    "wo",
    "ww",
    "e",
    "gg",
    "gggg",
    "ggggg",
    "N",
    "NN",
    "NNN",
    "NNNN",
    "NNNNN",
    "y",
    "yo",
    "yy",
    "yyy",
    "yyyy",
}


def _zero_fill(number: int, width: int, force_sign: bool = False) -> str:
    digits = str(abs(number))
    sign = ("+" if force_sign else "") if number >= 0 else "-"
    return sign + "0" * max(0, width - len(digits)) + digits


def _ordinal(number: int) -> str:
    last = number % 10
    if (number % 100) // 10 == 1:
        return f"{number}th"
    return f"{number}" + {1: "st", 2: "nd", 3: "rd"}.get(last, "th")


def _offset(minutes: float, colon: bool) -> str:
    sign = "+" if minutes >= 0 else "-"
    whole = int(abs(minutes))
    return f"{sign}{whole // 60:02d}{':' if colon else ''}{whole % 60:02d}"


def format_moment(ms: int, offset: float, fmt: str, *, abbreviation: str, utc: bool) -> str:
    """`m.format(fmt)` for a moment at epoch `ms` shown at `offset` minutes.

    `abbreviation` is what `z` writes; `utc` whether moment deems it UTC (an empty format
    then ends in `Z`).

    Raises:
        Unreadable: a token kflow does not write (the message names it).
    """
    if not fmt:
        fmt = "YYYY-MM-DDTHH:mm:ss[Z]" if utc else "YYYY-MM-DDTHH:mm:ssZ"
    for _ in range(5):
        expanded = _LOCALIZED_TOKENS.sub(
            lambda m: m.group(0) if m.group(1) or m.group(2) else _LOCALIZED[m.group(3)], fmt
        )
        if expanded == fmt:
            break
        fmt = expanded
    c = fields_of(ms, offset)
    week_day = c.weekday % 7
    week_year, week = c.iso_week()
    hour12 = c.hour % 12 or 12
    values = {
        "M": str(c.month), "Mo": _ordinal(c.month), "MM": f"{c.month:02d}",
        "MMM": MONTHS[c.month - 1][:3], "MMMM": MONTHS[c.month - 1],
        "Q": str(math.ceil(c.month / 3)), "Qo": _ordinal(math.ceil(c.month / 3)),
        "D": str(c.day), "Do": _ordinal(c.day), "DD": f"{c.day:02d}",
        "DDD": str(c.ordinal), "DDDo": _ordinal(c.ordinal), "DDDD": f"{c.ordinal:03d}",
        "d": str(week_day), "do": _ordinal(week_day), "dd": DAYS[week_day][:2],
        "ddd": DAYS[week_day][:3], "dddd": DAYS[week_day], "E": str(c.weekday),
        "W": str(week), "Wo": _ordinal(week), "WW": f"{week:02d}",
        "GG": _zero_fill(week_year % 100, 2), "GGGG": _zero_fill(week_year, 4),
        "GGGGG": _zero_fill(week_year, 5),
        "Y": _zero_fill(c.year, 4) if c.year <= 9999 else f"+{c.year}",
        "YY": _zero_fill(int(math.fmod(c.year, 100)), 2), "YYYY": _zero_fill(c.year, 4),
        "YYYYY": _zero_fill(c.year, 5), "YYYYYY": _zero_fill(c.year, 6, True),
        "a": "am" if c.hour < 12 else "pm", "A": "AM" if c.hour < 12 else "PM",
        "H": str(c.hour), "HH": f"{c.hour:02d}", "h": str(hour12), "hh": f"{hour12:02d}",
        "k": str(c.hour or 24), "kk": f"{c.hour or 24:02d}",
        "hmm": f"{hour12}{c.minute:02d}", "hmmss": f"{hour12}{c.minute:02d}{c.second:02d}",
        "Hmm": f"{c.hour}{c.minute:02d}", "Hmmss": f"{c.hour}{c.minute:02d}{c.second:02d}",
        "m": str(c.minute), "mm": f"{c.minute:02d}", "s": str(c.second), "ss": f"{c.second:02d}",
        "Z": _offset(offset, True), "ZZ": _offset(offset, False),
        "z": abbreviation, "zz": abbreviation,
        "X": str(math.floor(ms / 1000)), "x": str(ms),
    }  # fmt: skip
    out = []
    for found in _FORMAT_TOKENS.finditer(fmt):
        token = found.group(0)
        if found.group(1):
            out.append(token[1:-1])
        elif found.group(2):
            out.append(token[1:])
        elif token in values:
            out.append(values[token])
        elif re.fullmatch(r"S{1,9}", token):
            out.append(
                str(
                    c.millisecond * 10 ** (len(token) - 3)
                    if len(token) >= 3
                    else c.millisecond // 10 ** (3 - len(token))
                ).rjust(len(token), "0")
            )
        elif token in REFUSED:
            raise Unreadable(f"the format token {token!r}")
        else:
            out.append(token)
    return "".join(out)
