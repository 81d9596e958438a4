"""scheduleTrigger: starts a flow on a schedule (n8n's Schedule Trigger 1 to 1.4), under
`kflow serve`.

Every version outputs the same fire item. From 1.3 on, an interval out of n8n's ranges
(seconds and minutes 1-59, hours 1-23, days 1-31, months 1 or more) is an error. 1.4 adds
what to do with fires missed while the server was down: skip them (kflow serve's way), or
run the latest ones (refused by name: kflow serve replays missed fires only through the
flow's `replayMissedFires` setting).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kflow.host import Item, NodeOperationError, NodeRun, NodeTraits, fire_item
from kflow.nodes.core.base import describe

__all__ = ["ScheduleTriggerNode"]

_UNITS = ("seconds", "minutes", "hours", "days", "weeks", "months")
_FROM_1_4 = {"_cnd": {"gte": 1.4}}


def _hour(hour: int) -> str:
    """Midnight, 1am … 11am, Noon, 1pm … 11pm (n8n's names)."""
    if hour in (0, 12):
        return "Midnight" if hour == 0 else "Noon"
    return f"{hour % 12}{'am' if hour < 12 else 'pm'}"


def _interval(unit: str, default: int) -> dict[str, Any]:
    return {
        "displayName": f"{unit.capitalize()} Between Triggers",
        "name": f"{unit}Interval",
        "type": "number",
        "default": default,
        "typeOptions": {"minValue": 1},
        "displayOptions": {"show": {"field": [unit]}},
    }


_RULE_VALUES: list[dict[str, Any]] = [
    {
        "displayName": "Trigger Interval",
        "name": "field",
        "type": "options",
        "default": "days",
        "options": [
            *({"name": u.capitalize(), "value": u} for u in _UNITS),
            {"name": "Custom (Cron)", "value": "cronExpression"},
        ],
    },
    *(_interval(u, d) for u, d in zip(_UNITS, (30, 5, 1, 1, 1, 1), strict=True)),
    {
        "displayName": "Trigger at Day of Month",
        "name": "triggerAtDayOfMonth",
        "type": "number",
        "default": 1,
        "typeOptions": {"minValue": 1, "maxValue": 31},
        "displayOptions": {"show": {"field": ["months"]}},
    },
    {
        "displayName": "Trigger on Weekdays",
        "name": "triggerAtDay",
        "type": "multiOptions",
        "default": [0],
        "options": [
            {"name": day, "value": i}
            for i, day in enumerate(
                ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
            )
        ],
        "displayOptions": {"show": {"field": ["weeks"]}},
    },
    {
        "displayName": "Trigger at Hour",
        "name": "triggerAtHour",
        "type": "options",
        "default": 0,
        "description": "The hour of the day to fire at",
        "options": [{"name": _hour(h), "value": h} for h in range(24)],
        "displayOptions": {"show": {"field": ["days", "weeks", "months"]}},
    },
    {
        "displayName": "Trigger at Minute",
        "name": "triggerAtMinute",
        "type": "number",
        "default": 0,
        "typeOptions": {"minValue": 0, "maxValue": 59},
        "displayOptions": {"show": {"field": ["hours", "days", "weeks", "months"]}},
    },
    {
        "displayName": "Help with cron expressions: crontab.guru",
        "name": "notice",
        "type": "notice",
        "default": "",
        "displayOptions": {"show": {"field": ["cronExpression"]}},
    },
    {
        "displayName": "Expression",
        "name": "expression",
        "type": "string",
        "default": "",
        "placeholder": "0 15 * * 1-5",
        "description": "Cron: 5 fields, or 6 with seconds first; in the flow's time zone",
        "displayOptions": {"show": {"field": ["cronExpression"]}},
    },
]


class ScheduleTriggerNode:
    """Outputs one item per fire. `kflow serve` fires it; `kflow run` fires it once, now."""

    traits = NodeTraits(
        n8n_types=("n8n-nodes-base.scheduleTrigger",), takes_run_input=True, trigger="schedule"
    )
    description = describe(
        "scheduleTrigger",
        "Schedule Trigger",
        "Starts the flow at set times (under kflow serve)",
        [
            {
                "displayName": "The flow runs on this schedule once served (kflow serve)",
                "name": "notice",
                "type": "notice",
                "default": "",
            },
            {
                "displayName": "Trigger Rules",
                "name": "rule",
                "type": "fixedCollection",
                "default": {"interval": [{"field": "days"}]},
                "typeOptions": {"multipleValues": True},
                "placeholder": "Add Rule",
                "options": [
                    {"name": "interval", "displayName": "Trigger Interval", "values": _RULE_VALUES}
                ],
            },
            {
                "displayName": "If Execution Is Missed",
                "name": "misfirePolicy",
                "type": "options",
                "default": "skip",
                "description": "What to do with fires missed while the server was down "
                "(kflow runs Don't Run Missed Executions only)",
                "options": [
                    {"name": "Run the Most Recent Missed Execution Per Rule", "value": "coalesce"},
                    {"name": "Run the Most Recent Missed Execution", "value": "coalesce_owner"},
                    {"name": "Don't Run Missed Executions", "value": "skip"},
                ],
                "displayOptions": {"show": {"@version": [_FROM_1_4]}},
            },
            {
                "displayName": "Missed Execution Grace Period (Seconds)",
                "name": "misfireGraceSeconds",
                "type": "number",
                "default": 0,
                "description": "How late a fire may start before it counts as missed "
                "(0: the server's setting)",
                "typeOptions": {"minValue": 0},
                "displayOptions": {"show": {"@version": [_FROM_1_4]}},
            },
            {
                "displayName": "Skip Durable Scheduler",
                "name": "skipDurableScheduler",
                "type": "boolean",
                "default": False,
                "description": "n8n's switch to its older in-memory scheduler (no effect in kflow)",
            },
        ],
        inputs=[],
        group=["trigger", "schedule"],
        version=[1, 1.1, 1.2, 1.3, 1.4],
        defaultVersion=1.4,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if run.version >= 1.3:
            check_intervals(run.name, run.parameters)
        if run.parameters.get("misfirePolicy", "skip") != "skip":
            raise NodeOperationError(
                run.name,
                "kflow does not run 'If Execution Is Missed: "
                f"{run.parameters['misfirePolicy']}'; choose Don't Run Missed Executions, "
                "or set the flow's replayMissedFires setting to replay missed fires",
                parameter="If Execution Is Missed",
            )
        if run.given_items is not None:
            return [run.given_items]
        zone = ZoneInfo(run.run_settings.timezone or "UTC")
        return [[{"json": fire_item(datetime.now(UTC), zone)}]]


_RANGES = {
    "seconds": (1, 59, "Seconds must be in range 1-59"),
    "minutes": (1, 59, "Minutes must be in range 1-59"),
    "hours": (1, 23, "Hours must be in range 1-23"),
    "days": (1, 31, "Days must be in range 1-31"),
    "months": (1, None, "Months must be larger than 0"),
}
_DEFAULTS = {"seconds": 30, "minutes": 5, "hours": 1, "days": 1, "months": 1}


def check_intervals(node: str, parameters: dict[str, Any]) -> None:
    """Schedule Trigger 1.3 and later: each rule's interval within n8n's range.

    Raises:
        NodeOperationError: "Invalid interval", the rule's number and the range.
    """
    rules = (parameters.get("rule") or {}).get("interval") or [{}]
    for number, rule in enumerate(rules):
        field = rule.get("field", "days")
        if field not in _RANGES:
            continue
        low, high, message = _RANGES[field]
        every = rule.get(f"{field}Interval", _DEFAULTS[field])
        if not isinstance(every, int | float):
            continue
        if every < low or (high is not None and every > high):
            raise NodeOperationError(
                node,
                "Invalid interval",
                description=f"rule {number + 1}: {message}",
                item_index=number,
                parameter="Trigger Rules",
            )
