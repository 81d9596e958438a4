"""Schedule Trigger rules on a fake clock: elapsed intervals, calendar steps, DST days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kflow.host.serve.schedule import Rule, missed_since, next_fire, read_rules
from kflow.host.triggers import fire_item

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def fires(rule: Rule, anchor: datetime, zone: ZoneInfo, count: int) -> list[datetime]:
    found, now = [], anchor
    for _ in range(count):
        now = next_fire(rule, now, anchor, zone)
        found.append(now)
    return found


def local(moments: list[datetime], zone: ZoneInfo) -> list[str]:
    return [m.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S %Z") for m in moments]


def test_every_5_hours_is_elapsed_time_not_a_midnight_reset() -> None:
    anchor = datetime(2026, 11, 1, 21, 10, tzinfo=UTC)
    rule = Rule("hours", every=5, minute=0)
    assert [m.strftime("%d %H:%M") for m in fires(rule, anchor, BERLIN, 4)] == [
        "01 22:00",
        "02 03:00",
        "02 08:00",
        "02 13:00",
    ]


def test_seconds_and_minutes() -> None:
    anchor = datetime(2026, 11, 1, 0, 0, 7, tzinfo=UTC)
    assert fires(Rule("seconds", every=30), anchor, BERLIN, 2) == [
        anchor + timedelta(seconds=30),
        anchor + timedelta(seconds=60),
    ]
    late = anchor + timedelta(minutes=17)
    assert next_fire(Rule("minutes", every=5), late, anchor, BERLIN) == anchor + timedelta(
        minutes=20
    )


def test_daily_at_a_wall_time_across_spring_forward() -> None:
    anchor = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
    rule = Rule("days", every=1, hour=2, minute=30)
    assert local(fires(rule, anchor, BERLIN, 3), BERLIN) == [
        "2026-03-28 02:30:00 CET",
        "2026-03-29 03:30:00 CEST",  # 02:30 does not exist that night
        "2026-03-30 02:30:00 CEST",
    ]


def test_daily_across_fall_back_fires_once() -> None:
    anchor = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    rule = Rule("days", every=1, hour=2, minute=30)
    moments = fires(rule, anchor, BERLIN, 3)
    assert local(moments, BERLIN) == [
        "2026-10-25 02:30:00 CEST",  # 02:30 happens twice; the first one fires
        "2026-10-26 02:30:00 CET",
        "2026-10-27 02:30:00 CET",
    ]
    assert moments[1] - moments[0] == timedelta(hours=25)


def test_every_other_day_counts_from_the_anchor_across_months() -> None:
    anchor = datetime(2026, 1, 30, 10, 0, tzinfo=UTC)
    rule = Rule("days", every=2, hour=9)
    assert [m.strftime("%m-%d") for m in fires(rule, anchor, BERLIN, 3)] == [
        "02-01",
        "02-03",
        "02-05",
    ]


def test_weeks_on_given_days() -> None:
    anchor = datetime(2026, 11, 4, 12, 0, tzinfo=NEW_YORK)  # a Wednesday
    rule = Rule("weeks", every=2, weekdays=(1, 5), hour=8)  # Monday and Friday
    assert [
        m.astimezone(NEW_YORK).strftime("%a %m-%d %H:%M") for m in fires(rule, anchor, NEW_YORK, 3)
    ] == [
        "Fri 11-06 08:00",
        "Mon 11-16 08:00",
        "Fri 11-20 08:00",
    ]


def test_months_skip_months_without_the_day() -> None:
    anchor = datetime(2026, 1, 1, tzinfo=UTC)
    rule = Rule("months", every=1, day_of_month=31, hour=6)
    assert [m.strftime("%m-%d") for m in fires(rule, anchor, BERLIN, 3)] == [
        "01-31",
        "03-31",
        "05-31",
    ]


def test_cron_with_seconds_in_the_zone() -> None:
    anchor = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    rule = Rule("cronExpression", expression="0 0 9 * * *")
    assert local(fires(rule, anchor, BERLIN, 2), BERLIN) == [
        "2026-03-29 09:00:00 CEST",
        "2026-03-30 09:00:00 CEST",
    ]


def test_read_rules_takes_n8n_shapes_and_refuses_bad_ones() -> None:
    rules = read_rules(
        {
            "rule": {
                "interval": [
                    {"field": "hours", "hoursInterval": 3, "triggerAtMinute": 15},
                    {"field": "weeks", "triggerAtDay": [5, 1], "triggerAtHour": 8},
                    {"field": "cronExpression", "expression": "*/10 * * * *"},
                    {},
                ]
            }
        }
    )
    assert rules[0] == Rule("hours", every=3, minute=15)
    assert rules[1].weekdays == (1, 5) and rules[1].hour == 8
    assert rules[3] == Rule("days")
    for bad, message in [
        ({"field": "years"}, "unknown field"),
        ({"field": "minutes", "minutesInterval": 0}, "1 or more"),
        ({"field": "days", "triggerAtHour": 24}, "time of day"),
        ({"field": "cronExpression", "expression": "every day"}, "not a cron"),
    ]:
        with pytest.raises(ValueError, match=message):
            read_rules({"rule": {"interval": [bad]}})


def test_the_fire_item_has_n8ns_fields_and_formats() -> None:
    """Formats as n8n 2.41.1 writes them (tests/n8n_package/test_triggers_in_n8n.py)."""
    instant = datetime(2026, 3, 22, 13, 5, 6, 7000, tzinfo=UTC)
    assert fire_item(instant, ZoneInfo("Europe/Berlin")) == {
        "timestamp": "2026-03-22T14:05:06.007+01:00",
        "Readable date": "March 22nd 2026, 2:05:06 pm",
        "Readable time": "2:05:06 pm",
        "Day of week": "Sunday",
        "Year": "2026",
        "Month": "March",
        "Day of month": "22",
        "Hour": "14",
        "Minute": "05",
        "Second": "06",
        "Timezone": "Europe/Berlin (UTC+01:00)",
    }
    days = [
        fire_item(instant.replace(day=d), ZoneInfo("UTC"))["Readable date"] for d in (1, 11, 13, 23)
    ]
    assert [d.split(" ")[1] for d in days] == ["1st", "11th", "13th", "23rd"]


def test_missed_fires_are_counted_back_to_a_cap() -> None:
    every_minute = Rule("minutes", 1)
    last = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    now = last + timedelta(minutes=10, seconds=30)
    utc = ZoneInfo("UTC")
    assert missed_since(every_minute, last, last, utc, now) == last, "all ten are replayed"
    assert missed_since(every_minute, last, last, utc, now, cap=3) == last + timedelta(minutes=7)
    assert missed_since(every_minute, last, last, utc, last + timedelta(seconds=59)) == last
