"""Text with formatting marks: what render produces, and every chat adapter turns into its own markup.

A marked text is a plain `str` in which six private-use characters open and close bold, italic and code.
Everything else in it is literal text: a unit called `R&D<办>` or `<b>` is just those characters, so render
never escapes anything, and the Telegram adapter (handlers/markup.py) escapes everything once and turns the
marks into HTML tags. A second platform writes its own converter (Markdown, plain text) from the same text.
Being plain strings, marked texts join, format and split on line breaks like any other; `plain()` takes
marks out of whatever a user typed, so nobody can smuggle formatting in.
"""

from __future__ import annotations

import html
import re

BOLD_ON, BOLD_OFF = "\ue000", "\ue001"
ITALIC_ON, ITALIC_OFF = "\ue002", "\ue003"
CODE_ON, CODE_OFF = "\ue004", "\ue005"
MARKS = BOLD_ON + BOLD_OFF + ITALIC_ON + ITALIC_OFF + CODE_ON + CODE_OFF

_STRIP = str.maketrans("", "", MARKS)
# The catalogue writes marks as the tags a translator knows; they become marks once, when it is loaded.
_TAGS = {"<b>": BOLD_ON, "</b>": BOLD_OFF, "<i>": ITALIC_ON, "</i>": ITALIC_OFF}
_TAGS |= {"<code>": CODE_ON, "</code>": CODE_OFF}
_TAG_RE = re.compile("|".join(re.escape(tag) for tag in _TAGS))


def plain(value: object) -> str:
    """A value as literal text, without marks: what a user typed, put into a marked text (so nobody
    smuggles formatting in), or a marked text for the shell, a workbook cell, a plain-text message."""
    return str(value).translate(_STRIP)


def bold(value: object) -> str:
    return f"{BOLD_ON}{plain(value)}{BOLD_OFF}"


def italic(value: object) -> str:
    return f"{ITALIC_ON}{plain(value)}{ITALIC_OFF}"


def code(value: object) -> str:
    return f"{CODE_ON}{plain(value)}{CODE_OFF}"


def from_tags(template: str) -> str:
    """A catalogue sentence written with <b>, <i>, <code> and HTML entities, as a marked text."""
    return html.unescape(_TAG_RE.sub(lambda m: _TAGS[m.group(0)], template))
