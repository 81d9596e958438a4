"""Real services of their own for tests and benchmarks (installed by the project's .ci
scripts, never by hand)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kflow.testing.ports import free_port, wait_for_port

__all__ = ["redis_server"]


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A redis-server (Debian's; `.ci/install-redis`) on a free loopback port, keeping
    nothing on disk but in `folder`; yields its URL.

    Raises:
        FileNotFoundError: redis-server is not installed.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server is missing: run .ci/install-redis")
    port = free_port()
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen([binary, *options, "--dir", str(folder)], stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)
