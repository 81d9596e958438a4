"""n8n's Telegram node for kflow: `TELEGRAM`, versions 1, 1.1 and 1.2 (default 1.2)."""

from kflow.host import VersionedNode
from kflow.nodes.telegram.node import TelegramNode

__all__ = ["TELEGRAM", "TelegramNode"]

TELEGRAM = VersionedNode(
    default=1.2,
    implementations=(TelegramNode(1), TelegramNode(1.1), TelegramNode(1.2)),
)
"""The entry point (`kflow.nodes`: telegram)."""
