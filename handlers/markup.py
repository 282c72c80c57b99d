"""The Telegram side of marked text (bot/render/marks.py): HTML for parse mode, or plain text.

Only here does flagbot's text become Telegram HTML: everything is escaped once, then the marks become
tags. Marks left open are closed and stray closing marks dropped, so no name or note a user typed can make
Telegram refuse a message ("can't parse entities").
"""

from __future__ import annotations

import html
import re

from bot.render.marks import BOLD_OFF, BOLD_ON, CODE_OFF, CODE_ON, ITALIC_OFF, ITALIC_ON, MARKS, plain

_OPEN = {BOLD_ON: ("b", BOLD_OFF), ITALIC_ON: ("i", ITALIC_OFF), CODE_ON: ("code", CODE_OFF)}
_CLOSE = {BOLD_OFF: "b", ITALIC_OFF: "i", CODE_OFF: "code"}
_SPLIT = re.compile(f"([{MARKS}])")


def to_html(text: str) -> str:
    """A marked text as Telegram HTML."""
    escaped = html.escape(text, quote=False)
    if not any(mark in escaped for mark in MARKS):
        return escaped
    out: list[str] = []
    open_tags: list[str] = []
    for piece in _SPLIT.split(escaped):
        if piece in _OPEN:
            tag = _OPEN[piece][0]
            if tag not in open_tags:
                open_tags.append(tag)
                out.append(f"<{tag}>")
        elif piece in _CLOSE:
            tag = _CLOSE[piece]
            if open_tags and open_tags[-1] == tag:
                open_tags.pop()
                out.append(f"</{tag}>")
        else:
            out.append(piece)
    out.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "".join(out)


def to_plain(text: str) -> str:
    """A marked text for a message sent without a parse mode."""
    return plain(text)
