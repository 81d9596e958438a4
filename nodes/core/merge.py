"""merge: n8n's Merge, every version: 1 (merge by index or key, multiplex, pass-through,
wait), 2 and 2.1 (append, combine, choose branch), 3 to 3.2 (2 to 10 inputs; SQL refused)."""

from __future__ import annotations

from kflow.host import VersionedNode
from kflow.nodes.core.merge_v1 import MergeV1
from kflow.nodes.core.merge_v2 import MergeV2
from kflow.nodes.core.merge_v3 import MergeV3

__all__ = ["MERGE", "MergeV1", "MergeV2", "MergeV3"]

MERGE = VersionedNode(default=3.2, implementations=(MergeV1(), MergeV2(), MergeV3()))
