"""The Code node: modes, return shapes, data access, console.log on stderr, limits, errors."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.errors import NodeOperationError
from kflow.host.expressions.code import CodeLimits
from kflow.host.flow import parse_flow
from kflow.host.settings import RunSettings
from kflow.nodes.core.code import CODE

ALL = "runOnceForAllItems"
EACH = "runOnceForEachItem"
ROWS = [{"name": "Ann", "n": 1}, {"name": "Bob", "n": 2}, {"name": "Cy", "n": 3}]


async def code(
    source: str,
    mode: str = ALL,
    rows: list[dict[str, Any]] | None = None,
    *,
    version: float = 2,
    extra: dict[str, Any] | None = None,
    settings: RunSettings | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    data = {
        "nodes": [
            {
                "name": "In",
                "type": "input",
                "parameters": {"items": ROWS if rows is None else rows},
            },
            {
                "name": "Code",
                "type": "code",
                "typeVersion": version,
                "parameters": {"mode": mode, "jsCode": source},
                **(extra or {}),
            },
        ],
        "connections": {"In": ["Code"]},
    }
    kwargs: dict[str, Any] = {"credentials": Credentials(), "base_dir": Path(".")}
    if settings is not None:
        kwargs["settings"] = settings
    if now is not None:
        kwargs["now"] = now
    result = await run_flow(parse_flow(data, source="t"), **kwargs)
    return [item["json"] for item in result.items]


async def test_all_items_map_and_single_object() -> None:
    assert await code("return items.map(i => ({ json: { up: i.json.name.toUpperCase() } }));") == [
        {"up": "ANN"},
        {"up": "BOB"},
        {"up": "CY"},
    ]
    assert await code("return { total: items.reduce((s, i) => s + i.json.n, 0) };") == [
        {"total": 6}
    ]
    assert await code("return null;") == []


async def test_each_item_returns_and_skips() -> None:
    out = await code(
        "if ($itemIndex === 1) return null;\nreturn { i: $itemIndex, n: $json.n };", EACH
    )
    assert out == [{"i": 0, "n": 1}, {"i": 2, "n": 3}]


async def test_shadowing_items_is_allowed() -> None:
    out = await code("const items = $input.all().slice(0, 1);\nreturn items;")
    assert out == [{"name": "Ann", "n": 1}]


async def test_node_access_and_item_matching() -> None:
    out = await code(
        "return { from: $('In').item.json.name, m: $('In').itemMatching($itemIndex).json.n };",
        EACH,
    )
    assert out == [{"from": "Ann", "m": 1}, {"from": "Bob", "m": 2}, {"from": "Cy", "m": 3}]


async def test_now_and_today_come_from_the_run() -> None:
    now = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
    out = await code(
        "return [{ json: { now: $now.toISO(), today: $today.toISODate(), z: $now.zoneName } }];",
        rows=[{}],
        now=now,
        settings=RunSettings(timezone="Europe/Berlin"),
    )
    assert out == [
        {"now": "2024-05-06T09:08:09.000+02:00", "today": "2024-05-06", "z": "Europe/Berlin"}
    ]


async def test_jmespath() -> None:
    assert await code(
        "return [{ json: { n: $jmespath(items.map(i => i.json), '[?n > `1`].name') } }];"
    ) == [{"n": ["Bob", "Cy"]}]


async def test_console_log_goes_to_stderr_not_items(capfd: pytest.CaptureFixture[str]) -> None:
    out = await code(
        "console.log('hello', { a: 1 });\nconsole.warn('careful');\nreturn $json;",
        EACH,
        rows=[{"x": 1}],
    )
    assert out == [{"x": 1}]
    captured = capfd.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == ['[Code] hello {"a":1}', "[Code] warn: careful"]


async def test_console_log_before_a_failure_is_kept(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(NodeOperationError):
        await code("console.log('before');\nthrow new Error('x');")
    assert "[Code] before" in capfd.readouterr().err


async def test_error_names_node_item_message_and_line() -> None:
    with pytest.raises(NodeOperationError) as caught:
        await code(
            "const x = 1;\n"
            "if ($itemIndex === 1) throw new Error('bad ' + $json.name);\n"
            "return $json;",
            EACH,
        )
    error = caught.value
    assert error.node == "Code"
    assert error.item_index == 1
    assert error.message == "Error: bad Bob [line 2]"


async def test_syntax_error_has_its_line() -> None:
    with pytest.raises(NodeOperationError) as caught:
        await code("const a = 1;\nreturn { a: 1 ;")
    assert "SyntaxError" in caught.value.message
    assert "[line 2]" in caught.value.message


@pytest.mark.parametrize(
    ("source", "mode", "words"),
    [
        ("return 5;", ALL, "doesn't return items properly"),
        ("const x = 1;", ALL, "undefined returned"),
        ("return [{ json: 1 }];", ALL, "'json' property isn't an object"),
        ("return [{ json: {}, extra: 1 }];", ALL, "item key `json` next to other keys"),
        ("return [{ json: {} }, { a: 1 }];", ALL, "Unknown top-level item key: a"),
        ("return 'x';", EACH, "'json' property isn't an object"),
        ("return $input.first();", EACH, "Can't use $input.first() here"),
        ("return { n: items.length };", EACH, "items is not defined"),
    ],
)
async def test_bad_returns_are_refused(source: str, mode: str, words: str) -> None:
    with pytest.raises(NodeOperationError) as caught:
        await code(source, mode)
    assert words in str(caught.value)


async def test_python_is_refused_by_name() -> None:
    with pytest.raises(NodeOperationError) as caught:
        await code(
            "", extra={"parameters": {"language": "pythonNative", "pythonCode": "return _items"}}
        )
    assert caught.value.node == "Code"
    assert "kflow runs JavaScript only" in caught.value.message


async def test_empty_code_is_refused() -> None:
    with pytest.raises(NodeOperationError, match="no JavaScript code"):
        await code("   ")


async def test_infinite_loop_is_stopped_with_the_node_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(CODE, "limits", CodeLimits(seconds=0.3))
    started = time.monotonic()
    with pytest.raises(NodeOperationError) as caught:
        await code("while (true) {}", EACH)
    assert time.monotonic() - started < 3
    assert caught.value.node == "Code"
    assert caught.value.item_index == 0
    assert "ran longer than 0.3 s" in caught.value.message
    # The engine starts afresh afterwards.
    assert await code("return { ok: 1 };", EACH, rows=[{}]) == [{"ok": 1}]


async def test_each_item_code_hands_back_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(CODE, "limits", CodeLimits(seconds=5, slice_seconds=0.01))
    ticks = 0
    stop = False

    async def ticker() -> None:
        nonlocal ticks
        while not stop:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    busy = "const end = Date.now() + 5; while (Date.now() < end) {}\nreturn { i: $itemIndex };"
    out = await code(busy, EACH, rows=[{}] * 20)
    stop = True
    await task
    assert len(out) == 20
    assert ticks >= 5


async def test_continue_on_fail_keeps_going() -> None:
    out = await code(
        "if ($itemIndex === 1) throw new Error('no');\nreturn { i: $itemIndex };",
        EACH,
        extra={"onError": "continueRegularOutput"},
    )
    assert out[0] == {"i": 0}
    assert out[2] == {"i": 2}
    assert out[1] == {"error": "no [line 1]"}


async def test_async_code_and_luxon() -> None:
    out = await code(
        "const d = await Promise.resolve(DateTime.fromISO('2024-01-31', { zone: 'UTC' }));\n"
        "return [{ json: { d: d.plus({ months: 1 }).toISODate(), when: d } }];",
        rows=[{}],
    )
    assert out == [{"d": "2024-02-29", "when": "2024-01-31T00:00:00.000Z"}]


async def test_memory_hog_fails_cleanly() -> None:
    with pytest.raises(NodeOperationError, match=r"out of memory|Error"):
        await code("const a = []; while (true) a.push(new Array(100000).fill(1));", rows=[{}])


def test_versions_and_default() -> None:
    assert CODE.description.version == [1, 2]
    assert CODE.description.defaultVersion == 2
