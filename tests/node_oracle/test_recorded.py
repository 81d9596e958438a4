"""kflow against n8n 2.41.1's recorded answers: every case of every family, every test run."""

from __future__ import annotations

from typing import Any

import pytest

from tests.n8n_headless import N8N_VERSION
from tests.node_oracle.harness import (
    Case,
    families,
    kflow_answer,
    load_cases,
    load_recording,
)


def _all_cases() -> list[tuple[str, Case]]:
    return [(family, case) for family in families() for case in load_cases(family)]


@pytest.mark.parametrize(("family", "case"), _all_cases(), ids=lambda v: getattr(v, "id", v))
async def test_kflow_answers_as_n8n_did(family: str, case: Case) -> None:
    recording = load_recording(family)
    assert recording.get("n8n") == N8N_VERSION, f"{family}: recorded with another n8n"
    assert case.id in recording["cases"], f"{case.id}: not recorded yet (tests.node_oracle.record)"
    expected: dict[str, Any] = recording["cases"][case.id]
    got = await kflow_answer(case)
    if "error" in expected:
        assert case.error, f"{case.id}: n8n failed but the case does not expect it: {expected}"
        assert "error" in got, f"{case.id}: n8n stopped at {expected['error']['node']}: {got}"
        assert got["error"]["node"] == expected["error"]["node"]
        return
    assert not case.error, f"{case.id}: the case expects an error, n8n gave none"
    assert got == expected


def test_every_recording_names_its_cases() -> None:
    for family in families():
        ids = {case.id for case in load_cases(family)}
        recorded = set(load_recording(family)["cases"])
        assert recorded <= ids, f"{family}: recorded cases no longer written: {recorded - ids}"
