"""A fast local stand-in for a tracker: answers click updates at once (for benchmarks only).

python bench/stub_server.py PORT, or `running_stub()` from a benchmark script.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiohttp import web

from kflow.testing.ports import free_port, wait_for_port

_ANSWER = b'{"sub_id": "x", "cost": 0.5}'


async def update(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=_ANSWER, content_type="application/json")


def main() -> None:
    app = web.Application()
    app.router.add_put("/admin_api/v1/clicks/{sub_id}", update)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)


@contextmanager
def running_stub() -> Iterator[str]:
    """This stub in a process of its own, on a free port; yields its URL once it listens."""
    port = free_port()
    server = subprocess.Popen([sys.executable, str(Path(__file__)), str(port)])
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
