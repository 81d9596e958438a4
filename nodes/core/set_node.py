"""set: n8n's Edit Fields (Set), every version n8n 2.41.1 runs.

Set 1 and 2 (set_values.py) write boolean, number and string rows; Edit Fields 3 to 3.5
(set_fields.py) set typed fields one by one or write the item as JSON, and choose which
input fields stay. A workflow's `typeVersion` picks one; without it, 3.5 (n8n's default).
"""

from __future__ import annotations

from kflow.host import VersionedNode
from kflow.nodes.core.set_fields import SetFieldsNode
from kflow.nodes.core.set_values import SetValuesNode

__all__ = ["SET", "SetFieldsNode", "SetValuesNode"]

SET = VersionedNode(default=3.5, implementations=(SetValuesNode(), SetFieldsNode()))
