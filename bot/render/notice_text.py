"""What the 通报 says (SPEC §11), as blocks of text in order — the .docx writer (notice.py) and a county's
template (notice_template.py) lay them out. Pure; every sentence from the catalogue (keys documents_*)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from bot.domain.flags import FlagColor, Transition
from bot.domain.review import Entry, ReviewResult
from bot.domain.views_documents import ReviewPapers
from bot.render.categories import shown_score
from bot.render.periods import Month, period_label
from bot.render.texts import message

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings go no further than that)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def chinese_date(day: date, lang: str) -> str:
    """'2026年11月6日' (GB/T 9704-2012: Arabic numerals, no leading zeros)."""
    return message("documents_date", lang, year=day.year, month=Month(day.month), day=day.day)


class Numeral(int):
    """A heading's number that a catalogue sentence writes as 一 ({n:zh}) or as 1 ({n})."""

    def __format__(self, spec: str) -> str:
        if spec == "cn":
            return chinese_number(self)
        return super().__format__(spec)


def document_number(prefix: str, number: tuple[int, int] | None, lang: str) -> str:
    """The 文号 '青考核办〔2026〕3号' from (year, n); a draft's '（讨论稿，未编号）'."""
    if number is None:
        return message("documents_number_draft", lang)
    return message("documents_number", lang, prefix=prefix, year=number[0], n=number[1])


@dataclass(frozen=True)
class Block:
    """One piece of the body: a heading (level 1 一、 or 2 （一）), a paragraph, or a table."""

    kind: str  # "h1", "h2", "p", "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # table: the header row first


@dataclass(frozen=True)
class NoticeText:
    """The 通报's parts, each a plain string but the body."""

    org: str
    number: str
    title: str
    to: str
    body: list[Block]
    signature: str
    date: str


def _ordered(entries: Iterable[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.category_id, e.group, e.rank, e.unit))


def _categories(result: ReviewResult) -> list[str]:
    seen: dict[str, None] = {}
    for e in _ordered(result.entries):
        seen.setdefault(e.category)
    return list(seen)


def _groups(result: ReviewResult) -> list[str]:
    seen: dict[str, None] = {}
    for e in sorted(result.entries, key=lambda e: e.group):
        seen.setdefault(e.group)
    return list(seen)


def _flag_blocks(result: ReviewResult, color: FlagColor, lang: str) -> list[Block]:
    """Per category a level-2 heading and one line per group naming the holders (or saying none)."""
    blocks: list[Block] = []
    sep = message("documents_list_sep", lang)
    for number, category in enumerate(_categories(result), start=1):
        blocks.append(Block("h2", message("documents_h2", lang, n=Numeral(number), text=category)))
        holders: dict[str, list[str]] = defaultdict(list)
        for e in _ordered(x for x in result.entries if x.category == category and x.flag is color):
            holders[e.group].append(
                message("documents_holder", lang, unit=e.unit, score=shown_score(e.score, e.kind))
            )
        if not holders:
            key = "documents_no_red" if color is FlagColor.RED else "documents_no_yellow"
            blocks.append(Block("p", message(key, lang)))
        for group, names in holders.items():
            blocks.append(
                Block(
                    "p",
                    message("documents_group_line", lang, group=group, n=len(names), units=sep.join(names)),
                )
            )
    return blocks


def change_blocks(result: ReviewResult, lang: str) -> list[Block]:
    """夺旗、守旗、摘黄旗、连续黄旗 and 双红旗/三红旗: one line each that has anyone."""
    sep = message("documents_list_sep", lang)
    kinds = (
        (Transition.YELLOW_TO_RED, "documents_change_won"),
        (Transition.KEPT_RED, "documents_change_kept"),
        (Transition.SHED_YELLOW, "documents_change_shed"),
        (Transition.KEPT_YELLOW, "documents_change_yellow_again"),
    )
    blocks = []
    for transition, key in kinds:
        names = []
        for e in _ordered(x for x in result.entries if x.transition is transition):
            if transition in (Transition.KEPT_RED, Transition.KEPT_YELLOW):
                streak = max(e.streak, 2)
                names.append(
                    message("documents_change_streak", lang, unit=e.unit, category=e.category, n=streak)
                )
            else:
                names.append(message("documents_change_item", lang, unit=e.unit, category=e.category))
        if names:
            blocks.append(Block("p", message(key, lang, units=sep.join(names))))
    reds: dict[str, int] = defaultdict(int)
    for e in result.entries:
        if e.flag is FlagColor.RED:
            reds[e.unit] += 1
    double = [u for u, n in reds.items() if n == 2]
    triple = [u for u, n in reds.items() if n >= 3]
    if triple:
        blocks.append(Block("p", message("documents_change_triple", lang, units=sep.join(triple))))
    if double:
        blocks.append(Block("p", message("documents_change_double", lang, units=sep.join(double))))
    if not blocks:
        blocks.append(Block("p", message("documents_change_none", lang)))
    return blocks


