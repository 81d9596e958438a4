"""Resource `click`: a visit recorded by the tracker, identified by its subid.

The operations built in code; click → update is data (operations/catalog/clicks.py).
"""

from __future__ import annotations

from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.click import (
    clean,
    get_log,
    update_costs,
    update_sub_ids,
)

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Клик",
    "value": "click",
    "description": "A tracked click, identified by its subid",
}

OPERATIONS: dict[str, KeitaroOperation] = {
    "updateSubIds": update_sub_ids,
    "getLog": get_log,
    "updateCosts": update_costs,
    "clean": clean,
}
