"""dateTime: n8n's Date & Time node, versions 1 (moment.js rules) and 2 (Luxon rules)."""

from __future__ import annotations

from kflow.host import VersionedNode
from kflow.nodes.core.date_time_v1 import DateTimeV1
from kflow.nodes.core.date_time_v2 import DateTimeV2

__all__ = ["DATE_TIME"]

DATE_TIME = VersionedNode(default=2, implementations=(DateTimeV1(), DateTimeV2()))
