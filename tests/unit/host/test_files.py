"""Files nodes touch stay inside the files folder: absolute paths, `..` and symlinks that
lead out are refused before anything is read or written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kflow.host.effects import Effects, MemoryLedger
from kflow.host.environment import visible_environment
from kflow.host.files import FileArea, OutsideFiles
from kflow.host.redaction import Redactor


@pytest.fixture
def area(tmp_path: Path) -> FileArea:
    (tmp_path / "files").mkdir()
    return FileArea(tmp_path / "flows", tmp_path / "files")


def test_relative_paths_land_inside(area: FileArea, tmp_path: Path) -> None:
    target = area.resolve("reports/today.csv")
    assert target == tmp_path / "files" / "reports" / "today.csv"
    area.write_text(target, "a\n")
    area.append_text(target, "b\n", first="header\nb\n")
    assert area.read_text(target) == "a\nb\n"
    fresh = area.resolve("fresh.csv")
    area.append_text(fresh, "1\n", first="n\n1\n")
    area.append_text(fresh, "2\n", first="n\n2\n")
    assert area.read_text(fresh) == "n\n1\n2\n"


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../escape.txt", "a/../../escape.txt", "", ".", "a/.."]
)
def test_paths_that_leave_are_refused(area: FileArea, path: str) -> None:
    with pytest.raises(OutsideFiles, match="outside the files directory"):
        area.resolve(path)


def test_a_symlink_that_leads_out_is_refused(area: FileArea, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    assert area.root is not None
    (area.root / "link").symlink_to(outside)
    (area.root / "file-link").symlink_to(outside / "x.txt")
    for path in ("link/x.txt", "file-link"):
        with pytest.raises(OutsideFiles):
            area.resolve(path)
    assert not (outside / "x.txt").exists()


def test_a_symlink_planted_after_the_check_is_not_followed(area: FileArea, tmp_path: Path) -> None:
    target = area.resolve("late.txt")
    (tmp_path / "victim.txt").write_text("keep")
    target.symlink_to(tmp_path / "victim.txt")
    with pytest.raises((OSError, OutsideFiles)):
        area.write_text(target, "evil")
    assert (tmp_path / "victim.txt").read_text() == "keep"


def test_without_a_files_folder_paths_are_the_flow_files(tmp_path: Path) -> None:
    free = FileArea(tmp_path)
    assert free.resolve("out.csv") == tmp_path / "out.csv"
    assert free.resolve("/tmp/x.csv") == Path("/tmp/x.csv")


class _Append:
    def __init__(self, area: FileArea, path: Path, text: str) -> None:
        self.area, self.path, self.text = area, path, text
        self.applied = 0

    def fingerprint(self) -> list[str]:
        return [str(self.area.size(self.path))]

    def happened_since(self, fingerprint: list[str]) -> bool:
        return self.area.read_text(self.path)[int(fingerprint[0]) :].find(self.text) >= 0

    async def apply(self) -> None:
        self.applied += 1
        self.area.append_text(self.path, self.text)


async def test_a_local_effect_happens_once_per_execution(area: FileArea) -> None:
    ledger = MemoryLedger()
    path = area.resolve("log.jsonl")
    first = _Append(area, path, "one\n")
    await Effects(ledger, "db:1").once_local("Write", "k", first)
    await Effects(ledger, "db:1").once_local("Write", "k", first)
    await Effects(ledger, "db:2").once_local("Write", "k", first)
    assert (first.applied, area.read_text(path)) == (2, "one\none\n")


async def test_an_interrupted_effect_is_found_or_made_again(area: FileArea) -> None:
    """An intent left by a run that died: the append is adopted when it is in the file,
    and made when it is not."""
    from kflow.host.effects import Effect

    path = area.resolve("log.jsonl")
    ledger = MemoryLedger()
    await ledger.claim("db:1", "Write\x1fk", Effect("intent", ["0"]))
    area.append_text(path, "made\n")  # the died run had written it
    made = _Append(area, path, "made\n")
    await Effects(ledger, "db:1").once_local("Write", "k", made)
    assert made.applied == 0

    await ledger.claim("db:2", "Write\x1fk", Effect("intent", [str(area.size(path))]))
    lost = _Append(area, path, "lost\n")
    await Effects(ledger, "db:2").once_local("Write", "k", lost)
    assert lost.applied == 1 and area.read_text(path) == "made\nlost\n"


def test_env_never_shows_credential_variables_or_secrets() -> None:
    environ = {
        "HOME": "/home/buyer",
        "KEITARO_API_KEY": "a" * 32,
        "KFLOW_API_TOKEN": "t" * 40,
        "COPY_OF_KEY": "s3cret-value-of-a-credential",
    }
    shown = visible_environment(
        environ, hidden={"KEITARO_API_KEY"}, redactor=Redactor(["s3cret-value-of-a-credential"])
    )
    assert shown == {"HOME": "/home/buyer"}
    assert os.environ is not shown


def test_appends_at_once_keep_every_line_and_one_header(tmp_path: Path) -> None:
    """Executions in several processes (workers) append to a file that does not exist yet,
    all at once: no line is lost to a truncation, and the header is written once."""
    import subprocess
    import sys

    start = tmp_path / "go"
    script = (
        "import sys, time; from pathlib import Path; from kflow.host.files import FileArea\n"
        "area = FileArea(Path(sys.argv[1]), Path(sys.argv[1]))\n"
        "target = area.resolve('lines.csv')\n"
        "while not Path(sys.argv[3]).exists(): time.sleep(0.001)\n"
        "for i in range(50):\n"
        "    area.append_text(target, f'{sys.argv[2]}-{i}\\n', first=f'n\\n{sys.argv[2]}-{i}\\n')\n"
    )
    files = str(tmp_path / "files")
    writers = [
        subprocess.Popen([sys.executable, "-c", script, files, str(n), str(start)])
        for n in range(6)
    ]
    start.touch()  # all of them begin together
    # No timeout: subprocess's timed wait sleeps in a loop, which libfaketime breaks.
    assert [writer.wait() for writer in writers] == [0] * 6
    lines = (tmp_path / "files" / "lines.csv").read_text().splitlines()
    assert lines[0] == "n" and lines.count("n") == 1
    assert sorted(lines[1:]) == sorted(f"{n}-{i}" for n in range(6) for i in range(50))
