"""Parameters shared by reading and setting labels."""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.catalog import LABEL_FIELDS
from kflow.nodes.keitaro.resources.shared import parameters

__all__ = ["ref_name_property"]


def ref_name_property() -> dict[str, Any]:
    return {
        "displayName": "Поле",
        "name": "refName",
        "type": "options",
        "default": "sub_id_1",
        "options": [{"name": f, "value": f} for f in LABEL_FIELDS],
        "description": "The click field whose values are labelled",
    }


def campaign_and_field() -> list[dict[str, Any]]:
    return [parameters.campaign_id_property(), ref_name_property()]
