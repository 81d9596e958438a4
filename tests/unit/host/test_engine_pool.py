"""Warm engines for serve: one execution at a time each, and nothing of one seen by the next."""

from __future__ import annotations

import threading
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from kflow.host.credentials import Credentials
from kflow.host.engine import run_flow
from kflow.host.expressions import Evaluator
from kflow.host.expressions.engine import EngineLimits, Frame, JsEngine, JsError
from kflow.host.expressions.engine_pool import EnginePool
from kflow.host.flow import parse_flow
from tests.support import FIXED_NOW

# Each writes a value where code could try to keep it between executions.
STASHES = {
    "global": "(globalThis.leak = 'secret')",
    "zone": "($now.setZone('Europe/Berlin').zone.leak = 'secret')",
    "node proxy": "(Object.getPrototypeOf($('In')).leak = 'secret')",
    "compiled function": "(arguments.callee.leak = 'secret')",
    "this": "(this.leak = 'secret')",
    "static getter": "(DateTime.DATE_SHORT.leak = 'secret')",
    "accessor function": (
        "(Object.getOwnPropertyDescriptor(Map.prototype, 'size').get.leak = 'secret')"
    ),
    "map iterator": "(Object.getPrototypeOf(new Map().keys()).leak = 'secret')",
    "scope class": "(Object.getPrototypeOf(arguments[0]).leak = 'secret')",
    "extension call": "(arguments[1].ext.leak = 'secret')",
}
READS = {
    "global": "typeof leak",
    "zone": "String($now.setZone('Europe/Berlin').zone.leak)",
    "node proxy": "String(Object.getPrototypeOf($('In')).leak)",
    "compiled function": "String(arguments.callee.leak)",
    "this": "String(this.leak)",
    "static getter": "String(DateTime.DATE_SHORT.leak)",
    "accessor function": (
        "String(Object.getOwnPropertyDescriptor(Map.prototype, 'size').get.leak)"
    ),
    "map iterator": "String(Object.getPrototypeOf(new Map().keys()).leak)",
    "scope class": "String(Object.getPrototypeOf(arguments[0]).leak)",
    "extension call": "String(arguments[1].ext.leak)",
}


def flow(*nodes: dict[str, Any]) -> Any:
    names = [n["name"] for n in nodes]
    connections = {a: [b] for a, b in pairwise(names)}
    return parse_flow({"name": "t", "nodes": list(nodes), "connections": connections}, source="t")


def inline(*records: dict[str, Any]) -> dict[str, Any]:
    return {"name": "In", "type": "input", "parameters": {"items": list(records)}}


def edit(**values: str) -> dict[str, Any]:
    assignments = [{"name": k, "value": v, "type": "string"} for k, v in values.items()]
    return {
        "name": "Edit",
        "type": "set",
        "typeVersion": 3.4,
        "parameters": {"assignments": {"assignments": assignments}},
    }


def code(source: str, mode: str = "runOnceForAllItems") -> dict[str, Any]:
    return {"name": "Code", "type": "code", "parameters": {"jsCode": source, "mode": mode}}


async def execute(pool: EnginePool, tmp_path: Path, *nodes: dict[str, Any]) -> list[Any]:
    """One execution as serve runs it: an evaluator lent a pooled engine, given back."""
    evaluator = Evaluator(pool=pool)
    try:
        result = await run_flow(
            flow(*nodes),
            credentials=Credentials(),
            base_dir=tmp_path,
            evaluator=evaluator,
            now=FIXED_NOW,
        )
    finally:
        evaluator.release()
    return [item["json"] for item in result.items]


@pytest.fixture
def pool() -> EnginePool:
    return EnginePool(max_idle=1)


async def test_an_expressions_stashes_are_gone_for_the_next_execution(
    pool: EnginePool, tmp_path: Path
) -> None:
    record = {"tags": ["a"], "secret": "s3"}
    first = await execute(
        pool, tmp_path, inline(record), edit(**{k: f"={{{{ {v} }}}}" for k, v in STASHES.items()})
    )
    assert first[0]["global"] == "secret"
    second = await execute(
        pool,
        tmp_path,
        inline({"tags": ["b"]}),
        edit(**{k: f"={{{{ {v} }}}}" for k, v in READS.items()}),
    )
    assert pool.built == 1  # the same engine ran both
    assert second[0] == {"global": "undefined"} | {
        name: "undefined" for name in READS if name != "global"
    }


