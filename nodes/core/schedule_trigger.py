"""scheduleTrigger: starts a flow on a schedule (n8n's Schedule Trigger), under `kflow serve`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from kflow.host import Item, NodeRun, NodeTraits, fire_item
from kflow.nodes.core.base import describe

__all__ = ["ScheduleTriggerNode"]

_UNITS = ("seconds", "minutes", "hours", "days", "weeks", "months")


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
        "type": "number",
        "default": 0,
        "typeOptions": {"minValue": 0, "maxValue": 23},
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
                "displayName": "Trigger Rules",
                "name": "rule",
                "type": "fixedCollection",
                "default": {"interval": [{"field": "days"}]},
                "typeOptions": {"multipleValues": True},
                "placeholder": "Add Rule",
                "options": [
                    {"name": "interval", "displayName": "Trigger Interval", "values": _RULE_VALUES}
                ],
            }
        ],
        inputs=[],
        group=["trigger", "schedule"],
        version=[1, 1.1, 1.2],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        if run.given_items is not None:
            return [run.given_items]
        zone = ZoneInfo(run.run_settings.timezone or "UTC")
        return [[{"json": fire_item(datetime.now(UTC), zone)}]]
