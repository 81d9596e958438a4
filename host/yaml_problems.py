"""YAML's errors in plain words, with the line: what a person fixing a flow file needs.

The YAML library reports a parser's view ("expected <block end>, but found '<block mapping
start>'"); `yaml_problem` says the same thing as the file's author sees it ("this line is
indented differently from the lines above it").
"""

from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml.error import MarkedYAMLError

__all__ = ["yaml_problem"]

_DUPLICATE = re.compile(r'duplicate key "(?P<key>[^"]*)"')


def yaml_problem(path: Path | str, text: str, exc: MarkedYAMLError) -> str:
    """`flow.yaml, line 7: a tab character is not allowed for indentation; use spaces`."""
    mark = exc.problem_mark
    line = mark.line + 1 if mark is not None else None
    column = mark.column if mark is not None else 0
    lines = text.splitlines()
    problem = exc.problem or ""
    context = exc.context or ""
    opened = exc.context_mark.line + 1 if exc.context_mark is not None else None
    if "'\\t'" in problem:
        before = lines[line - 1][:column] if line and line <= len(lines) else ""
        cause = (
            "a tab character is not allowed for indentation; use spaces"
            if not before.strip()
            else "a tab character cannot start a value here; use spaces"
        )
    elif "duplicate key" in problem:
        match = _DUPLICATE.search(problem)
        key = f'"{match.group("key")}"' if match else "a key"
        earlier = _first_key_line(lines, line, match.group("key")) if match else None
        first = f" (first on line {earlier})" if earlier else ""
        cause = f"the key {key} appears twice in the same mapping{first}; keep one"
    elif "quoted scalar" in context:
        quote = _quote_at(lines, exc)
        at = f" on line {opened}" if opened else ""
        return _at(path, opened or line, f"the {quote} opened{at} is never closed")
    elif "flow sequence" in context or "flow mapping" in context:
        pair = "[ ]" if "sequence" in context else "{ }"
        cause = f"the {pair} opened on line {opened} is not closed, or lacks a comma"
        if opened and "{{" in lines[opened - 1]:
            cause += '; an expression with {{ }} must be in quotes ("={{ … }}")'
    elif "mapping values are not allowed" in problem:
        cause = _stray_colon(lines, line)
    elif "expected <block end>" in problem or "did not find expected" in problem:
        cause = "this line is indented differently from the lines above it"
    elif "could not find expected ':'" in problem:
        cause = "a key here lacks its colon (key: value), or a line is indented wrongly"
    else:
        cause = f"not valid YAML: {problem or context}"
    return _at(path, line, cause)


def _at(path: Path | str, line: int | None, cause: str) -> str:
    return f"{path}, line {line}: {cause}" if line else f"{path}: {cause}"


def _quote_at(lines: list[str], exc: MarkedYAMLError) -> str:
    mark = exc.context_mark
    if mark is not None and mark.line < len(lines):
        found = lines[mark.line][mark.column : mark.column + 1]
        if found == "'":
            return "single quote (')"
    return 'double quote (")'


def _stray_colon(lines: list[str], line: int | None) -> str:
    """A `key: value` where none may be: a line indented deeper than the one above, or a
    value that itself holds ": " without quotes."""
    if line is None or line > len(lines):
        return "a colon here is not allowed"
    here = lines[line - 1]
    above = next((t for t in reversed(lines[: line - 1]) if t.strip()), "")
    if _indent(here) > _indent(above) and not above.rstrip().endswith(":"):
        return "this line is indented more than the line above it, which already has a value"
    return 'a value that holds ": " must be in quotes (write key: "a: b")'


def _first_key_line(lines: list[str], line: int | None, key: str) -> int | None:
    """The line where `key` was first written at the duplicate's own indentation."""
    if line is None or line > len(lines):
        return None
    indent = _indent(lines[line - 1].replace("- ", "  ", 1))
    pattern = re.compile(rf"""^(?:- )?["']?{re.escape(key)}["']?\s*:""")
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        flat = text.replace("- ", "  ", 1)
        if text.strip() and _indent(flat) < indent:
            return None
        if _indent(flat) == indent and pattern.match(flat.strip()):
            return number
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))
