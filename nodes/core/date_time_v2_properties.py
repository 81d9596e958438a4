"""Date & Time 2's parameters, with n8n's names, defaults and display rules."""

from __future__ import annotations

from typing import Any

__all__ = ["PROPERTIES"]

INCLUDE_INPUT = {
    "displayName": "Include Input Fields",
    "name": "includeInputFields",
    "type": "boolean",
    "default": False,
    "description": "Whether to include all fields of the input item in the output item",
}
TIME_UNITS = ["years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds"]
PARTS = ["year", "month", "week", "day", "hour", "minute", "second"]


def _on(operation: str, **more: list[Any]) -> dict[str, Any]:
    return {"show": {"operation": [operation], **more}}


def _choices(values: list[str]) -> list[dict[str, str]]:
    return [{"name": v.capitalize(), "value": v} for v in values]


def _output(operation: str, default: str) -> dict[str, Any]:
    return {
        "displayName": "Output Field Name",
        "name": "outputFieldName",
        "type": "string",
        "default": default,
        "description": "Name of the field to put the output in",
        "displayOptions": _on(operation),
    }


def _options(operation: str, *extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "displayName": "Options",
        "name": "options",
        "type": "collection",
        "placeholder": "Add option",
        "default": {},
        "displayOptions": _on(operation),
        "options": [INCLUDE_INPUT, *extra],
    }


def _notice(operation: str, text: str) -> dict[str, Any]:
    return {
        "displayName": text,
        "name": "notice",
        "type": "notice",
        "default": "",
        "displayOptions": _on(operation),
    }


def _date(operation: str, description: str) -> dict[str, Any]:
    return {
        "displayName": "Date",
        "name": "date",
        "type": "string",
        "default": "",
        "description": description,
        "displayOptions": _on(operation),
    }


def _shift(operation: str, verb: str, label: str) -> list[dict[str, Any]]:
    return [
        _notice(operation, f"The same can be done in an expression with Luxon's {verb}()"),
        {
            "displayName": label,
            "name": "magnitude",
            "type": "string",
            "default": "",
            "description": "The date that you want to change",
            "displayOptions": _on(operation),
        },
        {
            "displayName": f"Time Unit to {'Add' if verb == 'plus' else 'Subtract'}",
            "name": "timeUnit",
            "type": "options",
            "default": "days",
            "description": "Time unit for Duration parameter below",
            "options": _choices([*TIME_UNITS, "milliseconds"]),
            "displayOptions": _on(operation),
        },
        {
            "displayName": "Duration",
            "name": "duration",
            "type": "number",
            "default": 0,
            "description": f"The number of time units to {verb} the date with",
            "displayOptions": _on(operation),
        },
        _output(operation, "newDate"),
        _options(operation),
    ]


