"""Which language someone reads (zh or en): decided here, once per update and once per recipient.

Chinese is the default: the bot serves a Chinese county. English is for someone whose Telegram is set to
English; LANGUAGE in the settings fixes one language for everyone (an empty setting lets people choose).
"""

from __future__ import annotations

ZH, EN = "zh", "en"
LANGUAGES = (ZH, EN)


def language_for(*, fixed: str | None, telegram_code: str | None) -> str:
    """A person's language: the fixed one if set, else English for an English Telegram, else Chinese."""
    if fixed:
        return fixed
    return EN if (telegram_code or "").lower().startswith("en") else ZH


def shared_language(*, fixed: str | None) -> str:
    """The language of what many read at once (a group, a broadcast, a workbook): the fixed one, else zh."""
    return fixed or ZH


def side(pair: tuple[str, str], lang: str) -> str:
    """The side of a (zh, en) pair that a reader of `lang` reads."""
    return pair[1] if lang == EN else pair[0]


def thousands_separator(lang: str) -> str:
    """Chinese running text writes 4780条 and 72.87亿元 (no separator); English writes 4,780."""
    return "," if lang == EN else ""
