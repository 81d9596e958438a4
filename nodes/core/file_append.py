"""A file append as a local effect: applied once per execution under `kflow serve` (an
execution that runs again does not append twice), and able to tell afterwards whether it
happened (its bytes are in the file past where the file ended)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kflow.host import FileArea

__all__ = ["Append"]


@dataclass(frozen=True)
class Append:
    """`data` appended to `target`; a file that is new (or empty) gets `first` instead,
    when given (a CSV's header before its rows)."""

    files: FileArea
    target: Path
    data: bytes = field(repr=False)
    first: bytes | None = field(default=None, repr=False)

    def fingerprint(self) -> list[str]:
        return [str(self.files.size(self.target))]

    def happened_since(self, fingerprint: list[str]) -> bool:
        try:
            offset = int(fingerprint[0])
            with self.target.open("rb") as existing:
                existing.seek(offset)
                return self.data in existing.read()
        except (ValueError, IndexError, OSError):
            return False

    async def apply(self) -> None:
        self.files.append_bytes(self.target, self.data, first=self.first)
