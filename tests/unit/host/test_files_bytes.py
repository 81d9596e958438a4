"""FileArea's byte methods: read, write, append and glob, confined to the files folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kflow.host import FileArea, OutsideFiles


def test_write_read_append_bytes(tmp_path: Path) -> None:
    area = FileArea(tmp_path, tmp_path)
    target = area.resolve("sub/a.bin")
    area.write_bytes(target, b"\x00\xff")
    area.append_bytes(target, b"!")
    assert area.read_bytes(target) == b"\x00\xff!"
    area.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"


def test_glob_inside_only(tmp_path: Path) -> None:
    root = tmp_path / "files"
    (root / "in" / "deep").mkdir(parents=True)
    (root / "in" / "b.csv").write_bytes(b"b")
    (root / "in" / "a.csv").write_bytes(b"a")
    (root / "in" / "deep" / "c.csv").write_bytes(b"c")
    (tmp_path / "secret.csv").write_bytes(b"s")
    os.symlink(tmp_path / "secret.csv", root / "in" / "link.csv")
    area = FileArea(tmp_path, root)
    assert [p.name for p in area.glob("in/*.csv")] == ["a.csv", "b.csv"]
    assert [p.name for p in area.glob("in/**/*.csv")] == ["a.csv", "b.csv", "c.csv"]
    assert [p.name for p in area.glob(f"{root}/in/a.csv")] == ["a.csv"]
    with pytest.raises(OutsideFiles):
        area.glob("../*.csv")
    with pytest.raises(OutsideFiles):
        area.glob(f"{tmp_path}/secret.csv")


def test_symlink_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "files"
    root.mkdir()
    (tmp_path / "secret").write_bytes(b"s")
    os.symlink(tmp_path / "secret", root / "link")
    area = FileArea(tmp_path, root)
    with pytest.raises(OSError):
        area.read_bytes(root / "link")
    with pytest.raises(OutsideFiles):
        area.write_bytes(root / "link", b"x")
    assert (tmp_path / "secret").read_bytes() == b"s"
