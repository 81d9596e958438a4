"""What the emulator remembers, in memory: its bot, chats, messages and files.

Ids are deterministic: message ids count per chat from 1, file ids are a digest of the
file's bytes (or of its URL), so two emulators given the same requests answer alike.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DEFAULT_TOKEN", "BotStore", "StoredFile", "bot_id_of", "seed_chats"]

DEFAULT_TOKEN = "123456789:AAkflowEmulatorToken_0123456789abcdefg"
"""The token a fresh emulator accepts unless told another (tests, the oracle stub)."""

FILE_PREFIXES = {
    "photo": "AgAC",
    "document": "BQAC",
    "audio": "CQAC",
    "video": "BAAC",
    "animation": "CgAC",
    "sticker": "CAAC",
}


def bot_id_of(token: str) -> int:
    """The bot's user id: the digits before the token's colon."""
    head = token.split(":", 1)[0]
    return int(head) if head.isdigit() else 0


@dataclass
class StoredFile:
    """A file the bot sent or received."""

    kind: str
    file_id: str
    file_unique_id: str
    size: int | None
    name: str | None = None
    mime_type: str | None = None
    data: bytes | None = field(default=None, repr=False)
    width: int | None = None
    height: int | None = None

    @property
    def path(self) -> str:
        """Where getFile says the file is (under /file/bot<token>/)."""
        folder = {"photo": "photos", "document": "documents"}.get(self.kind, f"{self.kind}s")
        suffix = (self.name or "").rsplit(".", 1)[-1] if self.name and "." in self.name else "bin"
        return f"{folder}/file_{self.file_unique_id}.{suffix}"


def file_ids(kind: str, key: bytes) -> tuple[str, str]:
    """A file's (file_id, file_unique_id), derived from its bytes or URL."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(key).digest()).decode().rstrip("=")
    return FILE_PREFIXES.get(kind, "BQAC") + "AgIAAxkBAA" + digest[:40], "AQAD" + digest[:12]


@dataclass
class BotStore:
    """The emulator's state: chats by id (and @username), messages by (chat, id), files."""

    bot: dict[str, Any]
    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    usernames: dict[str, int] = field(default_factory=dict)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    counters: dict[int, int] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)
    left: set[int] = field(default_factory=set)

    def add_chat(self, chat: dict[str, Any]) -> None:
        """Adds (or replaces) a chat the bot is in."""
        self.chats[int(chat["id"])] = chat
        if chat.get("username"):
            self.usernames[str(chat["username"]).lower()] = int(chat["id"])

    def find_chat(self, chat_id: Any) -> dict[str, Any] | None:
        """A chat by numeric id (number or text) or @username, if the bot is in it."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            found = self.usernames.get(chat_id[1:].lower())
            return self.chats.get(found) if found is not None else None
        try:
            number = int(str(chat_id).strip())
        except ValueError:
            return None
        return None if number in self.left else self.chats.get(number)

    def next_message_id(self, chat_id: int) -> int:
        self.counters[chat_id] = self.counters.get(chat_id, 0) + 1
        return self.counters[chat_id]

    def keep(self, message: dict[str, Any]) -> None:
        """Stores a message the bot sent, and lists it for /_emulator/messages."""
        self.messages[(message["chat"]["id"], message["message_id"])] = message
        self.sent.append(message)


def seed_chats(store: BotStore) -> None:
    """The chats every emulator starts with: private chats with users 100001-100999,
    groups -100001 to -100099, and the channel @kflow_channel (-1001000000001)."""
    for number in range(100001, 101000):
        store.add_chat({"id": number, "first_name": f"User {number}", "type": "private"})
    for number in range(100001, 100100):
        store.add_chat({"id": -number, "title": f"Group {number}", "type": "group"})
    store.add_chat(
        {
            "id": -1001000000001,
            "title": "kflow channel",
            "username": "kflow_channel",
            "type": "channel",
        }
    )
