"""Every resource of the Keitaro node, in the order the Ресурс selector shows them.

Each resource has one home under resources/ (a module, or a package when some of its
operations are coded) that exports LABEL (its option in the selector) and OPERATIONS
(value -> handler, each satisfying KeitaroOperation, in menu order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from kflow.host import NodeProperty
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources import (
    affiliate_network,
    bot_list,
    campaign,
    click,
    conversion,
    domain,
    group,
    integration,
    landing,
    log,
    offer,
    postback,
    statistics,
    stream,
    traffic_source,
    user,
)

__all__ = ["HOMES", "RESOURCES", "Resource", "ResourceHome"]


class ResourceHome(Protocol):
    """What a resource's module or package under resources/ exports."""

    @property
    def LABEL(self) -> Mapping[str, str]:
        """The option in the Ресурс selector: name, value, description."""
        ...

    @property
    def OPERATIONS(self) -> Mapping[str, KeitaroOperation]:
        """Operation value -> handler, in menu order."""
        ...


@dataclass(frozen=True)
class Resource:
    """One resource: its option in the Ресурс selector and its operations, in order."""

    label: Mapping[str, str]
    operations: Mapping[str, KeitaroOperation]

    @property
    def properties(self) -> list[NodeProperty]:
        return [prop for handler in self.operations.values() for prop in handler.PROPERTIES]


HOMES: tuple[ResourceHome, ...] = (
    click,
    campaign,
    stream,
    offer,
    landing,
    affiliate_network,
    traffic_source,
    domain,
    group,
    user,
    bot_list,
    log,
    integration,
    conversion,
    postback,
    statistics,
)
"""The resources' homes, in selector order."""

RESOURCES: dict[str, Resource] = {
    home.LABEL["value"]: Resource(home.LABEL, home.OPERATIONS) for home in HOMES
}
"""Resource value -> Resource, in the order the selector shows them."""
