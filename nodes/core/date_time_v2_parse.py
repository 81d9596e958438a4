"""How Date & Time 2 reads a date value (n8n's parseDate): timestamps, ISO text, a format."""

from __future__ import annotations

from typing import Any

from kflow.nodes.core.date_time_luxon import LuxonDate
from kflow.nodes.core.date_time_luxon_format import from_format
from kflow.nodes.core.date_time_moment import parse_moment
from kflow.nodes.core.date_time_zones import FixedZone, Zone, luxon_zone
from kflow.nodes.core.js_values import is_integer, js_number, number_text

__all__ = ["DateError", "parse_date"]

UTC = FixedZone(0)


class DateError(ValueError):
    """A date value n8n rejects; the message is n8n's."""


def parse_date(
    value: Any, *, timezone: str | None, fmt: str | None, default_zone: Zone
) -> LuxonDate:
    """The date a value means, in `timezone` (or the offset written in it, or Etc/UTC).

    Raises:
        DateError: n8n's "Invalid date format", or the JavaScript error n8n meets.
        Unreadable, UnsupportedToken: text or a token kflow does not read as n8n would.
    """
    date: Any = value
    number = js_number(value)
    if number == number and not fmt and not isinstance(value, (dict, list)):
        date = number * 1000 if not is_integer(number) else number
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        date = float(value)
    if isinstance(date, float) and is_integer(date):
        if len(number_text(date)) < 12:
            parsed = LuxonDate(date * 1000, default_zone)
        else:
            parsed = LuxonDate(date, default_zone)
    else:
        if not isinstance(date, str):
            raise DateError(_type_error(date))
        zone_name = timezone
        if not zone_name and "+" in date:
            zone_name = "Etc/GMT-" + number_text(js_number(date.split("+")[1][:2]))
        if fmt:
            parsed = from_format(date, fmt, default_zone)
        else:
            wall = parse_moment(date)
            parsed = (
                LuxonDate.failed("unparsable", UTC)
                if wall is None
                else LuxonDate(wall.instant(), UTC)
            )
        timezone = zone_name
    zone_name = timezone or "Etc/UTC"
    parsed = parsed.set_zone(luxon_zone(zone_name))
    if parsed.invalid == "unparsable":
        raise DateError("Invalid date format")
    return parsed


def _type_error(value: Any) -> str:
    if value is None:
        return "Cannot read properties of null (reading 'includes')"
    return "date.includes is not a function"
