"""Every resource of the Keitaro node and its operations, declarative and coded alike.

An operation handler is either a module under `resources/` or a `Declared` operation; both
have OPERATION, PROPERTIES, ROUTE, EXAMPLE, prepare and (optionally) execute.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kflow.host import NodeProperty
from kflow.nodes.keitaro.operations.catalog import campaigns, domains, offers, service, sources
from kflow.nodes.keitaro.operations.catalog import streams as stream_ops
from kflow.nodes.keitaro.operations.declarative import Declared
from kflow.nodes.keitaro.operations.model import Operation
from kflow.nodes.keitaro.resources import campaign, click, conversion, postback, statistics
from kflow.nodes.keitaro.resources.download import LANDING_DOWNLOAD, OFFER_DOWNLOAD

__all__ = ["RESOURCES", "Resource"]


@dataclass(frozen=True)
class Resource:
    """One resource: its option in the Ресурс selector and its operations, in order."""

    label: dict[str, str]
    operations: dict[str, Any]

    @property
    def properties(self) -> list[NodeProperty]:
        return [prop for handler in self.operations.values() for prop in handler.PROPERTIES]


def _resource(
    value: str,
    name: str,
    description: str,
    declared: tuple[Operation, ...],
    coded: Any = None,
    *more: Any,
) -> tuple[str, Resource]:
    """A resource of declared operations, then a coded package's, then `more` handlers
    (each with an OPERATION naming its value)."""
    operations: dict[str, Any] = {op.value: Declared(op) for op in declared}
    if coded is not None:
        operations.update(coded.OPERATIONS)
    operations.update({handler.OPERATION["value"]: handler for handler in more})
    label = {"name": name, "value": value, "description": description}
    return value, Resource(label, operations)


def _coded(package: Any) -> tuple[str, Resource]:
    return package.LABEL["value"], Resource(package.LABEL, dict(package.OPERATIONS))


RESOURCES: dict[str, Resource] = dict(
    [
        _coded(click),
        _resource("campaign", "Кампания", "A tracker campaign", campaigns.OPERATIONS, campaign),
        _resource("stream", "Поток", "A campaign's stream (flow)", stream_ops.OPERATIONS),
        _resource("offer", "Оффер", "An offer", offers.OFFER_OPERATIONS, None, OFFER_DOWNLOAD),
        _resource(
            "landing",
            "Лендинг",
            "A landing page",
            offers.LANDING_OPERATIONS,
            None,
            LANDING_DOWNLOAD,
        ),
        _resource(
            "affiliateNetwork",
            "Партнёрская сеть",
            "An affiliate network",
            sources.NETWORK_OPERATIONS,
        ),
        _resource(
            "trafficSource", "Источник трафика", "A traffic source", sources.SOURCE_OPERATIONS
        ),
        _resource("domain", "Домен", "A tracker domain", domains.DOMAIN_OPERATIONS),
        _resource(
            "group", "Группа", "A group of campaigns, offers or landings", domains.GROUP_OPERATIONS
        ),
        _resource("user", "Пользователь", "A tracker user", domains.USER_OPERATIONS),
        _resource(
            "botList", "Бот-лист", "The IPs the tracker treats as bots", service.BOTLIST_OPERATIONS
        ),
        _resource("log", "Лог", "The tracker's logs", service.LOG_OPERATIONS),
        _resource(
            "integration",
            "Интеграция",
            "AVScan, IMKLO and Facebook integrations",
            service.INTEGRATION_OPERATIONS,
        ),
        _coded(conversion),
        _coded(postback),
        _coded(statistics),
    ]
)
"""Resource value -> Resource, in the order the selector shows them."""
