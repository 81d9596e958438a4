"""When a Schedule Trigger fires: n8n's rule shapes, real elapsed time, wall clocks in a zone.

Unlike a `*/N` cron, "every N hours" here counts elapsed time from the anchor (the moment the
schedule started, or its last fire), so it does not reset at midnight. Days, weeks and months
are calendar steps at a wall-clock time in the flow's zone. Across DST changes, a wall time
that does not exist (spring forward) fires at the same instant one hour later on the
clock, and a wall time that happens twice (fall back) fires once, the first time.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from croniter import croniter

__all__ = ["MAX_REPLAYED", "Rule", "missed_since", "next_fire", "read_rules"]

MAX_REPLAYED = 100
"""The most missed fires of one rule a flow that opts in gets replayed (the latest ones)."""

_FIELDS = ("seconds", "minutes", "hours", "days", "weeks", "months", "cronExpression")
_DEFAULT_INTERVAL = {"seconds": 30, "minutes": 5, "hours": 1, "days": 1, "weeks": 1, "months": 1}


@dataclass(frozen=True)
class Rule:
    """One entry of a Schedule Trigger's `rule.interval`.

    Attributes:
        field: seconds, minutes, hours, days, weeks, months or cronExpression.
        every: N of "every N units" (1 or more).
        hour: triggerAtHour (days, weeks, months).
        minute: triggerAtMinute (hours, days, weeks, months).
        weekdays: triggerAtDay, 0 = Sunday (weeks).
        day_of_month: triggerAtDayOfMonth (months); months without that day are skipped.
        expression: the cron expression, 5 fields or 6 with seconds first (cronExpression).
    """

    field: str
    every: int = 1
    hour: int = 0
    minute: int = 0
    weekdays: tuple[int, ...] = (0,)
    day_of_month: int = 1
    expression: str = ""


def read_rules(parameters: Mapping[str, Any]) -> list[Rule]:
    """The rules of a Schedule Trigger's parameters (n8n's names and defaults).

    Raises:
        ValueError: An unknown field, an interval below 1, a time out of range, or a cron
            expression that does not parse; the message names the rule.
    """
    entries = ((parameters.get("rule") or {}).get("interval")) or [{}]
    rules = []
    for number, entry in enumerate(entries, start=1):
        field = entry.get("field", "days")
        if field not in _FIELDS:
            raise ValueError(f"rule {number}: unknown field {field!r}; one of {', '.join(_FIELDS)}")
        every = int(entry.get(f"{field}Interval", _DEFAULT_INTERVAL.get(field, 1)))
        rule = Rule(
            field=field,
            every=every,
            hour=int(entry.get("triggerAtHour", 0)),
            minute=int(entry.get("triggerAtMinute", 0)),
            weekdays=tuple(sorted({int(d) for d in entry.get("triggerAtDay", [0]) or [0]})),
            day_of_month=int(entry.get("triggerAtDayOfMonth", 1)),
            expression=str(entry.get("expression", "")).strip(),
        )
        _check(rule, number)
        rules.append(rule)
    return rules


def _check(rule: Rule, number: int) -> None:
    if rule.field == "cronExpression":
        if not croniter.is_valid(rule.expression, second_at_beginning=True):
            raise ValueError(f"rule {number}: {rule.expression!r} is not a cron expression")
        return
    if rule.every < 1:
        raise ValueError(f"rule {number}: the interval must be 1 or more")
    if not (0 <= rule.hour <= 23 and 0 <= rule.minute <= 59):
        raise ValueError(f"rule {number}: {rule.hour}:{rule.minute:02d} is not a time of day")
    if not all(0 <= d <= 6 for d in rule.weekdays):
        raise ValueError(f"rule {number}: week days are 0 (Sunday) to 6")
    if not 1 <= rule.day_of_month <= 31:
        raise ValueError(f"rule {number}: the day of the month is 1 to 31")


def next_fire(rule: Rule, after: datetime, anchor: datetime, zone: ZoneInfo) -> datetime:
    """The first fire strictly after `after` (aware), counting from `anchor`; in UTC."""
    after = after.astimezone(UTC)
    anchor = anchor.astimezone(UTC)
    if rule.field in ("seconds", "minutes"):
        step = timedelta(**{rule.field: rule.every})
        return _elapsed(anchor, step, after)
    if rule.field == "hours":
        first = anchor.replace(minute=rule.minute, second=0, microsecond=0)
        if first <= anchor:
            first += timedelta(hours=1)
        return first if first > after else _elapsed(first, timedelta(hours=rule.every), after)
    if rule.field == "cronExpression":
        fields = len(rule.expression.split())
        found = croniter(
            rule.expression, after.astimezone(zone), second_at_beginning=fields == 6
        ).get_next(datetime)
        return found.astimezone(UTC)
    return _calendar(rule, after, anchor, zone)


def missed_since(
    rule: Rule,
    last: datetime,
    anchor: datetime,
    zone: ZoneInfo,
    now: datetime,
    *,
    cap: int = MAX_REPLAYED,
) -> datetime:
    """Where a schedule that replays missed fires goes on from: `last` (its last fire)
    when at most `cap` fires were missed, else the instant before the latest `cap` of them.
    """
    kept: deque[datetime] = deque([last], maxlen=cap + 1)
    moment = next_fire(rule, last, anchor, zone)
    for _ in range(_MAX_STEPS):
        if moment > now:
            break
        kept.append(moment)
        moment = next_fire(rule, moment, anchor, zone)
    return kept[0]


_MAX_STEPS = 1_000_000
"""Fires counted when looking back (a week of a rule every second is 604,800)."""


def _elapsed(start: datetime, step: timedelta, after: datetime) -> datetime:
    """start + k·step, the first one after `after` (k ≥ 1 when start is not after it)."""
    if start > after:
        return start
    count = (after - start) // step + 1
    return start + count * step


def _wall(day: date, rule: Rule, zone: ZoneInfo) -> datetime:
    """The instant of `rule`'s wall time on `day` in `zone` (fold=0: see the module doc)."""
    local = datetime.combine(day, time(rule.hour, rule.minute), tzinfo=zone)
    return local.astimezone(UTC)


def _calendar(rule: Rule, after: datetime, anchor: datetime, zone: ZoneInfo) -> datetime:
    start = anchor.astimezone(zone).date()
    today = after.astimezone(zone).date()
    for day in _days(rule, start, today):
        instant = _wall(day, rule, zone)
        if instant > after and instant > anchor:
            return instant
    raise AssertionError("a calendar rule always has a next day")  # pragma: no cover


def _days(rule: Rule, start: date, today: date) -> Any:
    """Candidate days of the rule, in order, from a little before `today` on."""
    if rule.field == "days":
        skip = max(0, (today - start).days // rule.every - 1)
        k = skip
        while True:
            yield start + timedelta(days=k * rule.every)
            k += 1
    if rule.field == "weeks":
        week0 = start - timedelta(days=(start.weekday() + 1) % 7)  # that week's Sunday
        k = max(0, (today - week0).days // 7 // rule.every - 1)
        while True:
            sunday = week0 + timedelta(weeks=k * rule.every)
            for weekday in rule.weekdays:
                yield sunday + timedelta(days=weekday)
            k += 1
    if rule.field == "months":
        months0 = start.year * 12 + start.month - 1
        k = max(0, ((today.year * 12 + today.month - 1) - months0) // rule.every - 1)
        while True:
            year, month = divmod(months0 + k * rule.every, 12)
            with contextlib.suppress(ValueError):  # a month without that day is skipped
                yield date(year, month + 1, rule.day_of_month)
            k += 1
