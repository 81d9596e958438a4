"""The sandbox's routes, one RouteTableDef per API area."""

from kflow.sandbox.routes import clicks

__all__ = ["ROUTE_TABLES"]

ROUTE_TABLES = [clicks.routes]
