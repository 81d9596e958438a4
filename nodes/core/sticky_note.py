"""stickyNote: a note on n8n's canvas. It is kept with the flow and exported again, and
never runs (n8n's Sticky Note)."""

from __future__ import annotations

from kflow.host import Item, NodeRun, NodeTraits
from kflow.nodes.core.base import describe

__all__ = ["StickyNoteNode"]


class StickyNoteNode:
    traits = NodeTraits(n8n_types=("n8n-nodes-base.stickyNote",), annotation=True)
    description = describe(
        "stickyNote",
        "Sticky Note",
        "A note on the canvas; it is kept with the flow and never runs",
        [
            {"displayName": "Content", "name": "content", "type": "string", "default": ""},
            {"displayName": "Height", "name": "height", "type": "number", "default": 160},
            {"displayName": "Width", "name": "width", "type": "number", "default": 240},
            {"displayName": "Color", "name": "color", "type": "number", "default": 1},
        ],
        group=["input"],
        inputs=[],
        outputs=[],
    )

    async def run(self, run: NodeRun) -> list[list[Item]]:
        """Never called: the engine does not run notes."""
        return [[]]
