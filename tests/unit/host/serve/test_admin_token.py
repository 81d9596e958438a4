"""The REST API's token: from the environment, a private file, or generated into one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kflow.host.serve import admin_token
from kflow.host.serve.admin_token import ApiToken, load_api_token, token_matches

GOOD = "a-good-token-of-32-characters-xx"


def write_private(path: Path, text: str, mode: int = 0o600) -> None:
    path.write_text(text)
    path.chmod(mode)


def test_the_environment_wins_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "token"
    write_private(path, "from-the-file-0123456789")
    found = load_api_token(environ={"KFLOW_API_TOKEN": f" {GOOD}\n"}, path=path)
    assert (found.value, found.source, found.path) == (GOOD, "environment", None)
    assert found.describe() == "from $KFLOW_API_TOKEN"


@pytest.mark.parametrize("value", ["", "   ", "short-token"])
def test_an_empty_or_short_variable_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ValueError, match="KFLOW_API_TOKEN") as caught:
        load_api_token(environ={"KFLOW_API_TOKEN": value}, path=tmp_path / "token")
    assert "short-token" not in str(caught.value)
    assert not (tmp_path / "token").exists()


def test_a_token_with_spaces_is_refused_without_being_shown(tmp_path: Path) -> None:
    secret = "two words that make a long token"
    with pytest.raises(ValueError, match="visible ASCII") as caught:
        load_api_token(environ={"KFLOW_API_TOKEN": secret}, path=tmp_path / "token")
    assert secret not in str(caught.value)


def test_the_file_is_read_and_stripped(tmp_path: Path) -> None:
    path = tmp_path / "token"
    write_private(path, f"\n  {GOOD}  \n")
    found = load_api_token(environ={}, path=path)
    assert (found.value, found.source, found.path) == (GOOD, "file", path)
    assert found.describe() == f"read from {path}"


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644, 0o620, 0o660])
def test_a_file_others_can_reach_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "token"
    write_private(path, GOOD, mode)
    with pytest.raises(ValueError, match="chmod 600") as caught:
        load_api_token(environ={}, path=path)
    assert GOOD not in str(caught.value)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "token"
    write_private(path, " \n")
    with pytest.raises(ValueError, match="is empty"):
        load_api_token(environ={}, path=path)


def test_a_short_file_token_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "token"
    write_private(path, "abc")
    with pytest.raises(ValueError, match="too short"):
        load_api_token(environ={}, path=path)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="token file"):
        load_api_token(environ={}, path=tmp_path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "token"
    os.mkfifo(path, 0o600)
    with pytest.raises(ValueError, match="not a regular file"):
        load_api_token(environ={}, path=path)


def test_a_token_is_generated_into_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "token"
    old = os.umask(0)  # the mode must not depend on a permissive umask
    try:
        found = load_api_token(environ={}, path=path)
    finally:
        os.umask(old)
    assert found.source == "generated" and found.path == path
    assert len(found.value) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().strip() == found.value
    again = load_api_token(environ={}, path=path)
    assert (again.value, again.source) == (found.value, "file")
    assert found.describe() == f"generated in {path}"


def test_generation_fails_clearly_where_it_cannot_write(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot create the REST API token file"):
        load_api_token(environ={}, path=tmp_path / "missing" / "token")


def test_a_file_created_meanwhile_is_read_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process creates the file between our look and our O_EXCL create."""
    path = tmp_path / "token"
    real_open = os.open

    def racing_open(file: object, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_EXCL and not path.exists():
            write_private(path, GOOD)
        return real_open(file, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(admin_token.os, "open", racing_open)
    found = load_api_token(environ={}, path=path)
    assert (found.value, found.source) == (GOOD, "file")
    assert path.read_text() == GOOD


def test_a_file_created_but_not_yet_written_is_awaited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other process has created the file and writes it while we wait."""
    path = tmp_path / "token"
    real_open = os.open
    waits: list[float] = []

    def racing_open(file: object, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_EXCL and not path.exists():
            path.touch(mode=0o600)
        return real_open(file, flags, mode)  # type: ignore[arg-type]

    def other_process_writes(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            path.write_text(GOOD)

    monkeypatch.setattr(admin_token.os, "open", racing_open)
    monkeypatch.setattr(admin_token.time, "sleep", other_process_writes)
    found = load_api_token(environ={}, path=path)
    assert len(waits) == 3
    assert (found.value, found.source) == (GOOD, "file")


def test_a_file_left_empty_is_refused_after_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "token"
    real_open = os.open

    def racing_open(file: object, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_EXCL and not path.exists():
            path.touch(mode=0o600)
        return real_open(file, flags, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(admin_token.os, "open", racing_open)
    monkeypatch.setattr(admin_token.time, "sleep", lambda seconds: None)
    with pytest.raises(ValueError, match="delete it to have one generated"):
        load_api_token(environ={}, path=path)


def test_the_token_never_shows_in_its_repr(tmp_path: Path) -> None:
    found = load_api_token(environ={"KFLOW_API_TOKEN": GOOD}, path=tmp_path / "token")
    assert GOOD not in repr(found)
    assert GOOD not in str(found)
    assert isinstance(found, ApiToken)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (GOOD, True),
        (None, False),
        ("", False),
        (GOOD[:-1], False),
        (GOOD + "x", False),
        (GOOD.upper(), False),
        ("\udcff" + GOOD[1:], False),  # an undecodable header byte
        ("é" * 32, False),
    ],
)
def test_token_matches(given: str | None, expected: bool) -> None:
    assert token_matches(given, GOOD) is expected