def ranking_rows(result: ReviewResult, lang: str) -> list[list[str]]:
    """The ranking summary: one row per unit (序号, 单位, 分组, each category's score and rank, flags)."""
    categories = _categories(result)
    by_unit: dict[str, dict[str, Entry]] = defaultdict(dict)
    group_of: dict[str, str] = {}
    for e in result.entries:
        by_unit[e.unit][e.category] = e
        group_of[e.unit] = e.group

    def order(unit: str) -> tuple[str, float]:
        ranks = [e.rank for e in by_unit[unit].values()]
        return group_of[unit], sum(ranks) / len(ranks)

    header = [message("documents_col_number", lang), message("documents_col_unit", lang)]
    header += [message("documents_col_group", lang), *categories, message("documents_col_flags", lang)]
    rows = [header]
    for number, unit in enumerate(sorted(by_unit, key=order), start=1):
        cells = [str(number), unit, group_of[unit]]
        for category in categories:
            held = by_unit[unit].get(category)
            cells.append(
                message("documents_cell", lang, score=f"{held.score:.1f}", rank=held.rank) if held else "—"
            )
        red = sum(1 for e in by_unit[unit].values() if e.flag is FlagColor.RED)
        yellow = sum(1 for e in by_unit[unit].values() if e.flag is FlagColor.YELLOW)
        flags = []
        if red:
            flags.append(message("documents_flags_red", lang, n=red))
        if yellow:
            flags.append(message("documents_flags_yellow", lang, n=yellow))
        cells.append(message("documents_list_sep", lang).join(flags) or "—")
        rows.append(cells)
    return rows


def notice_text(papers: ReviewPapers, lang: str = "zh") -> NoticeText:
    """The 通报 of a review: its header lines, the body as blocks, the signature and date."""
    result, head = papers.result, papers.head
    label = period_label(result.period, lang)
    red_units = {e.unit for e in result.entries if e.flag is FlagColor.RED}
    yellow_units = {e.unit for e in result.entries if e.flag is FlagColor.YELLOW}
    body = [
        Block("p", message("documents_intro", lang, org=head.org, period=label)),
        Block("h1", message("documents_h1", lang, n=Numeral(1), text=message("documents_h_basic", lang))),
        Block(
            "p",
            message(
                "documents_basic",
                lang,
                units=result.units_total,
                reported=result.units_reported,
                red=len(red_units),
                yellow=len(yellow_units),
            ),
        ),
        Block("h1", message("documents_h1", lang, n=Numeral(2), text=message("documents_h_red", lang))),
        *_flag_blocks(result, FlagColor.RED, lang),
        Block("h1", message("documents_h1", lang, n=Numeral(3), text=message("documents_h_yellow", lang))),
        *_flag_blocks(result, FlagColor.YELLOW, lang),
        Block("h1", message("documents_h1", lang, n=Numeral(4), text=message("documents_h_changes", lang))),
        *change_blocks(result, lang),
        Block("h1", message("documents_h1", lang, n=Numeral(5), text=message("documents_h_ranking", lang))),
        Block("p", message("documents_ranking_intro", lang)),
        Block("table", rows=ranking_rows(result, lang)),
        Block(
            "h1", message("documents_h1", lang, n=Numeral(6), text=message("documents_h_requirements", lang))
        ),
    ]
    if yellow_units:
        due = chinese_date(head.plan_due, lang)
        body.append(Block("p", message("documents_require_yellow", lang, due=due, org=head.org)))
    if any(e.transition is Transition.KEPT_YELLOW for e in result.entries):
        body.append(Block("p", message("documents_require_again", lang)))
    body.append(Block("p", message("documents_require_all", lang)))
    groups = message("documents_list_sep", lang).join(_groups(result))
    number = document_number(head.prefix, head.number, lang)
    return NoticeText(
        org=head.org,
        number=number,
        title=message("documents_title", lang, period=label),
        to=message("documents_to", lang, groups=groups),
        body=body,
        signature=head.org,
        date=chinese_date(head.issued, lang),
    )
