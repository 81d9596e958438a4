"""(resource, operation) -> the operation handler (a KeitaroOperation)."""

from __future__ import annotations

from kflow.host import NodeOperationError
from kflow.nodes.keitaro.handlers.wording import shown
from kflow.nodes.keitaro.operations.protocol import KeitaroOperation
from kflow.nodes.keitaro.resource_table import RESOURCES

__all__ = ["operation_module"]


def operation_module(
    resource: str, operation: str, *, node: str, item_index: int
) -> KeitaroOperation:
    """The handler of `operation` of `resource`.

    Raises:
        NodeOperationError: Naming the resource when it is unknown, else the operation.
    """
    package = RESOURCES.get(resource)
    if package is None:
        raise NodeOperationError(
            node,
            f"unknown resource {shown(resource)}; available: {', '.join(RESOURCES)}",
            item_index=item_index,
            parameter="Ресурс",
        )
    module = package.operations.get(operation)
    if module is None:
        raise NodeOperationError(
            node,
            f"resource {shown(resource)} has no operation {shown(operation)}; "
            f"available: {', '.join(package.operations)}",
            item_index=item_index,
            parameter="Операция",
        )
    return module