OPERATION = {
    "displayName": "Operation",
    "name": "operation",
    "type": "options",
    "noDataExpression": True,
    "default": "getCurrentDate",
    "options": [
        {"name": "Add to a Date", "value": "addToDate"},
        {"name": "Extract Part of a Date", "value": "extractDate"},
        {"name": "Format a Date", "value": "formatDate"},
        {"name": "Get Current Date", "value": "getCurrentDate"},
        {"name": "Get Time Between Dates", "value": "getTimeBetweenDates"},
        {"name": "Round a Date", "value": "roundDate"},
        {"name": "Subtract From a Date", "value": "subtractFromDate"},
    ],
}
CURRENT = [
    _notice("getCurrentDate", "The current date is also $now or $today in expressions"),
    {
        "displayName": "Include Current Time",
        "name": "includeTime",
        "type": "boolean",
        "default": True,
        "description": "When off, the time is set to midnight",
        "displayOptions": _on("getCurrentDate"),
    },
    _output("getCurrentDate", "currentDate"),
    _options(
        "getCurrentDate",
        {
            "displayName": "Timezone",
            "name": "timezone",
            "type": "string",
            "default": "",
            "placeholder": "America/New_York",
            "description": "The time zone to use; the workflow's when empty ('GMT' for +00:00)",
        },
    ),
]
FORMAT_CHOICES = [
    {"name": "Custom Format", "value": "custom"},
    {"name": "MM/DD/YYYY", "value": "MM/dd/yyyy", "description": "Example: 09/04/1986"},
    {"name": "YYYY/MM/DD", "value": "yyyy/MM/dd", "description": "Example: 1986/04/09"},
    {"name": "MMMM DD YYYY", "value": "MMMM dd yyyy", "description": "Example: April 09 1986"},
    {"name": "MM-DD-YYYY", "value": "MM-dd-yyyy", "description": "Example: 09-04-1986"},
    {"name": "YYYY-MM-DD", "value": "yyyy-MM-dd", "description": "Example: 1986-04-09"},
    {"name": "Unix Timestamp", "value": "X", "description": "Example: 1672531200"},
    {"name": "Unix Ms Timestamp", "value": "x", "description": "Example: 1674691200000"},
]
FORMAT = [
    _notice("formatDate", "The same can be done in an expression with Luxon's toFormat()"),
    _date("formatDate", "The date that you want to format"),
    {
        "displayName": "Format",
        "name": "format",
        "type": "options",
        "default": "MM/dd/yyyy",
        "description": "The format to convert the date to",
        "options": FORMAT_CHOICES,
        "displayOptions": _on("formatDate"),
    },
    {
        "displayName": "Custom Format",
        "name": "customFormat",
        "type": "string",
        "default": "",
        "placeholder": "yyyy-MM-dd",
        "description": "Luxon format tokens (yyyy, MM, dd, HH, mm, ss, ...)",
        "displayOptions": _on("formatDate", format=["custom"]),
    },
    _output("formatDate", "formattedDate"),
    _options(
        "formatDate",
        {
            "displayName": "From Date Format",
            "name": "fromFormat",
            "type": "string",
            "default": "e.g yyyyMMdd",
            "description": "The Luxon format the Date is written in, when it is not recognised",
        },
        {
            "displayName": "Use Workflow Timezone",
            "name": "timezone",
            "type": "boolean",
            "default": False,
            "description": "Whether to use the workflow's time zone rather than the input's",
        },
    ),
]
ROUND = [
    _notice("roundDate", "The same can be done in an expression with Luxon's startOf()"),
    _date("roundDate", "The date that you want to round"),
    {
        "displayName": "Mode",
        "name": "mode",
        "type": "options",
        "default": "roundDown",
        "options": [
            {"name": "Round Down", "value": "roundDown"},
            {"name": "Round Up", "value": "roundUp"},
        ],
        "displayOptions": _on("roundDate"),
    },
    {
        "displayName": "To Nearest",
        "name": "toNearest",
        "type": "options",
        "default": "month",
        "description": "The start of which unit to round down to",
        "options": _choices(PARTS),
        "displayOptions": _on("roundDate", mode=["roundDown"]),
    },
    {
        "displayName": "To",
        "name": "to",
        "type": "options",
        "default": "month",
        "description": "Round up to the start of the next month",
        "options": [{"name": "End of Month", "value": "month"}],
        "displayOptions": _on("roundDate", mode=["roundUp"]),
    },
    _output("roundDate", "roundedDate"),
    _options("roundDate"),
]
BETWEEN = [
    {
        "displayName": "Start Date",
        "name": "startDate",
        "type": "string",
        "default": "",
        "displayOptions": _on("getTimeBetweenDates"),
    },
    {
        "displayName": "End Date",
        "name": "endDate",
        "type": "string",
        "default": "",
        "displayOptions": _on("getTimeBetweenDates"),
    },
    {
        "displayName": "Units",
        "name": "units",
        "type": "multiOptions",
        "default": ["day"],
        "description": "The units the difference is given in",
        "options": _choices([*PARTS, "millisecond"]),
        "displayOptions": _on("getTimeBetweenDates"),
    },
    _output("getTimeBetweenDates", "timeDifference"),
    _options(
        "getTimeBetweenDates",
        {
            "displayName": "Output as ISO String",
            "name": "isoString",
            "type": "boolean",
            "default": False,
            "description": "Whether to output the duration as an ISO 8601 string",
        },
    ),
]
EXTRACT = [
    _notice("extractDate", "The same can be done in an expression with Luxon's get()"),
    _date("extractDate", "The date to take a part of"),
    {
        "displayName": "Part",
        "name": "part",
        "type": "options",
        "default": "month",
        "options": _choices(PARTS),
        "displayOptions": _on("extractDate"),
    },
    _output("extractDate", "datePart"),
    _options("extractDate"),
]
PROPERTIES: list[dict[str, Any]] = [
    OPERATION,
    *CURRENT,
    *_shift("addToDate", "plus", "Date to Add To"),
    *_shift("subtractFromDate", "minus", "Date to Subtract From"),
    *FORMAT,
    *ROUND,
    *BETWEEN,
    *EXTRACT,
]
