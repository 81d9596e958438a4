"""kflow's own nodes pass the standard node test suite that node authors use."""

from __future__ import annotations

from typing import ClassVar

from kflow.testing import NodeSuite
from tests.support import CANARY_KEY


class TestKeitaro(NodeSuite):
    node_type = "keitaro"
    credentials: ClassVar[dict[str, dict[str, str]]] = {
        "keitaroApi": {"domain": "https://tracker.test", "apiKey": CANARY_KEY}
    }


class TestSet(NodeSuite):
    node_type = "set"


class TestIf(NodeSuite):
    node_type = "if"


class TestFilter(NodeSuite):
    node_type = "filter"


class TestMerge(NodeSuite):
    node_type = "merge"


class TestSplitOut(NodeSuite):
    node_type = "splitOut"


class TestAggregate(NodeSuite):
    node_type = "aggregate"


class TestWriteFile(NodeSuite):
    node_type = "writeFile"


class TestNoOp(NodeSuite):
    node_type = "noOp"


class TestInput(NodeSuite):
    node_type = "input"
