"""Building blocks of the data nodes' descriptions, shared by Item Lists and the others."""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["boolean_option", "only_when", "option_list"]


def only_when(properties: list[dict[str, Any]], **show: list[Any]) -> list[dict[str, Any]]:
    """The properties, each shown only when every `show` rule holds too."""
    placed = []
    for prop in properties:
        prop = copy.deepcopy(prop)
        rules = prop.setdefault("displayOptions", {})
        rules["show"] = {**show, **rules.get("show", {})}
        placed.append(prop)
    return placed


def option_list(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    """`options` entries from (display name, value) pairs."""
    return [{"name": name, "value": value} for name, value in pairs]


def boolean_option(name: str, display: str, description: str, **extra: Any) -> dict[str, Any]:
    """A boolean inside an Options collection (off by default)."""
    return {
        "displayName": display,
        "name": name,
        "type": "boolean",
        "default": False,
        "description": description,
        **extra,
    }
