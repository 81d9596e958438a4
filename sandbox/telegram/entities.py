"""Telegram's formatting: Markdown (legacy), MarkdownV2 and HTML text → plain text + entities.

Offsets and lengths count UTF-16 code units, as Telegram's do; errors name a byte offset in
the UTF-8 text, in Telegram's words ("can't parse entities: ..."). Links, mentions,
hashtags, bot commands and e-mail addresses in the plain text are detected as Telegram does
for the common cases.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["EntityError", "Formatted", "detect_entities", "parse"]


class EntityError(ValueError):
    """The text does not parse in its parse mode; the message is Telegram's."""


def _u16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


@dataclass
class Formatted:
    """Plain text being built, with the entities found so far."""

    text: str = ""
    entities: list[dict[str, Any]] = field(default_factory=list)

    def add(self, kind: str, start: str, **extra: Any) -> None:
        """An entity from where the text was `start` long to its current end."""
        length = _u16(self.text) - _u16(start)
        if length > 0:
            self.entities.append({"offset": _u16(start), "length": length, "type": kind, **extra})


_LEGACY = {"*": "bold", "_": "italic"}


def _legacy_markdown(source: str) -> Formatted:
    out = Formatted()
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source) and source[i + 1] in "_*`[":
            out.text += source[i + 1]
            i += 2
            continue
        if char in _LEGACY or char == "`" or char == "[":
            if source.startswith("```", i):
                end = source.find("```", i + 3)
                if end < 0:
                    raise _unclosed(source, i)
                body = source[i + 3 : end]
                language, _, code = body.partition("\n") if "\n" in body else ("", "", body)
                start = out.text
                out.text += code
                extra = {"language": language} if language.strip() else {}
                out.add("pre", start, **extra)
                i = end + 3
                continue
            if char == "[":
                close = source.find("]", i + 1)
                if close < 0:
                    raise _unclosed(source, i)
                label = source[i + 1 : close]
                if source.startswith("(", close + 1):
                    end = source.find(")", close + 2)
                    if end < 0:
                        raise _unclosed(source, i)
                    url = source[close + 2 : end]
                    start = out.text
                    out.text += label
                    out.add("text_link", start, url=url)
                    i = end + 1
                    continue
                out.text += label
                i = close + 1
                continue
            end = source.find(char, i + 1)
            if end < 0:
                raise _unclosed(source, i)
            start = out.text
            out.text += source[i + 1 : end]
            out.add(_LEGACY.get(char, "code"), start)
            i = end + 1
            continue
        out.text += char
        i += 1
    return out


def _unclosed(source: str, index: int) -> EntityError:
    return EntityError(
        "Bad Request: can't parse entities: Can't find end of the entity starting at byte "
        f"offset {_byte_offset(source, index)}"
    )


_V2_RESERVED = "_*[]()~`>#+-=|{}.!"
_V2_MARKS = (
    ("||", "spoiler"),
    ("__", "underline"),
    ("*", "bold"),
    ("_", "italic"),
    ("~", "strikethrough"),
)


def _markdown_v2(source: str) -> Formatted:
    out = Formatted()
    open_marks: list[tuple[str, str, str, int]] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\" and i + 1 < len(source):
            out.text += source[i + 1]
            i += 2
            continue
        if source.startswith("```", i):
            end = source.find("```", i + 3)
            if end < 0:
                raise _unclosed(source, i)
            body = source[i + 3 : end]
            language, _, code = body.partition("\n") if "\n" in body else ("", "", body)
            start = out.text
            out.text += code.replace("\\`", "`").replace("\\\\", "\\")
            out.add("pre", start, **({"language": language} if language.strip() else {}))
            i = end + 3
            continue
        if char == "`":
            end = source.find("`", i + 1)
            if end < 0:
                raise _unclosed(source, i)
            start = out.text
            out.text += source[i + 1 : end].replace("\\\\", "\\")
            out.add("code", start)
            i = end + 1
            continue
        if char == "[":
            close = source.find("](", i + 1)
            end = source.find(")", close + 2) if close >= 0 else -1
            if end < 0:
                raise _unclosed(source, i)
            inner = _markdown_v2(source[i + 1 : close])
            start = out.text
            shift = _u16(start)
            out.text += inner.text
            for entity in inner.entities:
                out.entities.append({**entity, "offset": entity["offset"] + shift})
            out.add("text_link", start, url=source[close + 2 : end].replace("\\)", ")"))
            i = end + 1
            continue
        mark = next(((m, kind) for m, kind in _V2_MARKS if source.startswith(m, i)), None)
        if mark is not None:
            token, kind = mark
            if open_marks and open_marks[-1][0] == token:
                _, _, start, _ = open_marks.pop()
                out.add(kind, start)
            else:
                open_marks.append((token, kind, out.text, i))
            i += len(token)
            continue
        if char in _V2_RESERVED:
            raise EntityError(
                f"Bad Request: can't parse entities: Character '{char}' is reserved and must "
                "be escaped with the preceding '\\'"
            )
        out.text += char
        i += 1
    if open_marks:
        raise _unclosed(source, open_marks[0][3])
    out.entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out


