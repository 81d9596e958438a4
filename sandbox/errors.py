"""Keitaro-shaped error answers: `{"error": text}`, and 406 `{field: [messages]}`."""

from __future__ import annotations

from aiohttp import web

__all__ = ["error_response", "field_errors_response"]


def error_response(status: int, message: str) -> web.Response:
    """An error answer the way Keitaro gives it."""
    return web.json_response({"error": message}, status=status)


def field_errors_response(errors: dict[str, list[str]]) -> web.Response:
    """A 406 validation answer keyed by field name."""
    return web.json_response(errors, status=406)
