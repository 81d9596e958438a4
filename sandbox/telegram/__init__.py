"""A Telegram Bot API emulator (kflow.sandbox.telegram), beside the Keitaro sandbox.

It answers `/bot<token>/<method>` as Telegram does for the methods kflow's Telegram node
uses, keeps chats and messages in memory, and shows what was sent at `/_emulator/messages`.
Like the Keitaro sandbox, it imports neither kflow's host nor its nodes.
"""

from kflow.sandbox.telegram.app import create_app
from kflow.sandbox.telegram.server import TelegramServer

__all__ = ["TelegramServer", "create_app"]
