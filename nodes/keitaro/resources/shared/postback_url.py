"""The tracker's postback URL as postback → send, the conversion operations (postbacks
with a simpler form) and click → update sub IDs ask for it: the subid and the postback key
as their Wires read them, the statuses, and the subid property."""

from __future__ import annotations

from typing import Any

from kflow.nodes.keitaro.catalog import POSTBACK_STATUSES as STATUSES
from kflow.nodes.keitaro.operations.model import Field

__all__ = [
    "POSTBACK_KEY",
    "STATUSES",
    "SUBID_FIELD",
    "subid_property",
]

SUBID_FIELD = Field("subid", "Subid", "subid")
"""The click's subid as a Wire reads it (the `subid` query parameter)."""
POSTBACK_KEY = Field(
    "postbackKey", "Ключ постбека", "postback_key", secret=True, fallback="postbackKey"
)
"""The postback key in the tracker's URL: the node's parameter, else the credential's."""


def subid_property(label: str = "Subid") -> dict[str, Any]:
    """The required subid parameter (SUBID_FIELD reads it), shown as `label`."""
    return {
        "displayName": label,
        "name": "subid",
        "type": "string",
        "default": "",
        "required": True,
        "placeholder": "51ts6sgr1cbkdhljnrv",
        "description": "The click's subid (the {subid} macro)",
    }
