"""kflow's expressions give n8n's answers: the corpus against the answers n8n 2.41.1 recorded."""

from __future__ import annotations

from typing import Any

import pytest

from kflow.host.expressions import Evaluator, ExpressionError, ExpressionScope
from tests.expressions.corpus import load_corpus, load_fixture, parameter
from tests.support import FIXED_NOW

CORPUS = load_corpus()
FIXTURE = load_fixture()
EVALUATOR = Evaluator()


def _scope(index: int) -> ExpressionScope:
    items: list[Any] = [
        {"json": json, "pairedItem": {"item": 0}, "lineage": {"Data": (0, i)}}
        for i, json in enumerate(CORPUS["items"])
    ]
    outputs = {"Data": [items]}
    return ExpressionScope(
        items=items,
        index=index,
        outputs=outputs,
        now=FIXED_NOW,
        timezone=CORPUS["timezone"],
        node="Case",
    )


def test_the_fixture_answers_this_corpus() -> None:
    assert FIXTURE["n8n"] == "2.41.1"
    assert len(CORPUS["cases"]) >= 100
    for case in CORPUS["cases"]:
        assert FIXTURE["answers"][case["id"]]["parameter"] == parameter(case)


@pytest.mark.parametrize("case", CORPUS["cases"], ids=lambda c: f"{c['id']}:{c['expr'][:50]}")
def test_kflow_answers_as_n8n_does(case: dict[str, Any]) -> None:
    answers = FIXTURE["answers"][case["id"]]["items"]
    for index, expected in enumerate(answers):
        scope = _scope(index)
        if "error" in expected:
            with pytest.raises(ExpressionError):
                EVALUATOR.evaluate(parameter(case), scope)
            continue
        got = EVALUATOR.evaluate(parameter(case), scope)
        want = None if expected.get("undefined") else expected["value"]
        assert got == want, f"item {index}: n8n gave {want!r}, kflow {got!r}"
        assert type(got) is type(want) or (
            isinstance(got, int | float) and isinstance(want, int | float)
        )
