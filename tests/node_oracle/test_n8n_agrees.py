"""The recordings are n8n's own answers: a real n8n 2.41.1 is asked again (marked `n8n`)."""

from __future__ import annotations

import pytest

from tests.node_oracle.harness import families, load_cases, load_recording
from tests.node_oracle.record import ask_n8n

pytestmark = pytest.mark.n8n


@pytest.mark.parametrize("family", families())
def test_n8n_answers_as_recorded(family: str) -> None:
    cases = load_cases(family)
    assert ask_n8n(cases) == load_recording(family)["cases"]
