"""switch: routes each item to one of several outputs (n8n's Switch, versions 1, 2 and 3 … 3.4).

switch_legacy.py runs versions 1 and 2 (one value against each rule's value), and
switch_rules.py versions 3 to 3.4 (rules built with the condition builder).
"""

from __future__ import annotations

from kflow.host import VersionedNode
from kflow.nodes.core.switch_legacy import SwitchV1, SwitchV2
from kflow.nodes.core.switch_rules import SwitchV3

__all__ = ["SWITCH"]

SWITCH = VersionedNode(default=3.4, implementations=(SwitchV1(), SwitchV2(), SwitchV3()))
