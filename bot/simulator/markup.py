"""Text handling that mirrors Telegram: UTF-16 lengths, HTML / MarkdownV2 parsing, command entities.

Telegram measures text in UTF-16 code units *after* entity parsing, and answers malformed markup
with ``400 Bad Request: can't parse entities: ...``. The parsers here return the plain text the
recipient sees plus the entities, which is what the real Bot API echoes back in the Message.
"""

from __future__ import annotations

import re
from typing import Any

MAX_TEXT = 4096
MAX_CAPTION = 1024

# Tag -> entity type; the tags Telegram documents for parse_mode=HTML.
HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}  # the only named ones Telegram knows
_SPECIAL = re.compile(r"[<&]")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{1,10});")
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![A-Za-z0-9_@])")
_MD2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


class ParseError(ValueError):
    """Malformed markup; the message becomes the tail of Telegram's error description."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts limits and entity offsets in."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode())


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram HTML into (plain text, entities); raise ParseError like the Bot API does.

    Stricter than Telegram in one respect only: a ``&`` that does not start an entity is an
    error (Telegram documents that it must be escaped). A bare ``>`` is accepted, as Telegram does.
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset of the plain text produced so far
    stack: list[tuple[str, int, dict[str, Any]]] = []
    entities: list[dict[str, Any]] = []
    i, n = 0, len(src)
    while i < n:
        m = _SPECIAL.search(src, i)
        end = m.start() if m else n
        if end > i:
            chunk = src[i:end]
            out.append(chunk)
            pos += utf16_len(chunk)
        if not m:
            break
        if src[end] == "&":
            em = _ENTITY.match(src, end)
            char = _decode_entity(em.group(1)) if em else None
            if em is None or char is None:
                raise ParseError(f"Unsupported HTML entity at byte offset {_byte_offset(src, end)}")
            out.append(char)
            pos += utf16_len(char)
            i = em.end()
            continue
        tm = _TAG.match(src, end)
        if tm is None or tm.group(2).lower() not in HTML_TAGS:
            word = tm.group(2) if tm else src[end + 1 : end + 11].split(">")[0]
            raise ParseError(f'Unsupported start tag "{word}" at byte offset {_byte_offset(src, end)}')
        name = tm.group(2).lower()
        if tm.group(1):  # closing tag: must match the innermost open one
            if not stack or stack[-1][0] != name:
                expected = f'expected "</{stack[-1][0]}>", ' if stack else ""
                raise ParseError(
                    f'Unmatched end tag at byte offset {_byte_offset(src, end)}, {expected}found "</{name}>"'
                )
            _, start, entity = stack.pop()
            if pos > start:
                entity.update(offset=start, length=pos - start)
                entities.append(entity)
        else:
            entity = {"type": HTML_TAGS[name]}
            attrs = {a: b or c or d for a, b, c, d in _ATTR.findall(tm.group(3) or "")}
            if name == "a":
                entity["url"] = attrs.get("href", "")
            elif name == "tg-emoji":
                entity["custom_emoji_id"] = attrs.get("emoji-id", "")
            elif name == "code" and stack and stack[-1][0] == "pre" and "class" in attrs:
                stack[-1][2]["language"] = attrs["class"].removeprefix("language-")
            stack.append((name, pos, entity))
        i = tm.end()
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: e["offset"])
    return "".join(out), entities


def _decode_entity(body: str) -> str | None:
    if body[0] != "#":
        return _NAMED_ENTITIES.get(body)
    code = int(body[2:], 16) if body[1] in "xX" else int(body[1:])
    return chr(code) if 0 < code <= 0x10FFFF else None


def parse_markdown_v2(src: str) -> str:
    """Check MarkdownV2 the way Telegram does (reserved characters must be escaped, markers
    balanced) and return the plain text. Entities are not computed; bots rarely assert on them."""
    out: list[str] = []
    open_markers: list[str] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            if i + 1 < n:
                out.append(src[i + 1])
            i += 2
            continue
        if c == "`":
            fence = "```" if src.startswith("```", i) else "`"
            close = _find_unescaped(src, fence, i + len(fence))
            if close < 0:
                raise ParseError(f"Can't find end of Pre entity at byte offset {_byte_offset(src, i)}")
            body = src[i + len(fence) : close]
            if fence == "```" and "\n" in body:
                body = body.split("\n", 1)[1]  # the first line names the language
            out.append(re.sub(r"\\(.)", r"\1", body))
            i = close + len(fence)
            continue
        marker = next((m for m in ("||", "__", "*", "_", "~") if src.startswith(m, i)), None)
        if marker:
            if open_markers and open_markers[-1] == marker:
                open_markers.pop()
            else:
                open_markers.append(marker)
            i += len(marker)
            continue
        if c == "[":
            open_markers.append("[")
        elif c == "]" and open_markers and open_markers[-1] == "[":
            open_markers.pop()
            if src.startswith("(", i + 1):  # link target: up to the next unescaped ')'
                close = _find_unescaped(src, ")", i + 2)
                if close < 0:
                    raise ParseError(f"Can't find end of a URL at byte offset {_byte_offset(src, i)}")
                i = close
        elif c == ">" and (i == 0 or src[i - 1] == "\n"):
            pass  # blockquote marker at line start
        elif c in _MD2_RESERVED:
            raise ParseError(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
        else:
            out.append(c)
        i += 1
    if open_markers:
        raise ParseError(f"Can't find end of the entity starting with '{open_markers[-1]}'")
    return "".join(out)


def _find_unescaped(src: str, needle: str, start: int) -> int:
    i = start
    while True:
        i = src.find(needle, i)
        if i < 0:
            return -1
        backslashes = len(src[:i]) - len(src[:i].rstrip("\\"))
        if backslashes % 2 == 0:
            return i
        i += 1


def render(text: str, parse_mode: str | None) -> tuple[str, list[dict[str, Any]] | None]:
    """Apply parse_mode: returns (visible text, entities or None). Raises ParseError."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        plain, entities = parse_html(text)
        return plain, entities or None
    if mode == "markdownv2":
        return parse_markdown_v2(text), None
    return text, None  # legacy Markdown and plain text are passed through unchecked


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds for a leading ``/cmd`` or ``/cmd@bot`` (PTB's
    CommandHandler only looks at offset 0)."""
    m = _COMMAND.match(text)
    if not m:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(m.group(0))}]
