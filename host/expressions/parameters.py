"""The error for a failed expression: it names the node, the item, the parameter and the
expression."""

from __future__ import annotations

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import NodeOperationError
from kflow.host.expressions.evaluator import ExpressionError

__all__ = ["expression_failure"]


def expression_failure(
    description: NodeDescription, exc: ExpressionError, *, node: str, index: int
) -> NodeOperationError:
    """The error for a failed expression, naming the node, item, parameter and expression."""
    top = exc.path.split(".")[0].split("[")[0]
    label = next((p.displayName for p in description.properties if p.name == top), top)
    where = f" ({exc.path})" if exc.path and exc.path != top else ""
    return NodeOperationError(
        node,
        f"expression {{{{ {exc.expression} }}}}{where} failed: {exc.cause}",
        item_index=index,
        parameter=label,
    )
