"""JavaScript's regular expressions (`/source/flags`, `RegExp.test`), as n8n's conditions
apply them; translated to Python's engine."""

from __future__ import annotations

import re

__all__ = ["js_regex_test", "parse_regex_literal"]


def parse_regex_literal(text: str) -> tuple[str, str]:
    """`/source/flags` → (source, flags); other text is the source itself."""
    found = re.fullmatch(r"/(.*?)/([gimusy]*)", text, re.DOTALL)
    if found is None:
        return text, ""
    return found.group(1), found.group(2)


_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_"}


def _ascii_classes(source: str) -> str:
    """JavaScript's \\d and \\w (and \\D, \\W) match ASCII only; Python's match more."""
    out: list[str] = []
    in_set = False
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\" and position + 1 < len(source):
            escaped = source[position + 1]
            inner = _CLASSES.get(escaped.lower())
            if inner is None:
                out.append(source[position : position + 2])
            elif in_set:
                out.append(inner if escaped.islower() else source[position : position + 2])
            else:
                out.append(f"[{inner}]" if escaped.islower() else f"[^{inner}]")
            position += 2
            continue
        if char == "[" and not in_set:
            in_set = True
        elif char == "]" and in_set:
            in_set = False
        out.append(char)
        position += 1
    return "".join(out)


_NAMED_GROUP = re.compile(r"\(\?<(?![=!])")
_NAMED_REF = re.compile(r"\\k<([A-Za-z_]\w*)>")


def js_regex_test(source: str, text: str, flags: str) -> bool:
    """`new RegExp(source, flags).test(text)`, translated to Python's engine.

    Raises:
        ValueError: The expression is not valid.
    """
    pattern = _NAMED_GROUP.sub("(?P<", _ascii_classes(source))
    pattern = _NAMED_REF.sub(r"(?P=\1)", pattern)
    options = 0
    if "i" in flags:
        options |= re.IGNORECASE
    if "m" in flags:
        options |= re.MULTILINE
    if "s" in flags:
        options |= re.DOTALL
    try:
        compiled = re.compile(pattern, options)
    except re.error as exc:
        raise ValueError(f"Invalid regular expression: /{source}/{flags}: {exc}") from None
    if "y" in flags:
        return compiled.match(text) is not None
    return compiled.search(text) is not None
