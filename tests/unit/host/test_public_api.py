"""The host's public surface is curated: `__all__` is sorted and every name exists."""

from __future__ import annotations

import kflow.host


def test_all_is_sorted_and_importable() -> None:
    names = kflow.host.__all__
    assert names == sorted(names)
    for name in names:
        assert getattr(kflow.host, name) is not None


def test_nothing_public_is_left_out() -> None:
    public = {n for n in dir(kflow.host) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(kflow.host, n)).__name__ == "module"}
    assert public - modules - {"annotations"} == set(kflow.host.__all__)
