"""Wait 1 and 1.1: the execution goes on after a time interval, at a given time, or when
the execution's resume URL is called (under `kflow serve`).

A wait shorter than 65 seconds sleeps inside the run, as in n8n. A longer one under
`kflow serve` puts the execution to wait: serve stores it and resumes it when the time
comes, after a restart too. Under `kflow run` a long wait sleeps. "On Webhook Call" resumes
through serve's `/webhook-waiting/<execution id>` route, the node's output then being the
call's item; "On Form Submitted" is refused (kflow serves no forms).
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from kflow.host import (
    ConfigError,
    IncomingRequest,
    Item,
    NodeOperationError,
    NodeRun,
    NodeTraits,
    Refusal,
    Reply,
)
from kflow.nodes.core.base import describe
from kflow.nodes.core.webhook import WebhookVersion
from kflow.nodes.core.webhook_properties import CREDENTIALS
from kflow.nodes.core.webhook_properties import PROPERTIES as WEBHOOK_PROPERTIES

__all__ = ["WAIT", "WaitNode", "wait_until"]

_UNITS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
_WEBHOOK_NAMES = (
    "httpMethod",
    "authentication",
    "responseCode",
    "responseMode",
    "responseData",
    "responseBinaryPropertyName",
    "options",
)
_ON_WEBHOOK = {"resume": ["webhook"]}


def _unit(default: str) -> dict[str, Any]:
    return {
        "displayName": "Wait Unit",
        "name": "unit",
        "type": "options",
        "options": [{"name": unit.title(), "value": unit} for unit in _UNITS],
        "default": default,
        "description": "The unit of the Wait Amount",
    }


def _amount(default: float) -> dict[str, Any]:
    return {
        "displayName": "Wait Amount",
        "name": "amount",
        "type": "number",
        "typeOptions": {"minValue": 0, "numberPrecision": 2},
        "default": default,
        "description": "How long to wait",
    }


def _shown(prop: dict[str, Any], show: dict[str, Any], hide: dict[str, Any] | None = None):
    placed = {**prop, "displayOptions": {"show": show}}
    if hide:
        placed["displayOptions"]["hide"] = hide
    return placed


def _webhook_properties() -> list[dict[str, Any]]:
    """The Webhook node's answer and authentication properties, shown for On Webhook Call,
    with the Webhook Suffix option."""
    chosen = []
    for prop in WEBHOOK_PROPERTIES:
        if prop["name"] not in _WEBHOOK_NAMES:
            continue
        placed = copy.deepcopy(prop)
        rules = placed.setdefault("displayOptions", {})
        rules["show"] = {**rules.get("show", {}), **_ON_WEBHOOK}
        if placed["name"] == "options":
            placed["options"] = [*placed.get("options", []), _SUFFIX]
        chosen.append(placed)
    return chosen


_SUFFIX = {
    "displayName": "Webhook Suffix",
    "name": "webhookSuffix",
    "type": "string",
    "default": "",
    "noDataExpression": True,
    "description": "Appended to the resume URL: helps to tell several Wait nodes apart",
}
_ON_CALL = {"resume": ["webhook", "form"]}
_LIMITED = {**_ON_CALL, "limitWaitTime": [True]}

PROPERTIES: list[dict[str, Any]] = [
    {
        "displayName": "Resume",
        "name": "resume",
        "type": "options",
        "options": [
            {"name": "After Time Interval", "value": "timeInterval"},
            {"name": "At Specified Time", "value": "specificTime"},
            {"name": "On Webhook Call", "value": "webhook"},
            {"name": "On Form Submitted", "value": "form", "description": "Not run by kflow"},
        ],
        "default": "timeInterval",
        "description": "When the execution goes on",
    },
    _shown(
        {
            "displayName": "Authentication",
            "name": "incomingAuthentication",
            "type": "options",
            "options": [
                {"name": "Basic Auth", "value": "basicAuth"},
                {"name": "None", "value": "none"},
            ],
            "default": "none",
            "description": "How form submissions are authenticated (forms are not run)",
        },
        {"resume": ["form"]},
    ),
    _shown(
        {
            "displayName": "Date and Time",
            "name": "dateTime",
            "type": "dateTime",
            "default": "",
            "description": "When the execution goes on",
            "required": True,
        },
        {"resume": ["specificTime"]},
    ),
    _shown(_amount(1), {"resume": ["timeInterval"], "@version": [1]}),
    _shown(_amount(5), {"resume": ["timeInterval"]}, {"@version": [1]}),
    _shown(_unit("hours"), {"resume": ["timeInterval"], "@version": [1]}),
    _shown(_unit("seconds"), {"resume": ["timeInterval"]}, {"@version": [1]}),
    *_webhook_properties(),
    _shown(
        {
            "displayName": "Limit Wait Time",
            "name": "limitWaitTime",
            "type": "boolean",
            "default": False,
            "description": "Whether the execution goes on after a while without a call",
        },
        _ON_CALL,
    ),
    _shown(
        {
            "displayName": "Limit Type",
            "name": "limitType",
            "type": "options",
            "options": [
                {"name": "After Time Interval", "value": "afterTimeInterval"},
                {"name": "At Specified Time", "value": "atSpecifiedTime"},
            ],
            "default": "afterTimeInterval",
            "description": "When the execution goes on without a call",
        },
        _LIMITED,
    ),
    _shown(
        {**_amount(1), "displayName": "Amount", "name": "resumeAmount"},
        {**_LIMITED, "limitType": ["afterTimeInterval"]},
    ),
    _shown(
        {**_unit("hours"), "displayName": "Unit", "name": "resumeUnit"},
        {**_LIMITED, "limitType": ["afterTimeInterval"]},
    ),
    _shown(
        {
            "displayName": "Max Date and Time",
            "name": "maxDateAndTime",
            "type": "dateTime",
            "default": "",
            "description": "When the execution goes on without a call",
        },
        {**_LIMITED, "limitType": ["atSpecifiedTime"]},
    ),
]


def _interval(run: NodeRun, params: dict[str, Any], amount_name: str, unit_name: str) -> float:
    unit = params.get(unit_name)
    if unit not in _UNITS:
        raise NodeOperationError(
            run.name,
            "Invalid wait unit. Valid units are 'seconds', 'minutes', 'hours', or 'days'.",
            parameter="Wait Unit",
        )
    amount = params.get(amount_name)
    if not isinstance(amount, int | float) or isinstance(amount, bool) or amount < 0:
        raise NodeOperationError(
            run.name,
            "Invalid wait amount. Please enter a number that is 0 or greater.",
            parameter="Wait Amount",
        )
    return float(amount) * _UNITS[unit]


def _read_date(value: Any, zone: str) -> datetime | None:
    """An ISO 8601, SQL or RFC 2822 date; one without an offset is in `zone`."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(zone))


