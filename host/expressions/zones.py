"""UTC-offset tables of IANA time zones, from Python's zoneinfo, for the JavaScript side.

QuickJS has no time-zone database. Luxon asks for a zone's offset at an instant; the engine
answers from a table of (epoch ms from which it holds, offset in minutes), 1900–2100.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["zone_table"]

_START = int(datetime(1900, 1, 1, tzinfo=UTC).timestamp())
_END = int(datetime(2100, 1, 1, tzinfo=UTC).timestamp())
_STEP = 7 * 86400
_FIXED = {"UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z"}


@lru_cache(maxsize=64)
def zone_table(name: str) -> list[list[int]] | None:
    """[[from epoch ms, offset minutes], …] for the zone, or None when there is no such zone."""
    if name.upper() in _FIXED:
        return [[_START * 1000, 0]]
    if not name or name.startswith(("/", ".")) or ".." in name:
        return None
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None

    def offset(second: int) -> int:
        delta = datetime.fromtimestamp(second, zone).utcoffset()
        return int(delta.total_seconds() // 60) if delta is not None else 0

    table = [[_START * 1000, offset(_START)]]
    previous = table[0][1]
    second = _START
    while second < _END:
        following = second + _STEP
        current = offset(following)
        if current != previous:
            low, high = second, following
            while high - low > 1:
                middle = (low + high) // 2
                if offset(middle) == previous:
                    low = middle
                else:
                    high = middle
            table.append([high * 1000, current])
            previous = current
        second = following
    return table
