"""JSON text as n8n reads it for Edit Fields: strict JSON first, then forgiving readings.

`load_json` is JSON.parse (numbers as JavaScript holds them). `repair_json` reads the
usual slips of hand-written or templated JSON the way n8n's repair does: single or curly
quotes, unquoted keys and words, missing or extra commas, comments, raw line breaks in
strings, `undefined`/`None`/`True`/`False`, strings joined with `+`, brackets left open.
`parse_js_object` reads a JavaScript object literal (`{a: 'x', b: [1, -2]}`): a bare
word is its own name as text, and values it cannot read are left out.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

__all__ = ["load_json", "load_lenient", "parse_js_object", "repair_json"]

_QUOTES = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’", "”": "”", "’": "’"}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_WORDS = {"true": True, "false": False, "null": None, "True": True, "False": False}
_WORDS.update({"None": None, "undefined": None})
_STOP = set(",:]}\n")


def _number(text: str) -> int | float:
    if all(c.isdigit() or c == "-" for c in text):
        number = int(text)
        if abs(number) <= 2**53:
            return number
        return _double(float(number))
    return _double(float(text))


def _double(number: float) -> int | float:
    if math.isfinite(number) and number.is_integer() and abs(number) < 1e21:
        return int(Decimal(repr(number)))
    return number


def _refuse(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def load_json(text: str) -> Any:
    """JSON.parse: strict JSON, numbers as JavaScript's doubles.

    Raises:
        ValueError: The text is not JSON.
    """
    return json.loads(text, parse_int=_number, parse_float=_number, parse_constant=_refuse)


class _Reader:
    def __init__(self, text: str, *, js: bool) -> None:
        self.text = text
        self.at = 0
        self.js = js  # a JavaScript literal (strict) rather than JSON to repair

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def fail(self, what: str) -> ValueError:
        return ValueError(f"{what} at position {self.at}")

    def blank(self) -> None:
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char.isspace():
                self.at += 1
            elif text.startswith("//", self.at):
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            elif text.startswith("/*", self.at):
                end = text.find("*/", self.at + 2)
                self.at = len(text) if end < 0 else end + 2
            else:
                return

    def value(self) -> Any:
        self.blank()
        char = self.peek()
        if char == "":
            raise self.fail("Unexpected end of JSON")
        if char == "{":
            return self.members()
        if char == "[":
            return self.elements()
        if char in _QUOTES:
            return self.joined()
        if char == "-" or char == "+" or char.isdigit():
            return self.number()
        return self.word()

    def members(self) -> dict[str, Any]:
        self.at += 1
        found: dict[str, Any] = {}
        while True:
            self.blank()
            char = self.peek()
            if char == ",":
                if self.js and not found:
                    raise self.fail("Unexpected ','")
                self.at += 1
                continue
            if char == "}":
                self.at += 1
                return found
            if char == "":
                if self.js:
                    raise self.fail("Unexpected end")
                return found
            key = self.key()
            self.blank()
            if self.peek() != ":":
                if self.js and self.peek() in (",", "}"):
                    found[key] = key  # shorthand property: the name's own text
                    self._after_member("}")
                    continue
                raise self.fail("Colon expected")
            self.at += 1
            found[key] = self.value()
            self._after_member("}")

    def _after_member(self, close: str) -> None:
        self.blank()
        char = self.peek()
        if char == ",":
            self.at += 1
        elif char in (close, ""):
            return
        elif self.js:
            raise self.fail(f"Unexpected {char!r}")

    def key(self) -> str:
        char = self.peek()
        if char in _QUOTES:
            return self.string()
        if char == "[" and self.js:
            self.at += 1
            inner = self.value()
            self.blank()
            if self.peek() != "]":
                raise self.fail("']' expected")
            self.at += 1
            return _key_text(inner)
        start = self.at
        while self.at < len(self.text) and (
            self.text[self.at].isalnum() or self.text[self.at] in "_$"
        ):
            self.at += 1
        if self.at == start:
            raise self.fail("Object key expected")
        text = self.text[start : self.at]
        if self.js and text[0].isdigit():
            return _key_text(_number(text))
        return text

    def elements(self) -> list[Any]:
        self.at += 1
        found: list[Any] = []
        while True:
            self.blank()
            char = self.peek()
            if char == ",":
                self.at += 1
                if self.js:
                    found.append(None)  # a hole, written as null
                continue
            if char == "]":
                self.at += 1
                return found
            if char == "":
                if self.js:
                    raise self.fail("Unexpected end")
                return found
            found.append(self.value())
            self._after_member("]")

    def joined(self) -> str:
        text = self.string()
        while not self.js:
            mark = self.at
            self.blank()
            if self.peek() != "+":
                self.at = mark
                return text
            self.at += 1
            self.blank()
            if self.peek() not in _QUOTES:
                raise self.fail("String expected")
            text += self.string()
        return text

    def string(self) -> str:
        opening = self.peek()
        closing = _QUOTES[opening]
        if self.js and opening not in ("'", '"'):
            raise self.fail("Unexpected quote")
        self.at += 1
        out: list[str] = []
        text = self.text
        while self.at < len(text):
            char = text[self.at]
            if char == closing or (not self.js and opening in "“”" and char in "“”"):
                self.at += 1
                return "".join(out)
            if char == "\\" and self.at + 1 < len(text):
                out.append(self.escape())
                continue
            if self.js and char == "\n":
                raise self.fail("Unterminated string")
            out.append(char)
            self.at += 1
        if self.js:
            raise self.fail("Unterminated string")
        return "".join(out)

    def escape(self) -> str:
        code = self.text[self.at + 1]
        self.at += 2
        if code == "u":
            digits = self.text[self.at : self.at + 4]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                self.at += 4
                return chr(int(digits, 16))
            return "u"
        if code in _ESCAPES:
            return _ESCAPES[code]
        if self.js and code == "'":
            return "'"
        if self.js and code == "x":
            digits = self.text[self.at : self.at + 2]
            self.at += 2
            return chr(int(digits, 16))
        return code

    def number(self) -> Any:
        start = self.at
        sign = self.peek()
        if sign in "+-":
            self.at += 1
            if self.js:
                inner = self.value()
                if isinstance(inner, int | float) and not isinstance(inner, bool):
                    return -inner if sign == "-" else inner
                return inner
            if not self.peek().isdigit():
                self.at = start
                return self.word()
        text = self.text
        while self.at < len(text) and (text[self.at].isalnum() or text[self.at] in ".+-"):
            if text[self.at] in "+-" and text[self.at - 1] not in "eE":
                break
            self.at += 1
        raw = text[start : self.at]
        if self.js:
            try:
                if raw[:2].lower() in ("0x", "0o", "0b"):
                    return int(raw[2:], {"x": 16, "o": 8, "b": 2}[raw[1].lower()])
                return _double(float(raw))
            except ValueError:
                raise self.fail("Invalid number") from None
        digits = raw.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return raw  # a leading zero is not a JSON number: kept as text
        if digits.endswith((".", "e", "E", "e-", "e+", "E-", "E+")):
            raw = raw.rstrip("eE+-") + ("0" if raw.endswith(".") else "")
        try:
            return (
                _number(raw) if "." not in raw and "e" not in raw.lower() else _double(float(raw))
            )
        except ValueError:
            self.at = start
            return self.word()

    def word(self) -> Any:
        start = self.at
        text = self.text
        if self.js:
            while self.at < len(text) and (text[self.at].isalnum() or text[self.at] in "_$"):
                self.at += 1
            if self.at == start:
                raise self.fail(f"Unexpected {self.peek()!r}")
            word = text[start : self.at]
            return {"true": True, "false": False, "null": None}.get(word, word)
        if text[self.at] == "/":
            end = text.find("/", self.at + 1)
            if end > 0:
                self.at = end + 1
                return text[start : self.at]
        while self.at < len(text) and text[self.at] not in _STOP:
            if text[self.at] in "[{" and self.at > start:
                break
            self.at += 1
        word = text[start : self.at].strip()
        if word == "":
            raise self.fail(f"Unexpected character {self.peek()!r}")
        return _WORDS.get(word, word)


def _key_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def repair_json(text: str) -> Any:
    """`text` read leniently, as n8n repairs JSON before giving up.

    Raises:
        ValueError: Not even a repaired reading exists.
    """
    reader = _Reader(text, js=False)
    found = reader.value()
    while True:
        reader.blank()
        if reader.peek() in ("}", "]"):
            reader.at += 1
            continue
        break
    if reader.at < len(text):
        raise reader.fail(f"Unexpected character {reader.peek()!r}")
    return found


def parse_js_object(text: str) -> Any:
    """A JavaScript object literal, as n8n reads one where JSON failed.

    Raises:
        ValueError: The text is not one object literal.
    """
    reader = _Reader(text, js=True)
    reader.blank()
    if reader.peek() != "{":
        raise reader.fail("An object literal expected")
    found = reader.members()
    reader.blank()
    if reader.at < len(text):
        raise reader.fail(f"Unexpected {reader.peek()!r}")
    return found


def load_lenient(text: str) -> Any:
    """JSON.parse, else the repaired reading (n8n's jsonParse with repairJSON).

    Raises:
        ValueError: Neither reading exists.
    """
    try:
        return load_json(text)
    except ValueError:
        return repair_json(text)
