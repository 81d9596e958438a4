"""Every resource of the Keitaro node and its operations, declared and module alike.

Each operation handler satisfies KeitaroOperation: a `Declared` operation, a download, or a
module under `resources/` (hand-written properties, a declared Wire).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kflow.host import NodeProperty
from kflow.nodes.keitaro.operations.catalog import (
    campaigns,
    clicks,
    domains,
    offers,
    postbacks,
    service,
    sources,
)
from kflow.nodes.keitaro.operations.catalog import streams as stream_ops
from kflow.nodes.keitaro.operations.declarative import Declared
from kflow.nodes.keitaro.operations.model import Operation
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resources import campaign, click, conversion, postback, statistics
from kflow.nodes.keitaro.resources.download import LANDING_DOWNLOAD, OFFER_DOWNLOAD

__all__ = ["RESOURCES", "Resource"]


@dataclass(frozen=True)
class Resource:
    """One resource: its option in the Ресурс selector and its operations, in order."""

    label: Mapping[str, str]
    operations: dict[str, KeitaroOperation]

    @property
    def properties(self) -> list[NodeProperty]:
        return [prop for handler in self.operations.values() for prop in handler.PROPERTIES]


def _resource(
    label: Mapping[str, str], *handlers: Operation | KeitaroOperation
) -> tuple[str, Resource]:
    """A resource of these operations, in menu order (declarations made runnable)."""
    runnable = [Declared(h) if isinstance(h, Operation) else h for h in handlers]
    return label["value"], Resource(label, {h.OPERATION["value"]: h for h in runnable})


def _label(value: str, name: str, description: str) -> dict[str, str]:
    return {"name": name, "value": value, "description": description}


RESOURCES: dict[str, Resource] = dict(
    [
        _resource(click.LABEL, *clicks.CLICK_OPERATIONS, *click.OPERATIONS.values()),
        _resource(campaign.LABEL, *campaigns.OPERATIONS, *campaign.OPERATIONS.values()),
        _resource(_label("stream", "Поток", "A campaign's stream (flow)"), *stream_ops.OPERATIONS),
        _resource(_label("offer", "Оффер", "An offer"), *offers.OFFER_OPERATIONS, OFFER_DOWNLOAD),
        _resource(
            _label("landing", "Лендинг", "A landing page"),
            *offers.LANDING_OPERATIONS,
            LANDING_DOWNLOAD,
        ),
        _resource(
            _label("affiliateNetwork", "Партнёрская сеть", "An affiliate network"),
            *sources.NETWORK_OPERATIONS,
        ),
        _resource(
            _label("trafficSource", "Источник трафика", "A traffic source"),
            *sources.SOURCE_OPERATIONS,
        ),
        _resource(_label("domain", "Домен", "A tracker domain"), *domains.DOMAIN_OPERATIONS),
        _resource(
            _label("group", "Группа", "A group of campaigns, offers or landings"),
            *domains.GROUP_OPERATIONS,
        ),
        _resource(_label("user", "Пользователь", "A tracker user"), *domains.USER_OPERATIONS),
        _resource(
            _label("botList", "Бот-лист", "The IPs the tracker treats as bots"),
            *service.BOTLIST_OPERATIONS,
        ),
        _resource(_label("log", "Лог", "The tracker's logs"), *service.LOG_OPERATIONS),
        _resource(
            _label("integration", "Интеграция", "AVScan, IMKLO and Facebook integrations"),
            *service.INTEGRATION_OPERATIONS,
        ),
        _resource(conversion.LABEL, *conversion.OPERATIONS.values()),
        _resource(postback.LABEL, postback.OPERATIONS["send"], *postbacks.POSTBACK_LOG_OPERATIONS),
        _resource(statistics.LABEL, *statistics.OPERATIONS.values()),
    ]
)
"""Resource value -> Resource, in the order the selector shows them."""
