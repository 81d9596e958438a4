"""Reading n8n's expression syntax and rewriting it for Jinja2.

n8n writes `$json.cost`, `$('Node').item.json.x`, `$node["Node"].json` and a little
JavaScript (`===`, `&&`, `||`, `null`). Jinja2 names cannot start with `$`, so each `$name`
becomes `k_name` and `$(` becomes `k_node(`; the JavaScript operators become Jinja's.
String literals are left untouched.
"""

from __future__ import annotations

import re

__all__ = ["Segment", "split_template", "to_jinja"]

_TOKENS = re.compile(
    r"""(?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')"""
    r"""|(?P<call>\$\()"""
    r"""|(?P<var>\$[A-Za-z_]\w*)"""
    r"""|(?P<op>===|!==|&&|\|\||!(?!=))"""
    r"""|(?P<word>\b(?:null|undefined)\b)"""
)
_OPS = {"===": "==", "!==": "!=", "&&": " and ", "||": " or ", "!": " not "}
_EXPR = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def to_jinja(expression: str) -> str:
    """An n8n expression body rewritten as a Jinja2 expression."""

    def swap(match: re.Match[str]) -> str:
        kind = match.lastgroup
        text = match.group(0)
        if kind == "call":
            return "k_node("
        if kind == "var":
            return "k_" + text[1:]
        if kind == "op":
            return _OPS[text]
        if kind == "word":
            return "none"
        return text

    return _TOKENS.sub(swap, expression)


Segment = tuple[bool, str]
"""(is an expression, text): pieces of a template."""


def split_template(template: str) -> list[Segment]:
    """Literal text and `{{ … }}` expressions, in order."""
    segments: list[Segment] = []
    position = 0
    for match in _EXPR.finditer(template):
        if match.start() > position:
            segments.append((False, template[position : match.start()]))
        segments.append((True, match.group(1).strip()))
        position = match.end()
    if position < len(template):
        segments.append((False, template[position:]))
    return segments
