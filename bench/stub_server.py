"""A fast local stand-in for a tracker: answers click updates at once (for benchmarks only).

python bench/stub_server.py PORT
"""

from __future__ import annotations

import sys

from aiohttp import web

_ANSWER = b'{"sub_id": "x", "cost": 0.5}'


async def update(request: web.Request) -> web.Response:
    await request.read()
    return web.Response(body=_ANSWER, content_type="application/json")


def main() -> None:
    app = web.Application()
    app.router.add_put("/admin_api/v1/clicks/{sub_id}", update)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), access_log=None, print=None)


if __name__ == "__main__":
    main()
