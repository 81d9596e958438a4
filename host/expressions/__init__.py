"""n8n's expressions (`={{ … }}`): JavaScript in QuickJS, with Luxon and n8n's functions."""

from kflow.host.expressions.evaluator import Evaluator, ExpressionError
from kflow.host.expressions.syntax import is_expression
from kflow.host.expressions.variables import ExpressionScope

__all__ = ["Evaluator", "ExpressionError", "ExpressionScope", "is_expression"]
