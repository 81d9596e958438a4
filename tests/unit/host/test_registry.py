"""The registry reads the installed entry points once per process, however often it is asked
(a streamed run looks its node up for every window)."""

from __future__ import annotations

from kflow.host import registry


def test_a_node_type_is_looked_up_once_and_entry_points_are_read_once() -> None:
    first = registry.load_node_type("keitaro")
    read = registry._installed.cache_info().misses
    for _ in range(3):
        assert type(registry.load_node_type("keitaro")) is type(first)
    assert registry.load_node_type("n8n-nodes-keitaro.keitaro") is not None
    assert registry._installed.cache_info().misses == read <= 1
    assert registry.credential_definitions()["keitaroApi"] is not None
    assert registry._installed.cache_info().misses == read
