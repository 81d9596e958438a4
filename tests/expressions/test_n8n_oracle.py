"""The recorded answers are n8n's: the corpus is run through a real n8n 2.41.1 again.

Slow (n8n is installed once by .ci/install-n8n, then starts twice), so it is marked `n8n`;
.ci/run runs it after the default suite.
"""

from __future__ import annotations

import pytest

from tests.expressions.corpus import load_corpus, load_fixture
from tests.expressions.record_oracle import ask_n8n

pytestmark = pytest.mark.n8n


def _shape(answer: dict[str, object]) -> dict[str, object]:
    return {"error": True} if "error" in answer else answer


def test_n8n_still_gives_the_recorded_answers() -> None:
    corpus = load_corpus()
    recorded = load_fixture()["answers"]
    live = ask_n8n(corpus)
    differing = [
        case["id"]
        for case in corpus["cases"]
        if [_shape(a) for a in live[case["id"]]["items"]]
        != [_shape(a) for a in recorded[case["id"]]["items"]]
        and not case["expr"].count("$now")
    ]
    assert differing == []
