"""Property builders the file nodes share (field names as n8n stores them)."""

from __future__ import annotations

from typing import Any

from kflow.nodes.core.file_encodings import ENCODINGS

__all__ = [
    "ENCODING_CHOICES",
    "field",
    "ical_properties",
    "operation_property",
    "option",
    "shown",
]

ENCODING_CHOICES = [{"name": name, "value": name} for name in ENCODINGS]
UNICODE_WITH_BOM = ["utf8", "cesu8", "ucs2"]


def shown(rule: dict[str, Any], props: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`props` shown only where `rule` holds (n8n's updateDisplayOptions)."""
    return [{**prop, "displayOptions": {"show": rule}} for prop in props]


def field(name: str, display: str, default: Any, description: str, **extra: Any) -> dict:
    """A string parameter."""
    return {
        "displayName": display,
        "name": name,
        "type": "string",
        "default": default,
        "description": description,
        **extra,
    }


def option(name: str, display: str, kind: str, default: Any, description: str, **extra: Any):
    """One entry of an Options collection."""
    return {
        "displayName": display,
        "name": name,
        "type": kind,
        "default": default,
        "description": description,
        **extra,
    }


def _text(name: str, display: str) -> dict[str, Any]:
    return option(name, display, "string", "", display)


def _group(name: str, display: str, inner: str, values: list[dict], many: bool) -> dict:
    return {
        "displayName": display,
        "name": name,
        "type": "fixedCollection",
        "default": {},
        "typeOptions": {"multipleValues": many},
        "options": [{"displayName": display, "name": inner, "values": values}],
    }


def ical_properties() -> list[dict[str, Any]]:
    """The parameters of Convert to ICS (kflow refuses the operation, but workflows that
    store them must load)."""
    fields = [
        _group(
            "attendeesUi",
            "Attendees",
            "attendeeValues",
            [
                _text("name", "Name"),
                _text("email", "Email"),
                option("rsvp", "RSVP", "boolean", False, "Whether the attendee is asked to RSVP"),
            ],
            True,
        ),
        option("busyStatus", "Busy Status", "string", "", "BUSY or TENTATIVE (Microsoft)"),
        _text("calName", "Calendar Name"),
        _text("description", "Description"),
        _text("fileName", "File Name"),
        _group(
            "geolocationUi",
            "Geolocation",
            "geolocationValues",
            [_text("lat", "Latitude"), _text("lon", "Longitude")],
            False,
        ),
        _text("location", "Location"),
        _text("recurrenceRule", "Recurrence Rule"),
        _group(
            "organizerUi",
            "Organizer",
            "organizerValues",
            [_text("name", "Name"), _text("email", "Email")],
            False,
        ),
        option("sequence", "Sequence", "number", 0, "The revision sequence number"),
        option(
            "status",
            "Status",
            "options",
            "CONFIRMED",
            "The event's status",
            options=[
                {"name": n.title(), "value": n} for n in ("CONFIRMED", "CANCELLED", "TENTATIVE")
            ],
        ),
        _text("uid", "UID"),
        _text("url", "URL"),
        option(
            "useWorkflowTimezone",
            "Use Workflow Timezone",
            "boolean",
            False,
            "Whether to use the workflow time zone instead of UTC",
        ),
    ]
    return shown(
        {"operation": ["iCal"]},
        [
            field("title", "Event Title", "", "The event's title"),
            {**field("start", "Start", "", "When the event starts"), "type": "dateTime"},
            {**field("end", "End", "", "When the event ends"), "type": "dateTime"},
            option("allDay", "All Day", "boolean", False, "Whether the event lasts all day"),
            field("binaryPropertyName", "Put Output File in Field", "data", "Output field"),
            {
                "displayName": "Additional Fields",
                "name": "additionalFields",
                "type": "collection",
                "default": {},
                "options": fields,
            },
        ],
    )


def operation_property(summary: str, operations: list[tuple[str, str, str]]) -> dict[str, Any]:
    """The Operation selector of a file node: (name, value, description) per operation,
    the first the default."""
    return {
        "displayName": "Operation",
        "name": "operation",
        "type": "options",
        "noDataExpression": True,
        "default": operations[0][1],
        "description": summary,
        "options": [
            {"name": name, "value": value, "action": name, "description": description}
            for name, value, description in operations
        ],
    }
