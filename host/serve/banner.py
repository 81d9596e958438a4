"""What `kflow serve` says when it starts: each webhook's production URL (with its method,
flow and node) and each schedule rule's next fire."""

from __future__ import annotations

from kflow.host.serve.service import Server

__all__ = ["banner_lines"]


def banner_lines(server: Server, public_url: str) -> list[str]:
    """One line per webhook (`POST http://host:5678/webhook/path  flow "F", node "N"`), then
    one per schedule rule (`schedule  flow "F", node "N", rule 1: next fire 2026-…`).

    Args:
        server: The started server (its flows, clock and database).
        public_url: Where callers reach serve (--public-url, else http://HOST:PORT).
    """
    base = public_url.rstrip("/")
    hooks = sorted(server.request_triggers(), key=lambda t: (t.flow, t.path, t.method))
    width = max((len(t.method) for t in hooks), default=0)
    lines = [
        f"{t.method.ljust(width)} {base}/webhook/{t.path}  flow {_q(t.flow)}, node {_q(t.node)}"
        for t in hooks
    ]
    for fire in sorted(server.upcoming(), key=lambda u: (u.moment, u.flow, u.node, u.rule)):
        local = fire.moment.astimezone(fire.zone)
        lines.append(
            f"schedule flow {_q(fire.flow)}, node {_q(fire.node)}, rule {fire.rule + 1}: "
            f"next fire {local.isoformat(sep=' ', timespec='seconds')} ({fire.zone.key})"
        )
    return lines


def _q(name: str) -> str:
    return f'"{name}"'
