"""Resource `conversion`: leads, sales and rejections recorded from postbacks."""

from __future__ import annotations

from types import ModuleType

from kflow.nodes.keitaro.resources.conversion import get_log

__all__ = ["LABEL", "OPERATIONS"]

LABEL = {
    "name": "Конверсия",
    "value": "conversion",
    "description": "A conversion (read-only in the Admin API)",
}

OPERATIONS: dict[str, ModuleType] = {"getLog": get_log}
