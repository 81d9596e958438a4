"""Evaluating a node's parameter values for one item, with errors that name the parameter."""

from __future__ import annotations

from typing import Any

from kflow.host.descriptors import NodeDescription
from kflow.host.errors import NodeOperationError
from kflow.host.expressions.evaluator import Evaluator, ExpressionError
from kflow.host.expressions.variables import ExpressionScope

__all__ = ["evaluate_values", "expression_failure"]


def evaluate_values(
    description: NodeDescription,
    parameters: dict[str, Any],
    evaluator: Evaluator,
    scope: ExpressionScope,
    *,
    node: str,
) -> dict[str, Any]:
    """Parameter values with their expressions evaluated for one item (not yet type-checked).

    Raises:
        NodeOperationError: An expression failed, naming the parameter, item and expression.
    """
    try:
        return evaluator.evaluate(parameters, scope)  # type: ignore[no-any-return]
    except ExpressionError as exc:
        raise expression_failure(description, exc, node=node, index=scope.index) from None


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
