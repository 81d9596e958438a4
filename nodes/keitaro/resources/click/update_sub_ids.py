"""click / updateSubIds: sub_id_1…30 written through the tracker's own update URL.

`GET {tracker}/?_update_tokens=1&sub_id={subid}&sub_id_N=…` is not the Admin API (no key is
sent); it is Keitaro's documented way to write sub IDs onto a click after the visit. The
values show in reports and the click log.
"""

from __future__ import annotations

from kflow.host import show_for
from kflow.nodes.keitaro.execution import fetch_one
from kflow.nodes.keitaro.handlers.validation import CLICK_ID
from kflow.nodes.keitaro.operations.interpreter import Prepare
from kflow.nodes.keitaro.operations.model import Field, Wire
from kflow.nodes.keitaro.resources.shared.postback_url import subid_property

__all__ = ["EXAMPLE", "OPERATION", "PROPERTIES", "ROUTE", "WIRE", "execute", "prepare"]

OPERATION = {
    "name": "Обновить Sub ID",
    "value": "updateSubIds",
    "description": "Write sub_id_1…30 onto a click through the tracker's update URL",
    "action": "Update a click's sub IDs",
}
EXAMPLE = {"subid": "hea230qdxnbfcz1o79b", "subIds": '{"sub_id_4": "lead-form", "sub_id_5": "42"}'}
"""Parameters that run as they are against the sandbox."""
WIRE = Wire(
    "GET",
    "/",
    api="tracker",
    fixed_query={"_update_tokens": 1},
    query=(
        Field("sub_id", CLICK_ID, "subid", param="subid"),
        Field("subIds", "Sub ID", "sub_id_map", spread=True),
    ),
    idempotent=True,
)
"""The request as both hosts build it: `?_update_tokens=1&sub_id=…&sub_id_N=…`."""
ROUTE = WIRE.route
prepare = Prepare(WIRE)
execute = fetch_one
"""One output item: the tracker's answer."""

PROPERTIES = show_for(
    "click",
    "updateSubIds",
    [
        subid_property(CLICK_ID),
        {
            "displayName": "Sub ID",
            "name": "subIds",
            "type": "json",
            "default": "",
            "required": True,
            "placeholder": '{"sub_id_4": "lead-form"}',
            "description": "JSON object of sub_id_1…sub_id_30 values; empty values are not sent",
        },
    ],
)
