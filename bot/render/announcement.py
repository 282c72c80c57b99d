"""The review announcement for the leaders' chat and the work group (SPEC §7): HTML messages. Pure.

Written to be read on a phone by county leaders: one short line per flag, headings per category and
group, no tables. Long announcements are split between lines, never inside one, and a message that
continues a section repeats its headings marked "（续）", so every message reads on its own.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from bot.domain.flags import Badge, FlagColor, Transition
from bot.domain.review import Entry, ReviewResult
from bot.render.chat import MESSAGE_LIMIT, caption
from bot.render.marks import bold, from_tags, italic, plain

# key → (zh, en); the announcement's own sentences, kept beside the layout they belong to.
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("📣 {label} 双月讲评结果", "📣 {label} review results"),
    "continued": (
        "📣 {label} 双月讲评结果（续 {page}/{pages}）",
        "📣 {label} review results (cont. {page}/{pages})",
    ),
    "draft": ("草稿，尚未发布", "Draft, not published yet"),
    "provisional": ("临时结果：报送尚未截止，数据可能变化", "Provisional: reports are still open"),
    "cutoff": ("报送截止：{when}", "Reports counted until: {when}"),
    "reported": (
        "共 {total} 个单位，{reported} 个按时报送齐全",
        "{reported} of {total} units reported in full on time",
    ),
    "counts": ("本期红旗 {red} 面、黄旗 {yellow} 面", "This review: {red} red, {yellow} yellow flags"),
    "counts_before": ("上期红旗 {red} 面、黄旗 {yellow} 面", "Previous review: {red} red, {yellow} yellow"),
    "rule": (
        "红旗：各组前 {top} 名、得分≥{red}% 且按时报送齐全；黄旗：得分&lt;{yellow}%{bottom}",
        "Red: top {top} per group, score ≥ {red}%, all reported; yellow: score &lt; {yellow}%{bottom}",
    ),
    "rule_bottom": ("或各组末 {n} 名", " or bottom {n} per group"),
    "red": ("🚩 红旗", "🚩 Red flags"),
    "yellow": ("🟨 黄旗", "🟨 Yellow flags"),
    "no_red": ("本期未评出红旗。", "No red flags this time."),
    "no_yellow": ("本期无黄旗。", "No yellow flags this time."),
    "changes": ("📌 旗帜变化", "📌 Changes"),
    "overrides": ("✍️ 人工调整", "✍️ Overrides"),
    "continued_mark": ("（续）", " (cont.)"),
    "flag_winner": (
        "🏅 夺旗模范：{unit}（红旗 {count} 面：{categories}）",
        "🏅 Flag winner: {unit} ({count} red: {categories})",
    ),
    "double_red": ("🎖 双红旗：{unit}（{categories}）", "🎖 Double red: {unit} ({categories})"),
    "won": ("💪 夺旗：{unit} · {category}（黄旗→红旗）", "💪 Yellow to red: {unit} · {category}"),
    "kept": (
        "🛡 守旗：{unit} · {category}，连续 {streak} 期",
        "🛡 Kept red: {unit} · {category}, {streak} in a row",
    ),
    "shed": ("✅ 摘黄旗：{unit} · {category}", "✅ Shed yellow: {unit} · {category}"),
    "escalated": (
        "⚠️ 连续黄旗：{unit} · {category}，连续 {streak} 期，提请单位一把手关注",
        "⚠️ Yellow again: {unit} · {category}, {streak} in a row; the unit head is alerted",
    ),
    "override": (
        "{unit} · {category}：{before}→{after}（理由：{reason}）",
        "{unit} · {category}: {before} → {after} ({reason})",
    ),
    "tail_kept": ("守旗·连续{streak}期", "kept, {streak} in a row"),
    "tail_won": ("夺旗", "yellow to red"),
    "tail_again": ("⚠️连续{streak}期", "⚠️ {streak} in a row"),
    "tail_fell": ("红旗变黄旗", "was red"),
    "tail_override": ("✍️人工调整", "✍️ override"),
    "closing": (
        "各单位可私聊机器人发送 /myflag，查看本单位得分、排名及与红线、黄线的差距。",
        "Units: send /myflag to the bot privately for your score, rank and gap to the red and yellow lines.",
    ),
    "caption": (
        "📊 {label} 双月讲评排名{pages}\n🚩 红旗 {red} 面 · 🟨 黄旗 {yellow} 面\n"
        "红色为红旗，黄色为黄旗；虚线为红旗线 {red_line}%、黄旗线 {yellow_line}%",
        "📊 {label} review ranking{pages}\n🚩 {red} red · 🟨 {yellow} yellow flags\n"
        "Red bars: red flag, gold: yellow flag; dashed lines: red line {red_line}%, yellow line {yellow_line}%",
    ),
    "flag_red": ("红旗", "red"),
    "flag_yellow": ("黄旗", "yellow"),
    "flag_none": ("无旗", "none"),
}

NAME_CAP = 40  # characters of a unit, group or category name shown; a ledger typo must not flood a chat
REASON_CAP = 200  # characters of an override reason shown


TEXTS = {key: (from_tags(zh), from_tags(en)) for key, (zh, en) in TEXTS.items()}  # marked text


def _t(key: str, lang: str, **params: object) -> str:
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format(**params)


def _name(text: str, cap: int = NAME_CAP) -> str:
    """User-provided text, shortened to `cap` characters, as literal text."""
    return plain(text if len(text) <= cap else text[: cap - 1] + "…")


def _number(value: Decimal | float | int) -> str:
    """Decimal('80') → '80', Decimal('97.50') → '97.5'."""
    return format(Decimal(str(value)).normalize(), "f")


def _score(entry: Entry) -> str:
    return f"{entry.score:.1f}%"


def _cutoff_text(cutoff: datetime, tz: tzinfo, lang: str) -> str:
    """The submission deadline as people say it: '2026年11月5日24时' / 'end of 5 Nov 2026'."""
    local = cutoff.astimezone(tz)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        day = local.date() - timedelta(days=1)
        if lang == "en":
            return f"end of {day.day} {calendar.month_abbr[day.month]} {day.year}"
        return f"{day.year}年{day.month}月{day.day}日24时"
    if lang == "en":
        return f"{local.day} {calendar.month_abbr[local.month]} {local.year} {local:%H:%M}"
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _label(result: ReviewResult, lang: str) -> str:
    return result.period.label_en() if lang == "en" else result.period.label_zh()


def _flag_counts(result: ReviewResult) -> tuple[int, int]:
    red = sum(1 for e in result.entries if e.flag is FlagColor.RED)
    yellow = sum(1 for e in result.entries if e.flag is FlagColor.YELLOW)
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
    lines = [_Line(bold(_t("title", lang, label=_label(result, lang))))]
    if result.status != "published":
        lines.append(_Line(italic(_t("provisional" if result.provisional else "draft", lang))))
    lines.append(_Line(_t("cutoff", lang, when=_cutoff_text(result.cutoff, tz, lang))))
    lines.append(_Line(_t("reported", lang, reported=result.units_reported, total=result.units_total)))
    lines.append(_Line(_t("counts", lang, red=red, yellow=yellow)))
    if previous is not None:
        before_red, before_yellow = _flag_counts(previous)
        lines.append(_Line(_t("counts_before", lang, red=before_red, yellow=before_yellow)))
    bottom = _t("rule_bottom", lang, n=policy.yellow_bottom_n) if policy.yellow_bottom_n > 0 else ""
    rule = _t(
        "rule",
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
        tails.append(_t("tail_kept", lang, streak=entry.streak))
    elif entry.transition is Transition.YELLOW_TO_RED:
        tails.append(_t("tail_won", lang))
    elif entry.transition is Transition.KEPT_YELLOW:
        tails.append(_t("tail_again", lang, streak=entry.streak))
    elif entry.transition is Transition.RED_TO_YELLOW:
        tails.append(_t("tail_fell", lang))
    if entry.override_reason:
        tails.append(_t("tail_override", lang))
    tail = "".join(f" · {t}" for t in tails)
    return f"{mark} {_name(entry.unit)} {_score(entry)}{tail}"


def _flag_section(result: ReviewResult, color: FlagColor, lang: str) -> list[_Line]:
    title_key, empty_key = ("red", "no_red") if color is FlagColor.RED else ("yellow", "no_yellow")
    section = bold(_t(title_key, lang))
    section_cont = bold(_t(title_key, lang) + _t("continued_mark", lang))
    lines = [_Line(""), _Line(section, heading=True)]
    flagged = [e for e in _ordered(result.entries) if e.flag is color]
    if not flagged:
        lines.append(_Line(_t(empty_key, lang), context=(section_cont,)))
        return lines
    current: tuple[str, str] | None = None
    group_cont = ""
    for entry in flagged:
        if (entry.category, entry.group) != current:
            current = (entry.category, entry.group)
            heading = f"{_name(entry.category)} · {_name(entry.group)}"
            group_cont = bold(heading + _t("continued_mark", lang))
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
    for badge, key in ((Badge.FLAG_WINNER, "flag_winner"), (Badge.DOUBLE_RED, "double_red")):
        for unit in sorted(result.badges):
            badges = result.badges[unit]
            if badge not in badges or (badge is Badge.DOUBLE_RED and Badge.FLAG_WINNER in badges):
                continue  # a flag winner holds two red flags by definition: say it once, as the higher honour
            categories = red_categories.get(unit, [])
            joined = ("、" if lang != "en" else ", ").join(_name(c) for c in categories)
            out.append(_t(key, lang, unit=_name(unit), count=len(categories), categories=joined))
    kinds = (
        (Transition.YELLOW_TO_RED, "won"),
        (Transition.KEPT_RED, "kept"),
        (Transition.SHED_YELLOW, "shed"),
    )
    for transition, key in kinds:
        for e in ordered:
            if e.transition is transition:
                out.append(_t(key, lang, unit=_name(e.unit), category=_name(e.category), streak=e.streak))
    for e in ordered:
        if e.escalates:
            out.append(_t("escalated", lang, unit=_name(e.unit), category=_name(e.category), streak=e.streak))
    return out


def _flag_word(flag: FlagColor | None, lang: str) -> str:
    return _t({FlagColor.RED: "flag_red", FlagColor.YELLOW: "flag_yellow", None: "flag_none"}[flag], lang)


def _overrides(result: ReviewResult, lang: str) -> list[str]:
    return [
        _t(
            "override",
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
    cont = bold(_t(title_key, lang) + _t("continued_mark", lang))
    return [
        _Line(""),
        _Line(bold(_t(title_key, lang)), heading=True),
        *(_Line(item, context=(cont,)) for item in items),
    ]


def _all_lines(result: ReviewResult, *, tz: tzinfo, lang: str, previous: ReviewResult | None) -> list[_Line]:
    return [
        *_header(result, tz=tz, lang=lang, previous=previous),
        *_flag_section(result, FlagColor.RED, lang),
        *_flag_section(result, FlagColor.YELLOW, lang),
        *_titled("changes", _changes(result, lang), lang),
        *_titled("overrides", _overrides(result, lang), lang),
        _Line(""),
        _Line(_t("closing", lang)),
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
    widest = bold(_t("continued", lang, label=label, page=99, pages=99))
    chunks = _pack(lines, banner_units=_units(widest), limit=limit)
    pages = len(chunks)
    messages = []
    for page, (continued_from, body) in enumerate(chunks, start=1):
        head: list[str] = []
        if page > 1:
            head = [bold(_t("continued", lang, label=label, page=page, pages=pages)), *continued_from]
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
    numbering = f" ({page}/{pages})" if pages > 1 else ""
    text = _t(
        "caption",
        lang,
        label=plain(_label(result, lang)),
        pages=numbering,
        red=red,
        yellow=yellow,
        red_line=_number(result.policy.red_min_score),
        yellow_line=_number(result.policy.yellow_below),
    )
    return caption(text)  # cut to CAPTION_LIMIT; the template is far shorter
