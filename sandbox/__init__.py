"""A local Keitaro Admin API emulator on aiohttp and SQLite, seeded with demo data."""

from kflow.sandbox.app import create_app
from kflow.sandbox.server import SandboxServer, new_api_key, new_postback_key
from kflow.sandbox.store import Store

__all__ = ["SandboxServer", "Store", "create_app", "new_api_key", "new_postback_key"]
