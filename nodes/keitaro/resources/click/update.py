"""click / update: `PUT /admin_api/v1/clicks/{subid}` with the fields to change."""

from __future__ import annotations

from typing import Any

from kflow.host import ItemContext, show_for
from kflow.nodes.keitaro.handlers import validation
from kflow.nodes.keitaro.operations.model import Field
from kflow.nodes.keitaro.resources import common
from kflow.nodes.keitaro.transport import KeitaroRequest

__all__ = ["EXAMPLE", "N8N", "OPERATION", "PROPERTIES", "ROUTE", "SCHEMA", "prepare"]

OPERATION = {
    "name": "Обновить",
    "value": "update",
    "description": "Change a click's cost, source parameters or sub IDs",
    "action": "Update a click",
}
ROUTE = {"method": "PUT", "path": "/clicks/{subid}"}
"""The route, as `kflow describe keitaro --format routes` prints it."""
EXAMPLE = {
    "clickId": "hea230qdxnbfcz1o79b",
    "clickData": '{"cost": "0.45", "sub_id_2": "spend-import"}',
}
"""Parameters that run as they are against the sandbox."""
N8N = {
    "method": "PUT",
    "path": "/clicks/{subid}",
    "ids": {"subid": Field("subid", validation.CLICK_ID, param="clickId")},
    "rawBody": {"name": "clickData", "label": validation.CLICK_DATA},
}
"""How the n8n package sends it (its runtime checks less than kflow's validation)."""

SCHEMA = "click_update"

PROPERTIES = show_for(
    "click",
    "update",
    [
        {
            "displayName": "Live trackers have no PUT /clicks/{subid} in the Admin API and "
            "answer 404 (the kflow sandbox serves it). To change a click on a real tracker "
            "use Клик → Обновить Sub ID, Клик → Обновить расходы, or Постбек → Отправить.",
            "name": "notice",
            "type": "notice",
            "default": "",
        },
        {
            "displayName": validation.CLICK_ID,
            "name": "clickId",
            "type": "string",
            "default": "",
            "required": True,
            "placeholder": "51ts6sgr1cbkdhljnrv",
            "description": "The click's subid: what Keitaro puts into the {subid} macro and "
            "postbacks, and reports as sub_id in the click log",
        },
        {
            "displayName": validation.CLICK_DATA,
            "name": "clickData",
            "type": "json",
            "default": "",
            "required": True,
            "placeholder": '{"cost": 0.5, "sub_id_1": "spring-sale"}',
            "description": "JSON object of the fields to change: cost, keyword, source, "
            "external_id, creative_id, ad_campaign_id, sub_id_1…sub_id_30, extra_param_1…10",
        },
    ],
)


def prepare(ctx: ItemContext, base: str) -> KeitaroRequest:
    """Validates "ID Клика" and "Данные Клика" and builds the PUT request."""
    click_id = validation.validate_click_id(
        ctx.param("clickId"), node=ctx.node_name, item_index=ctx.item_index
    )
    data: dict[str, Any] = validation.validate_click_data(
        ctx.param("clickData"), node=ctx.node_name, item_index=ctx.item_index
    )
    return common.admin_request(ctx, base, "PUT", ("clicks", click_id), data, idempotent=True)
