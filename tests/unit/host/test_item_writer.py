"""ItemWriter: a window's items written in one go, redacted, each encoded once."""

from __future__ import annotations

import io
import json

import pytest

from kflow.host.items import Item
from kflow.host.redaction import Redactor
from kflow.host.streaming import ItemWriter

SECRET = "secret-value-0123456789"


def items(*jsons: dict[str, object]) -> list[Item]:
    return [{"json": j} for j in jsons]  # type: ignore[misc]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_windows_are_written_redacted_and_counted(fmt: str) -> None:
    out = io.StringIO()
    with ItemWriter(out, fmt, Redactor([SECRET])) as writer:
        writer.write(items({"a": 1, "key": SECRET}, {"error": {"message": "no"}}))
        writer.write([])
        writer.write(items({"success": False}))
    text = out.getvalue()
    assert SECRET not in text
    assert (writer.written, writer.failed) == (3, 2)
    if fmt == "jsonl":
        assert text.endswith("}\n")
        assert [json.loads(line)["a"] for line in text.splitlines()[:1]] == [1]
        assert len(text.splitlines()) == 3
    else:
        assert len(json.loads(text)) == 3
        assert text.startswith("[\n  {") and text.endswith("}\n]\n")


def test_what_was_encoded_before_an_item_that_cannot_be_is_written() -> None:
    out = io.StringIO()
    writer = ItemWriter(out, "jsonl", Redactor())
    with pytest.raises(TypeError):
        writer.write(items({"a": 1}, {"b": object()}, {"c": 3}))
    assert out.getvalue() == '{"a": 1}\n'
    assert writer.written == 1
