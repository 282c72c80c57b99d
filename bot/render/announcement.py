"""The review announcement for the leaders' chat and the work group (SPEC §7): HTML messages. Pure.

Written to be read on a phone by county leaders: one short line per flag, headings per category and
group, no tables. Long announcements are split between lines, never inside one, and a message that
continues a section repeats its headings marked "（续）", so every message reads on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import tzinfo
from decimal import Decimal

from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.review import Entry, ReviewResult
from bot.render.categories import shown_score
from bot.render.chat import MESSAGE_LIMIT, caption
from bot.render.marks import bold, italic, plain
from bot.render.official import deadline_text, red_flags_label
from bot.render.periods import period_label
from bot.render.rank_change import rank_change_lines
from bot.render.texts import message

NAME_CAP = 40  # characters of a unit, group or category name shown; a ledger typo must not flood a chat
REASON_CAP = 200  # characters of an override reason shown


def _name(text: str, cap: int = NAME_CAP) -> str:
    """User-provided text, shortened to `cap` characters, as literal text."""
    return plain(text if len(text) <= cap else text[: cap - 1] + "…")


def _number(value: Decimal | float | int) -> str:
    """Decimal('80') → '80', Decimal('97.50') → '97.5'."""
    return format(Decimal(str(value)).normalize(), "f")


def _score(entry: Entry) -> str:
    return shown_score(entry.score, entry.kind)


def _label(result: ReviewResult, lang: str) -> str:
    return period_label(result.period, lang)


def _flag_counts(result: ReviewResult) -> tuple[int, int]:
    """How many units got a red flag and how many a yellow one (the practice counts units, not flags)."""
    red = len({e.unit_id for e in result.entries if e.flag is FlagColor.RED})
    yellow = len({e.unit_id for e in result.entries if e.flag is FlagColor.YELLOW})
    return red, yellow


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    """Category, group, rank, unit: the order of review_text and the workbook."""
    return sorted(entries, key=lambda e: (e.category_id, e.group, e.rank, e.unit))


@dataclass(frozen=True)
class _Line:
    """One line of the announcement and the headings to repeat when a message has to start at it."""

    text: str
    heading: bool = False
    context: tuple[str, ...] = ()


def _header(result: ReviewResult, *, tz: tzinfo, lang: str, previous: ReviewResult | None) -> list[_Line]:
    policy = result.policy
    red, yellow = _flag_counts(result)
    lines = [_Line(bold(message("announcement_title", lang, label=_label(result, lang))))]
    if result.status != "published":
        lines.append(
            _Line(
                italic(
                    message("announcement_provisional" if result.provisional else "announcement_draft", lang)
                )
            )
        )
    lines.append(_Line(message("announcement_cutoff", lang, when=deadline_text(result.cutoff, tz, lang))))
    lines.append(
        _Line(
            message("announcement_reported", lang, reported=result.units_reported, total=result.units_total)
        )
    )
    lines.append(_Line(message("announcement_counts", lang, red=red, yellow=yellow)))
    if previous is not None:
        before_red, before_yellow = _flag_counts(previous)
        lines.append(_Line(message("announcement_counts_before", lang, red=before_red, yellow=before_yellow)))
    bottom = (
        message("announcement_rule_bottom", lang, n=policy.yellow_bottom_n)
        if policy.yellow_bottom_n > 0
        else ""
    )
    rule = message(
        "announcement_rule",
        lang,
        top=policy.red_top_n,
        red=_number(policy.red_min_score),
        yellow=_number(policy.yellow_below),
        bottom=bottom,
    )
    lines.append(_Line(italic(rule)))
    return lines


def _flag_line(entry: Entry, lang: str) -> str:
    mark = "🚩" if entry.flag is FlagColor.RED else "🟨"
    tails: list[str] = []
    if entry.transition is Transition.KEPT_RED:
        tails.append(message("announcement_tail_kept", lang, streak=entry.streak))
    elif entry.transition is Transition.YELLOW_TO_RED:
        tails.append(message("announcement_tail_won", lang))
    elif entry.transition is Transition.KEPT_YELLOW:
        tails.append(message("announcement_tail_again", lang, streak=entry.streak))
    elif entry.transition is Transition.RED_TO_YELLOW:
        tails.append(message("announcement_tail_fell", lang))
    if entry.override_reason:
        tails.append(message("announcement_tail_override", lang))
    tail = "".join(f" · {t}" for t in tails)
    return f"{mark} {_name(entry.unit)} {_score(entry)}{tail}"


def _flag_section(result: ReviewResult, color: FlagColor, lang: str) -> list[_Line]:
    title_key, empty_key = (
        ("announcement_red", "announcement_no_red")
        if color is FlagColor.RED
        else ("announcement_yellow", "announcement_no_yellow")
    )
    section = bold(message(title_key, lang))
    section_cont = bold(message(title_key, lang) + message("announcement_continued_mark", lang))
    lines = [_Line(""), _Line(section, heading=True)]
    flagged = [e for e in _ordered(result.entries) if e.flag is color]
    if not flagged:
        lines.append(_Line(message(empty_key, lang), context=(section_cont,)))
        return lines
    current: tuple[str, str] | None = None
    group_cont = ""
    for entry in flagged:
        if (entry.category, entry.group) != current:
            current = (entry.category, entry.group)
            heading = f"{_name(entry.category)} · {_name(entry.group)}"
            group_cont = bold(heading + message("announcement_continued_mark", lang))
            lines.append(_Line(bold(heading), heading=True, context=(section_cont,)))
        lines.append(_Line(_flag_line(entry, lang), context=(section_cont, group_cont)))
    return lines


def _changes(result: ReviewResult, lang: str) -> list[str]:
    """The transitions worth saying out loud, honours first, warnings last."""
    ordered = _ordered(result.entries)
    red_categories: dict[str, list[str]] = {}
    for e in ordered:
        if e.flag is FlagColor.RED:
            red_categories.setdefault(e.unit, []).append(e.category)
    out: list[str] = []
    for badge, key in (
        (Badge.FLAG_WINNER, "announcement_flag_winner"),
        (Badge.DOUBLE_RED, "announcement_multi_red"),
    ):
        for unit in sorted(result.badges):
            badges = result.badges[unit]
            if badge not in badges or (badge is Badge.DOUBLE_RED and Badge.FLAG_WINNER in badges):
                continue  # a flag winner holds two red flags by definition: say it once, as the higher honour
            categories = red_categories.get(unit, [])
            joined = message("announcement_list_separator", lang).join(_name(c) for c in categories)
            label = red_flags_label(len(categories), lang)  # two: 双红旗, three: 三红旗
            out.append(message(key, lang, unit=_name(unit), label=label, categories=joined))
    kinds = (
        (Transition.YELLOW_TO_RED, "announcement_won"),
        (Transition.KEPT_RED, "announcement_kept"),
        (Transition.SHED_YELLOW, "announcement_shed"),
    )
    for transition, key in kinds:
        for e in ordered:
            if e.transition is transition:
                out.append(
                    message(key, lang, unit=_name(e.unit), category=_name(e.category), streak=e.streak)
                )
    for e in ordered:
        if e.escalates:
            out.append(
                message(
                    "announcement_escalated",
                    lang,
                    unit=_name(e.unit),
                    category=_name(e.category),
                    streak=e.streak,
                )
            )
    return out


def _flag_word(flag: FlagColor | None, lang: str) -> str:
    keys = {
        FlagColor.RED: "announcement_flag_red",
        FlagColor.YELLOW: "announcement_flag_yellow",
        None: "announcement_flag_none",
    }
    return message(keys[flag], lang)


def _overrides(result: ReviewResult, lang: str) -> list[str]:
    return [
        message(
            "announcement_override",
            lang,
            unit=_name(e.unit),
            category=_name(e.category),
            before=_flag_word(e.proposed_flag, lang),
            after=_flag_word(e.flag, lang),
            reason=_name(e.override_reason, REASON_CAP),
        )
        for e in _ordered(result.entries)
        if e.override_reason
    ]


def _titled(title_key: str, items: list[str], lang: str) -> list[_Line]:
    if not items:
        return []
    cont = bold(message(title_key, lang) + message("announcement_continued_mark", lang))
    return [
        _Line(""),
        _Line(bold(message(title_key, lang)), heading=True),
        *(_Line(item, context=(cont,)) for item in items),
    ]


def _all_lines(result: ReviewResult, *, tz: tzinfo, lang: str, previous: ReviewResult | None) -> list[_Line]:
    return [
        *_header(result, tz=tz, lang=lang, previous=previous),
        *_flag_section(result, FlagColor.RED, lang),
        *_flag_section(result, FlagColor.YELLOW, lang),
        *_titled("announcement_changes", _changes(result, lang), lang),
        *_titled("rank_change_title", rank_change_lines(result, previous, lang), lang),
        *_titled("announcement_overrides", _overrides(result, lang), lang),
        _Line(""),
        _Line(message("announcement_closing", lang)),
    ]


def announcement_messages(
    result: ReviewResult,
    *,
    tz: tzinfo,
    lang: str = "zh",
    previous: ReviewResult | None = None,
    limit: int = MESSAGE_LIMIT,
) -> list[str]:
    """The announcement as HTML messages of at most `limit` characters (Telegram: 4,096), in order.

    `previous` (the previous published review) adds last time's flag counts to the header.
    """
    lines = _all_lines(result, tz=tz, lang=lang, previous=previous)
    label = plain(_label(result, lang))
    widest = bold(message("announcement_continued", lang, label=label, page=99, pages=99))
    chunks = _pack(lines, banner_units=_units(widest), limit=limit)
    pages = len(chunks)
    messages = []
    for page, (continued_from, body) in enumerate(chunks, start=1):
        head: list[str] = []
        if page > 1:
            head = [
                bold(message("announcement_continued", lang, label=label, page=page, pages=pages)),
                *continued_from,
            ]
        messages.append("\n".join([*head, *body]))
    return messages


def _units(text: str) -> int:
    """Telegram's length: UTF-16 code units (an emoji outside the BMP counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def _pack(lines: list[_Line], *, banner_units: int, limit: int) -> list[tuple[list[str], list[str]]]:
    """Lines into messages: (headings repeated at the top, lines), each within `limit` with the banner.

    A message never ends on a heading (it moves to the next message with its first line), and blank
    separators at a message's edges are dropped.
    """
    chunks: list[tuple[list[str], list[str]]] = []
    index = 0
    while index < len(lines):
        while index < len(lines) and not lines[index].text:
            index += 1  # no message starts with a blank line
        if index >= len(lines):
            break
        repeated = list(lines[index].context) if chunks else []
        size = (banner_units + 1 if chunks else 0) + sum(_units(h) + 1 for h in repeated)
        taken: list[int] = []
        while index < len(lines):
            cost = _units(lines[index].text) + (1 if taken else 0)
            if taken and size + cost > limit:
                break
            taken.append(index)
            size += cost
            index += 1
        if index < len(lines):
            # don't leave a heading (or a blank) dangling at the end; its lines follow in the next message
            keep = len(taken)
            while keep > 1 and (lines[taken[keep - 1]].heading or not lines[taken[keep - 1]].text):
                keep -= 1
            index = taken[keep] if keep < len(taken) else index
            taken = taken[:keep]
        body = [lines[i].text for i in taken]
        while body and not body[-1]:
            body.pop()
        chunks.append((repeated, body))
    return chunks


def announcement_caption(result: ReviewResult, lang: str = "zh", *, page: int = 1, pages: int = 1) -> str:
    """The caption of the ranking chart photo (at most 1,024 characters); `page`/`pages` for several images."""
    red, yellow = _flag_counts(result)
    numbering = message("announcement_caption_pages", lang, page=page, pages=pages) if pages > 1 else ""
    text = message(
        "announcement_caption",
        lang,
        label=plain(_label(result, lang)),
        pages=numbering,
        red=red,
        yellow=yellow,
        red_line=_number(result.policy.red_min_score),
        yellow_line=_number(result.policy.yellow_below),
    )
    return caption(text)  # cut to CAPTION_LIMIT; the template is far shorter
