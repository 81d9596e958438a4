"""Integration tests talk to a real sandbox over loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kflow.sandbox.seed import seed_store
from kflow.sandbox.store import Store
from tests.support import FIXED_NOW


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One tracker database seeded at FIXED_NOW, for tests to copy (seeding takes a while);
    serve a copy with `SandboxServer(db=copy, clock=lambda: FIXED_NOW)`."""
    path = tmp_path_factory.mktemp("seed") / "tracker.db"
    store = Store(path)
    seed_store(store, now=FIXED_NOW)
    store.close()
    yield path