async def test_a_code_nodes_globals_are_gone_for_the_next_execution(
    pool: EnginePool, tmp_path: Path
) -> None:
    await execute(
        pool,
        tmp_path,
        inline({"secret": "s3"}),
        code(
            "globalThis.leak = $json.secret; undeclared = $json.secret;"
            " $jmespath.leak = $json.secret; return $input.item;",
            "runOnceForEachItem",
        ),
    )
    (seen,) = await execute(
        pool,
        tmp_path,
        inline({}),
        code(
            "return [{json: {g: typeof leak, u: typeof undeclared,"
            " j: String($jmespath.leak), items: $input.all().length}}];"
        ),
    )
    assert pool.built == 1
    assert seen == {"g": "undefined", "u": "undefined", "j": "undefined", "items": 1}


def frame(items: list[Any], env: dict[str, str] | None = None, node: str = "B") -> Frame:
    return Frame(
        node=node,
        items=items,
        outputs={"A": [items]},
        now_ms=0,
        timezone="UTC",
        env=env,
        workflow={},
        execution={},
    )


def test_another_executions_items_and_env_are_not_seen(pool: EnginePool) -> None:
    items = [{"json": {"secret": "first"}}]
    with pool.lease() as engine:
        got = engine.evaluate_batch(
            "$('A').first().json.secret + $env.KEY", ["{}"], [0], frame(items, {"KEY": "k1"})
        )
        assert got == [(True, "firstk1")]
    # The next execution's objects may get the same ids as the last one's (here: the
    # same list, refilled); the engine must load them again, not answer from before.
    items[0] = {"json": {"secret": "second"}}
    with pool.lease() as again:
        assert again is engine
        assert again.evaluate_batch("$('A').first().json.secret", ["{}"], [0], frame(items)) == [
            (True, "second")
        ]
        (denied,) = again.evaluate_batch("$env.KEY", ["{}"], [0], frame(items))
        assert isinstance(denied, JsError) and "denied" in str(denied)


def test_an_engine_that_ran_out_of_time_is_not_reused() -> None:
    pool = EnginePool(EngineLimits(seconds=0.05), max_idle=2)
    with pool.lease() as engine:
        (failed,) = engine.evaluate_batch("(() => { for (;;) {} })()", ["{}"], [0], frame([]))
        assert isinstance(failed, JsError)
    assert pool.idle() == 0
    with pool.lease() as other:
        assert other is not engine
        assert other.evaluate_batch("1 + 1", ["{}"], [0], frame([])) == [(True, 2)]
    assert pool.built == 2 and pool.idle() == 1


def test_an_engine_is_given_back_once() -> None:
    pool = EnginePool()
    engine = pool.acquire()
    pool.release(engine)
    with pytest.raises(ValueError, match="not lent"):
        pool.release(engine)
    with pytest.raises(ValueError, match="not lent"):
        pool.release(JsEngine())


def test_threads_never_share_an_engine() -> None:
    pool = EnginePool(max_idle=3)
    lent: set[int] = set()
    guard = threading.Lock()
    shared: list[str] = []
    answers: list[Any] = []

    def work(n: int) -> None:
        for i in range(15):
            with pool.lease() as engine:
                with guard:
                    if id(engine) in lent:
                        shared.append(f"thread {n}")
                    lent.add(id(engine))
                answers.append(
                    engine.evaluate_batch("$json.n * 2", [f'{{"n": {i}}}'], [0], frame([]))
                )
                with guard:
                    lent.discard(id(engine))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert shared == []
    assert len(answers) == 90 and all(isinstance(a[0], tuple) for a in answers)
    assert pool.idle() <= 3


def test_an_engine_built_on_one_thread_keeps_its_stack_limit_on_another() -> None:
    engine = JsEngine()
    deep = "(function f(n) { return n ? f(n - 1) + 1 : 0; })(100000)"
    shallow = "(function f(n) { return n ? f(n - 1) + 1 : 0; })(200)"
    answers: list[Any] = []

    def use() -> None:
        answers.extend(
            engine.evaluate_batch(source, ["{}"], [0], frame([])) for source in (deep, shallow)
        )

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    (too_deep,), (fine,) = answers
    assert isinstance(too_deep, JsError) and "call stack" in str(too_deep)
    assert fine == (True, 200)


def test_an_engine_is_built_afresh_after_max_uses() -> None:
    pool = EnginePool(max_uses=2)
    for _ in range(3):
        with pool.lease():
            pass
    assert pool.built == 2


def test_an_evaluator_without_a_pool_keeps_its_engine() -> None:
    evaluator = Evaluator()
    engine = evaluator.engine
    evaluator.release()
    assert evaluator.engine is engine


def test_warming_builds_engines_up_to_the_count_and_the_bound() -> None:
    pool = EnginePool(max_idle=3)
    pool.warm(2)
    assert (pool.idle(), pool.built) == (2, 2)
    pool.warm(5)
    assert (pool.idle(), pool.built) == (3, 3)
