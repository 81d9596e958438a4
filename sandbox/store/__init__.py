"""SQLite storage of the sandbox: lifecycle, one module per table, the shared log query engine."""

from kflow.sandbox.store.db import Store

__all__ = ["Store"]
