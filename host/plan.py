"""A node's parameters per item, worked out once per node run.

Everything that does not depend on the item is done when the plan is made: stored
parameters are resolved (defaults, visibility, types), the values holding expressions are
picked out, and their properties looked up. Per item, only those values are evaluated and
read. Item nodes (through the runner) and batch nodes (through NodeRun.params) both use it,
so parameters are resolved one way, in one place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kflow.host.descriptors import NodeDescription, NodeProperty
from kflow.host.errors import NodeOperationError
from kflow.host.expressions import Evaluator, ExpressionError, ExpressionScope, is_expression
from kflow.host.expressions.parameters import expression_failure
from kflow.host.parameters import apply_values, resolve_parameters, visible_properties

__all__ = ["ParameterPlan"]

_KEEP = 256
_EMPTY: tuple[list[Any], dict[str, Any]] = ([], {})
_PLANS: OrderedDict[tuple[int, str, str], ParameterPlan] = OrderedDict()


@dataclass(frozen=True)
class ParameterPlan:
    """Resolved parameters, and which of them hold expressions.

    Attributes:
        description: The node type's description.
        node: The node's name, for errors.
        resolved: The parameters with defaults filled in; expressions not yet evaluated.
        dynamic: The top-level values that hold expressions.
        props: The visible property behind each dynamic value.
        required: The visible properties that must not be empty, by name.
        version: The node's type version (None: its description's).
    """

    description: NodeDescription
    node: str
    resolved: dict[str, Any]
    dynamic: dict[str, Any]
    props: Mapping[str, NodeProperty]
    required: Mapping[str, NodeProperty]
    version: float | None = None

    @classmethod
    def build(
        cls,
        description: NodeDescription,
        stored: Mapping[str, Any],
        *,
        node: str,
        version: float | None = None,
    ) -> ParameterPlan:
        """The plan for a node's stored parameters. Plans are kept for the most recent
        parameters: `kflow serve` runs the same nodes again and again, and working out the
        Keitaro node's hundreds of properties' visibility costs more than its request.

        Raises:
            NodeOperationError: An unknown parameter, or a literal value of the wrong type.
        """
        key = (id(description), node, version, repr(stored))
        found = _PLANS.get(key)
        if found is not None and found.description is description:
            _PLANS.move_to_end(key)
            return found
        plan = cls._make(description, stored, node=node, version=version)
        _PLANS[key] = plan
        if len(_PLANS) > _KEEP:
            _PLANS.popitem(last=False)
        return plan

    @classmethod
    def _make(
        cls,
        description: NodeDescription,
        stored: Mapping[str, Any],
        *,
        node: str,
        version: float | None,
    ) -> ParameterPlan:
        resolved = resolve_parameters(description, stored, node_name=node, version=version)
        dynamic = {k: v for k, v in resolved.items() if _holds_expression(v)}
        props = visible_properties(description, resolved, list(dynamic), version=version)
        wanted = [p.name for p in description.properties if p.required]
        shown = visible_properties(description, resolved, wanted, version=version) if wanted else {}
        # A name may be required under one display and optional under another.
        required = {name: prop for name, prop in shown.items() if prop.required}
        return cls(description, node, resolved, dynamic, props, required, version)

    def for_items(
        self, evaluator: Evaluator, scopes: list[ExpressionScope]
    ) -> list[dict[str, Any] | NodeOperationError]:
        """The parameters for many items of the node run, each expression evaluated for all
        of them in one engine call. An item whose expression failed, or whose value does
        not fit, gets its NodeOperationError instead."""
        if not self.dynamic:
            return [self.checked(self.resolved, scope.index) for scope in scopes]
        found = evaluator.evaluate_many(self.dynamic, scopes)
        results: list[dict[str, Any] | NodeOperationError] = []
        append = results.append
        description, resolved, node = self.description, self.resolved, self.node
        props, version, check = self.props, self.version, self._checked
        # Values without expressions are the same for every item: when none of the
        # required ones is empty, only those with expressions can be.
        required = self.required
        if not any(_is_empty(resolved.get(n)) for n in required if n not in self.dynamic):
            required = {n: p for n, p in required.items() if n in self.dynamic}
        for scope, values in zip(scopes, found, strict=True):
            if isinstance(values, ExpressionError):
                append(expression_failure(description, values, node=node, index=scope.index))
                continue
            try:
                params = apply_values(
                    description,
                    resolved,
                    values,
                    node_name=node,
                    props=props,
                    version=version,
                    item=_json_of(scope),
                )
                append(check(params, scope.index, required))
            except NodeOperationError as exc:
                exc.item_index = scope.index
                exc.args = (exc.render(),)
                append(exc)
        return results

    def checked(self, params: dict[str, Any], index: int) -> dict[str, Any] | NodeOperationError:
        """The parameters, or the error for the first required one left empty (item `index`)."""
        return self._checked(params, index, self.required)

    def _checked(
        self, params: dict[str, Any], index: int, required: Mapping[str, NodeProperty]
    ) -> dict[str, Any] | NodeOperationError:
        for name, prop in required.items():
            value = params.get(name)
            if type(value) is str and value.strip():
                continue  # the usual case, told at once
            if _is_empty(value):
                return NodeOperationError(
                    self.node,
                    "is required",
                    item_index=index,
                    parameter=prop.displayName,
                    parameter_name=prop.name,
                )
        return params

    def for_item(self, evaluator: Evaluator, scope: ExpressionScope) -> dict[str, Any]:
        """The parameters for one item: its expressions evaluated, read and checked.

        Raises:
            NodeOperationError: An expression failed, or its result does not fit; names the
                node, the item, the parameter and the expression.
        """
        (result,) = self.for_items(evaluator, [scope])
        if isinstance(result, NodeOperationError):
            raise result
        return result


def _holds_expression(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_holds_expression(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_expression(v) for v in value)
    return is_expression(value)


def _is_empty(value: Any) -> bool:
    """Whether a required parameter's value counts as not given."""
    return value is None or value in _EMPTY or (isinstance(value, str) and not value.strip())


def _json_of(scope: ExpressionScope) -> Mapping[str, Any] | None:
    """The json of the item a scope evaluates for (what an error lists the fields of)."""
    index, items = scope.index, scope.items
    if 0 <= index < len(items):
        found = items[index].get("json")
        return found if type(found) is dict or isinstance(found, Mapping) else None
    return None
