"""An item refused before anything is sent, for one parameter shown by its display name.

The parameter's name (what `-p NAME=…` and flow files use) is known only to the node's
description, which this layer does not import: the node adds it (KeitaroNode.prepare and
execute), so the message reads `parameter "ID Кампаний" (campaignIds)` as before.
"""

from __future__ import annotations

from kflow.host import ItemContext, NodeOperationError

__all__ = ["Refusal", "fail"]


class Refusal(NodeOperationError):
    """A NodeOperationError naming its parameter by display name only, until the node
    names it."""


def fail(ctx: ItemContext, parameter: str, cause: str) -> Refusal:
    """The refusal of this item for the parameter shown as `parameter`."""
    return Refusal(ctx.node_name, cause, item_index=ctx.item_index, parameter=parameter)
