"""The sandbox's routes, one RouteTableDef per API area."""

from kflow.sandbox.routes import (
    campaigns,
    clicks,
    costs,
    entities,
    files,
    logs,
    postback,
    reports,
    service,
    streams,
    tokens,
)

__all__ = ["ROUTE_TABLES"]

# Fixed paths (/clicks/log, /clicks/update_costs) come before /clicks/{sub_id}.
ROUTE_TABLES = [
    costs.routes,
    clicks.routes,
    campaigns.routes,
    reports.routes,
    logs.routes,
    postback.routes,
    streams.routes,
    entities.routes,
    files.routes,
    service.routes,
    tokens.routes,
]