_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_NAMED = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def _html(source: str) -> Formatted:
    out = Formatted()
    stack: list[tuple[str, str, dict[str, Any]]] = []
    i = 0
    while i < len(source):
        if source[i] == "<":
            match = _TAG.match(source, i)
            if match is None:
                raise EntityError(
                    "Bad Request: can't parse entities: Unclosed start tag at byte offset "
                    f"{_byte_offset(source, i)}"
                )
            closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
            if name not in _HTML_TAGS:
                raise EntityError(
                    f'Bad Request: can\'t parse entities: Unsupported start tag "{name}" at '
                    f"byte offset {_byte_offset(source, i)}"
                )
            if closing:
                if not stack or stack[-1][0] != name:
                    raise EntityError(
                        f"Bad Request: can't parse entities: Unmatched end tag at byte offset "
                        f'{_byte_offset(source, i)}, expected "</{stack[-1][0]}>", found '
                        f'"</{name}>"'
                        if stack
                        else "Bad Request: can't parse entities: Unexpected end tag at byte "
                        f"offset {_byte_offset(source, i)}"
                    )
                _, start, extra = stack.pop()
                out.add(_HTML_TAGS[name], start, **extra)
            else:
                extra: dict[str, Any] = {}
                if name == "a":
                    href = _HREF.search(attributes)
                    extra = (
                        {"url": html.unescape(next(g for g in href.groups() if g))} if href else {}
                    )
                stack.append((name, out.text, extra))
            i = match.end()
            continue
        if source[i] == "&":
            match = _NAMED.match(source, i)
            if match:
                out.text += html.unescape(match.group(0))
                i = match.end()
                continue
        out.text += source[i]
        i += 1
    if stack:
        raise EntityError(
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{stack[-1][0]}"'
        )
    out.entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return out


_DETECT = re.compile(
    r"(?P<url>https?://[^\s<>\"]+)"
    r"|(?P<email>[\w.+-]+@[\w-]+\.[\w.-]+)"
    r"|(?P<mention>(?<![\w@])@[A-Za-z]\w{3,31})"
    r"|(?P<hashtag>(?<![\w#])#\w+)"
    r"|(?P<bot_command>(?<![\w/])/[A-Za-z]\w{0,31}(?:@\w+)?)"
)


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram finds in plain text: links, e-mails, mentions, hashtags, commands."""
    found = []
    for match in _DETECT.finditer(text):
        kind = match.lastgroup or "url"
        value = match.group(0).rstrip(".,;:!?)")
        found.append({"offset": _u16(text[: match.start()]), "length": _u16(value), "type": kind})
    return found


def parse(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and its entities (explicit and detected, in order of offset).

    Raises:
        EntityError: The text is not well formed in its parse mode, or the mode is unknown.
    """
    if not parse_mode:
        formatted = Formatted(text)
    elif parse_mode == "Markdown":
        formatted = _legacy_markdown(text)
    elif parse_mode == "MarkdownV2":
        formatted = _markdown_v2(text)
    elif parse_mode == "HTML":
        formatted = _html(text)
    else:
        raise EntityError("Bad Request: unsupported parse_mode")
    covered = [(e["offset"], e["offset"] + e["length"]) for e in formatted.entities]
    detected = [
        e
        for e in detect_entities(formatted.text)
        if not any(start <= e["offset"] < end for start, end in covered)
    ]
    entities = sorted(formatted.entities + detected, key=lambda e: (e["offset"], -e["length"]))
    return formatted.text, entities
