"""The click operations that are data: click → update (`PUT /clicks/{subid}`)."""

from __future__ import annotations

from kflow.nodes.keitaro.handlers.validation import CLICK_DATA, CLICK_ID
from kflow.nodes.keitaro.operations.model import Field, Operation, Wire

__all__ = ["DECLARED", "UPDATE"]

UPDATE = Operation(
    resource="click",
    value="update",
    label="Обновить",
    description="Change a click's cost, source parameters or sub IDs",
    action="Update a click",
    wire=Wire(
        "PUT",
        "/clicks/{subid}",
        idempotent=True,
        ids={
            "subid": Field(
                "subid",
                CLICK_ID,
                "click_id",
                param="clickId",
                placeholder="51ts6sgr1cbkdhljnrv",
                description="The click's subid: what Keitaro puts into the {subid} macro and "
                "postbacks, and reports as sub_id in the click log",
            )
        },
        body=Field(
            "clickData",
            CLICK_DATA,
            "click_data",
            placeholder='{"cost": 0.5, "sub_id_1": "spring-sale"}',
            description="JSON object of the fields to change: cost, keyword, source, "
            "external_id, creative_id, ad_campaign_id, sub_id_1…sub_id_30, extra_param_1…10",
        ),
    ),
    schema="click_update",
    example={
        "clickId": "hea230qdxnbfcz1o79b",
        "clickData": '{"cost": "0.45", "sub_id_2": "spend-import"}',
    },
    notice="Live trackers have no PUT /clicks/{subid} in the Admin API and answer 404 (the "
    "kflow sandbox serves it). To change a click on a real tracker use Клик → Обновить Sub "
    "ID, Клик → Обновить расходы, or Постбек → Отправить.",
)
"""Live trackers answer 404; the sandbox serves it (the n8n package offers it too)."""

DECLARED = (UPDATE,)
