"""Fitting text into Telegram: messages of at most 4,096 characters, captions of 1,024. Pure."""

from __future__ import annotations

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


def split_message(text: str, *, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split on line breaks into pieces of at most `limit` characters (a too-long line is cut hard).

    Telegram counts UTF-16 code units; Chinese characters are one unit each, and we keep a margin for
    the rare astral characters (emoji) by counting those twice.
    """
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while _units(line) > limit:
            cut = _fit(line, limit)
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _units(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return [p for p in pieces if p.strip()] or [text[:limit] or " "]


def _units(text: str) -> int:
    """Telegram counts UTF-16 code units: a character beyond the BMP (most emoji) counts two."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _fit(line: str, limit: int) -> int:
    count = 0
    for index, ch in enumerate(line):
        count += 2 if ord(ch) > 0xFFFF else 1
        if count > limit:
            return index
    return len(line)


def caption(text: str) -> str:
    """A caption cut to Telegram's limit with an ellipsis."""
    return text if _units(text) <= CAPTION_LIMIT else text[: _fit(text, CAPTION_LIMIT - 1)] + "…"
