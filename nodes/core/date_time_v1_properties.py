"""Date & Time 1's parameters, with n8n's names, defaults and display rules."""

from __future__ import annotations

from typing import Any

__all__ = ["PROPERTIES"]

FORMAT = {"show": {"action": ["format"]}}
CALCULATE = {"show": {"action": ["calculate"]}}
PRESETS = [
    ("MM/DD/YYYY", "MM/DD/YYYY", "09/04/1986"),
    ("YYYY/MM/DD", "YYYY/MM/DD", "1986/04/09"),
    ("MMMM DD YYYY", "MMMM DD YYYY", "April 09 1986"),
    ("MM-DD-YYYY", "MM-DD-YYYY", "09-04-1986"),
    ("YYYY-MM-DD", "YYYY-MM-DD", "1986-04-09"),
    ("Unix Timestamp", "X", "513388800"),
    ("Unix Ms Timestamp", "x", "513388800000"),
]
ZONE_NOTE = "An IANA time zone name, such as Europe/Berlin"
UNITS = [
    "quarters",
    "years",
    "months",
    "weeks",
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
]


def _property_name(show: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "displayName": "Property Name",
        "name": "dataPropertyName",
        "type": "string",
        "default": "data",
        "description": description,
        "displayOptions": show,
    }


PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "More date functions are available in expressions (Luxon)",
        "name": "noticeDateTime",
        "type": "notice",
        "default": "",
    },
    {
        "displayName": "Action",
        "name": "action",
        "type": "options",
        "default": "format",
        "options": [
            {
                "name": "Calculate a Date",
                "value": "calculate",
                "description": "Add or subtract time from a date",
            },
            {
                "name": "Format a Date",
                "value": "format",
                "description": "Convert a date to a different format",
            },
        ],
    },
    {
        "displayName": "Value",
        "name": "value",
        "type": "string",
        "default": "",
        "description": "The value that should be converted",
        "displayOptions": FORMAT,
    },
    _property_name(FORMAT, "Name of the property to which to write the converted date"),
    {
        "displayName": "Custom Format",
        "name": "custom",
        "type": "boolean",
        "default": False,
        "description": "Whether to enter a moment.js format rather than pick one",
        "displayOptions": FORMAT,
    },
    {
        "displayName": "To Format",
        "name": "toFormat",
        "type": "string",
        "default": "",
        "placeholder": "YYYY-MM-DD",
        "description": "The moment.js format to convert the date to",
        "displayOptions": {"show": {"action": ["format"], "custom": [True]}},
    },
    {
        "displayName": "To Format",
        "name": "toFormat",
        "type": "options",
        "default": "MM/DD/YYYY",
        "description": "The format to convert the date to",
        "options": [
            {"name": name, "value": value, "description": f"Example: {example}"}
            for name, value, example in PRESETS
        ],
        "displayOptions": {"show": {"action": ["format"], "custom": [False]}},
    },
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "placeholder": "Add option",
        "default": {},
        "displayOptions": FORMAT,
        "options": [
            {
                "displayName": "From Format",
                "name": "fromFormat",
                "type": "string",
                "default": "",
                "description": "The moment.js format of the value, when it is not recognised",
            },
            {
                "displayName": "From Timezone Name or ID",
                "name": "fromTimezone",
                "type": "string",
                "default": "UTC",
                "description": f"The time zone to convert from. {ZONE_NOTE}.",
            },
            {
                "displayName": "To Timezone Name or ID",
                "name": "toTimezone",
                "type": "string",
                "default": "UTC",
                "description": f"The time zone to convert to. {ZONE_NOTE}.",
            },
        ],
    },
    {
        "displayName": "Date Value",
        "name": "value",
        "type": "string",
        "default": "",
        "description": "The date string or timestamp from which you want to add/subtract time",
        "displayOptions": CALCULATE,
    },
    {
        "displayName": "Operation",
        "name": "operation",
        "type": "options",
        "noDataExpression": True,
        "default": "add",
        "options": [
            {"name": "Add", "value": "add", "description": "Add time to Date Value"},
            {
                "name": "Subtract",
                "value": "subtract",
                "description": "Subtract time from Date Value",
            },
        ],
        "displayOptions": CALCULATE,
    },
    {
        "displayName": "Duration",
        "name": "duration",
        "type": "number",
        "default": 0,
        "typeOptions": {"minValue": 0},
        "description": "E.g. 10 with Days adds 10 days to Date Value",
        "displayOptions": CALCULATE,
    },
    {
        "displayName": "Time Unit",
        "name": "timeUnit",
        "type": "options",
        "default": "days",
        "description": "Time unit for Duration parameter above",
        "options": [{"name": unit.capitalize(), "value": unit} for unit in UNITS],
        "displayOptions": CALCULATE,
    },
    _property_name(CALCULATE, "Name of the output property to which to write the converted date"),
    {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "placeholder": "Add option",
        "default": {},
        "displayOptions": CALCULATE,
        "options": [
            {
                "displayName": "From Format",
                "name": "fromFormat",
                "type": "string",
                "default": "",
                "description": "The moment.js format of the value, when it is not recognised",
            }
        ],
    },
]
