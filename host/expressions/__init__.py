"""n8n-style expressions (`={{ … }}`, `{{ … }}` in text) evaluated in Jinja2's sandbox."""

from kflow.host.expressions.evaluator import Evaluator, ExpressionError, is_expression
from kflow.host.expressions.variables import ExpressionScope

__all__ = ["Evaluator", "ExpressionError", "ExpressionScope", "is_expression"]
