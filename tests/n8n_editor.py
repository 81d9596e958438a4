"""n8n's editor (`n8n start`) on loopback, for browser tests: started, owner set up, stopped."""

from __future__ import annotations

import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.n8n_headless import environment, n8n_root
from tests.support import free_port

__all__ = ["OWNER", "editor"]

OWNER = {
    "email": "owner@kflow.test",
    "firstName": "Kflow",
    "lastName": "Tests",
    "password": "Kflow-tests-2026",
}


@contextmanager
def editor(home: Path, *, timeout: float = 180) -> Iterator[str]:
    """Starts n8n's editor for the user folder `home`; yields its URL once it is ready and
    its owner is set up (OWNER)."""
    port = free_port()
    env = {
        **environment(home),
        "N8N_PORT": str(port),
        "N8N_LISTEN_ADDRESS": "127.0.0.1",
        "N8N_HOST": "127.0.0.1",
        "N8N_RUNNERS_BROKER_PORT": str(free_port()),
        "N8N_SECURE_COOKIE": "false",
    }
    n8n = str(n8n_root() / "node_modules" / ".bin" / "n8n")
    log = (home / "n8n.log").open("w")
    process = subprocess.Popen([n8n, "start"], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while "Editor is now accessible" not in (home / "n8n.log").read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("n8n did not start:\n" + (home / "n8n.log").read_text()[-3000:])
            time.sleep(0.5)
        request = urllib.request.Request(
            f"{url}/rest/owner/setup",
            data=json.dumps(OWNER).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        urllib.request.urlopen(request, timeout=30).read()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
