"""Resource `click`: a visit recorded by the tracker, identified by its subid.

click → update is data (declared.py); the other operations are built in code, one module
each.
"""

from __future__ import annotations

from kflow.nodes.keitaro.operations.declarative import runnable
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources.click import (
    clean,
    declared,
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

OPERATIONS: dict[str, KeitaroOperation] = runnable(
    (*declared.DECLARED, update_sub_ids, get_log, update_costs, clean)
)
"""Operation value -> handler, in menu order."""