def _date(run: NodeRun, value: Any, parameter: str) -> datetime:
    parsed = _read_date(value, run.run_settings.timezone)
    if parsed is None:
        raise NodeOperationError(
            run.name,
            "Cannot put execution to wait because `dateTime` parameter is not a valid date. "
            "Please pick a specific date and time to wait until.",
            parameter=parameter,
        )
    return parsed.astimezone(UTC)


def wait_until(run: NodeRun, params: dict[str, Any]) -> tuple[datetime | None, bool]:
    """When the node's wait ends (None: no time limit) and whether a call ends it."""
    resume = params.get("resume", "timeInterval")
    now = datetime.now(UTC)
    if resume == "timeInterval":
        return now + timedelta(seconds=_interval(run, params, "amount", "unit")), False
    if resume == "specificTime":
        return _date(run, params.get("dateTime"), "Date and Time"), False
    if resume == "form":
        raise NodeOperationError(
            run.name,
            "Resume 'On Form Submitted' is not run by kflow (it serves no forms)",
            description="resume On Webhook Call, or after a time",
            parameter="Resume",
        )
    if not params.get("limitWaitTime"):
        return None, True
    if params.get("limitType", "afterTimeInterval") == "afterTimeInterval":
        seconds = _interval(run, params, "resumeAmount", "resumeUnit")
        return now + timedelta(seconds=seconds), True
    return _date(run, params.get("maxDateAndTime"), "Max Date and Time"), True


class WaitNode:
    """Waits, then hands its input on unchanged (or, resumed by a call, the call's item)."""

    traits = NodeTraits(n8n_types=("n8n-nodes-base.wait",))
    description = describe(
        "wait",
        "Wait",
        "Wait before continuing with the execution",
        PROPERTIES,
        version=[1, 1.1],
        defaultVersion=1.1,
        group=["organization"],
        credentials=CREDENTIALS,
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        until, webhook = wait_until(run, run.params(0))
        await run.put_to_wait(until, webhook=webhook)
        return [[_passed(item, i) for i, item in enumerate(run.items)]]

    def accept_request(
        self,
        parameters: dict[str, Any],
        request: IncomingRequest,
        credentials: dict[str, dict[str, Any]],
    ) -> Refusal | tuple[list[dict[str, Any]], Reply]:
        """A call to the resume URL: refused, or the item the node outputs and the answer."""
        kept = {name: value for name, value in parameters.items() if name in _WEBHOOK_NAMES}
        options = dict(kept.get("options") or {})
        options.pop("webhookSuffix", None)
        kept["options"] = options
        method = str(kept.get("httpMethod", "GET"))
        if request.method != method:
            return Refusal(404, f"The resume URL takes {method} requests, not {request.method}")
        try:
            return _RESUME_CALLS.accept_request(kept, request, credentials)
        except ConfigError as error:
            return Refusal(500, f"the Wait node cannot take the call: {error}")

    @staticmethod
    def resume_suffix(parameters: dict[str, Any]) -> str:
        """The Webhook Suffix the resume URL ends with ('' for none)."""
        options = parameters.get("options") or {}
        return str(options.get("webhookSuffix") or "").strip("/")


_RESUME_CALLS = WebhookVersion(1.1)


def _passed(item: Item, index: int) -> Item:
    passed: Item = {"json": item["json"], "pairedItem": {"item": index}}
    if item.get("binary"):
        passed["binary"] = item["binary"]
    return passed


WAIT = WaitNode()
