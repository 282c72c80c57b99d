"""The ranking of one category drawn for a 16:9 screen (SPEC §11): the slides and the chats' document. Pure.

One picture per category; its groups side by side (乡镇 | 县直部门), units as horizontal bars, rank 1 on
top. It names the county, the period and the data time (the submission deadline), draws the red line,
the yellow line and 序时 100 % as three labelled lines (the red line often sits on 100 %: its label is
written at the top of the plot, 序时's at the bottom, so the two ideas never merge), and marks 夺旗,
守旗 and 连续黄旗 beside the bars. The object API on Agg, as bot/render/chart.py: safe in a worker.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import tzinfo

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from bot.domain.categories import Kind
from bot.domain.flags import FlagColor, Transition
from bot.domain.review import Entry, ReviewResult
from bot.render.categories import shown_score
from bot.render.chart import (
    PLAIN_BAR,
    RED_BAR,
    RED_LINE,
    SCHEDULE_LINE,
    YELLOW_BAR,
    YELLOW_LINE,
    bar_color,
    short_name,
)
from bot.render.fonts import as_written, chart_font
from bot.render.official import deadline_text
from bot.render.periods import period_label
from bot.render.texts import message

WIDTH_IN, HEIGHT_IN = 13.333, 7.5  # a 16:9 slide
DPI = 150  # 2000 × 1125 px
NAME_CAP = 10  # characters of a unit name on the axis


# the lines' labels: in % for a project-scored category, in points for an indicator-scored one
_LINE_KEYS = {
    False: ("chart_red_line_plain", "chart_yellow_line"),
    True: ("chart_red_line_points", "chart_yellow_line_points"),
}


def categories(result: ReviewResult) -> list[str]:
    """The review's categories in the announcement's order."""
    seen: dict[str, int] = {}
    for e in sorted(result.entries, key=lambda e: e.category_id):
        seen.setdefault(e.category, e.category_id)
    return list(seen)


def mark(entry: Entry, lang: str) -> str:
    """'★夺旗', '守旗·连续2期', '连续2期黄旗' or ''."""
    if entry.transition is Transition.YELLOW_TO_RED:
        return message("documents_mark_won", lang)
    if entry.transition is Transition.KEPT_RED:
        return message("documents_mark_kept", lang, n=max(entry.streak, 2))
    if entry.transition is Transition.KEPT_YELLOW:
        return message("documents_mark_yellow_again", lang, n=max(entry.streak, 2))
    return ""


def _number(value: float) -> str:
    return f"{value:g}"


def category_chart(
    result: ReviewResult,
    category: str,
    *,
    county: str,
    tz: tzinfo,
    lang: str = "zh",
    font: str | None = None,
    size: tuple[float, float] = (WIDTH_IN, HEIGHT_IN),
) -> bytes:
    """One category's ranking as a 16:9 PNG (2000 × 1125 px); `size` in inches for a slide's chart area."""
    fp = chart_font(font)
    entries = sorted(
        (e for e in result.entries if e.category == category), key=lambda e: (e.group, e.rank, e.unit)
    )
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.group, []).append(e)
    fig = Figure(figsize=size, dpi=DPI)
    FigureCanvasAgg(fig)
    label = period_label(result.period, lang)
    title = message("documents_chart_title", lang, county=county, period=label, category=category)
    fig.text(0.03, 0.955, title, ha="left", va="top", fontproperties=fp, fontsize=22)
    data_time = deadline_text(result.cutoff, tz, lang)
    note = message("documents_chart_data_time", lang, time=data_time)
    fig.text(0.03, 0.885, note, ha="left", va="top", fontproperties=fp, fontsize=13, color="#444444")
    rules = result.policy_of(category)  # the category's own knobs, as the review judged it
    red, yellow = float(rules.red_min_score), float(rules.yellow_below)
    in_points = any(e.kind is Kind.INDICATOR for e in entries)  # a given score: points, not % of 序时
    fig.legend(
        handles=_legend(red, yellow, lang, points=in_points),
        loc="upper left",
        bbox_to_anchor=(0.02, 0.85),
        ncols=6,
        prop=fp.copy(),
        frameon=False,
        fontsize=12,
    )
    if not groups:
        fig.text(0.5, 0.45, message("chart_empty", lang), ha="center", fontproperties=fp, fontsize=16)
    count = len(groups)
    name_in = 1.45  # the unit names left of each panel
    left_margin, gap, right_margin = name_in / size[0], name_in / size[0] + 0.02, 0.02
    width = (1 - left_margin - right_margin - gap * (count - 1)) / max(count, 1)
    axes_in = width * size[0]

    def scale(labels: dict[str, list[str]]) -> float:
        """One axis end for the category's groups, with room for each label beyond its bar."""
        rooms = [
            _room(members, labels[group], axes_in=axes_in, points=_name_points(len(members)))
            for group, members in groups.items()
        ]
        return max([red * 1.1, 110.0, *rooms])

    # 夺旗/守旗/连续黄旗 are written inside their bar (a flag's bar is long) unless it is too short for them.
    outside = {group: [shown_score(e.score, e.kind) for e in members] for group, members in groups.items()}
    inside = {group: [""] * len(members) for group, members in groups.items()}
    xmax = scale(outside)
    for group, members in groups.items():
        points = _name_points(len(members)) - 1
        for i, e in enumerate(members):
            words = mark(e, lang)
            if not words:
                continue
            if _text_in(words, points) + 0.2 < float(e.score) / xmax * axes_in:
                inside[group][i] = words
            else:
                outside[group][i] += f"  {words}"
    xmax = scale(outside)
    for index, (group, members) in enumerate(groups.items()):
        x0 = left_margin + index * (width + gap)
        ax = fig.add_axes((x0, 0.1, width, 0.6))
        texts = (outside[group], inside[group])
        _panel(
            ax,
            members,
            texts,
            group=group,
            lang=lang,
            fp=fp,
            xmax=xmax,
            lines=(red, yellow),
            points=in_points,
        )
    as_written(fig)  # names and notes are text, never mathematics
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI, facecolor="white")
    return out.getvalue()


def _name_points(bars: int) -> int:
    return 14 if bars <= 10 else 12 if bars <= 16 else 10 if bars <= 24 else 8


def _text_in(text: str, points: float) -> float:
    """About how wide a text is, in inches: a CJK character is one em, a Latin one about half."""
    ems = sum(1.0 if ord(ch) > 0x2E7F else 0.58 for ch in text)
    return ems * points / 72


def _room(entries: Sequence[Entry], labels: Sequence[str], *, axes_in: float, points: float) -> float:
    """The axis end (in %) that leaves room for every bar's label beyond its bar."""
    xmax = 100.0
    for e, label in zip(entries, labels, strict=True):
        share = min((_text_in(label, points) + 0.15) / axes_in, 0.7)
        xmax = max(xmax, float(e.score) / (1 - share))
    return xmax


def _legend(red: float, yellow: float, lang: str, *, points: bool = False) -> list[Patch | Line2D]:
    red_key, yellow_key = _LINE_KEYS[points]
    handles: list[Patch | Line2D] = [
        Patch(color=RED_BAR, label=message("chart_red", lang)),
        Patch(color=YELLOW_BAR, label=message("chart_yellow", lang)),
        Patch(color=PLAIN_BAR, label=message("chart_plain", lang)),
        Line2D(
            [],
            [],
            color=RED_LINE,
            ls="--",
            lw=2,
            label=message(red_key, lang, value=_number(red)),
        ),
        Line2D(
            [],
            [],
            color=YELLOW_LINE,
            ls="--",
            lw=2,
            label=message(yellow_key, lang, value=_number(yellow)),
        ),
    ]
    if not points:  # 序时 100% means nothing to a given score
        handles.append(
            Line2D(
                [], [], color=SCHEDULE_LINE, ls="-", lw=1.2, label=message("documents_chart_schedule", lang)
            )
        )
    return handles


def _panel(
    ax: Axes,
    entries: Sequence[Entry],
    texts: tuple[Sequence[str], Sequence[str]],
    *,
    group: str,
    lang: str,
    fp: FontProperties,
    xmax: float,
    lines: tuple[float, float],
    points: bool = False,
) -> None:
    red, yellow = lines
    red_key, yellow_key = _LINE_KEYS[points]
    n = len(entries)
    size = _name_points(n)
    positions = list(range(n))
    bars = ax.barh(
        positions,
        [float(e.score) for e in entries],
        color=[bar_color(e) for e in entries],
        height=0.7,
        zorder=2,
    )
    ax.set_yticks(
        positions, labels=[f"{e.rank}  {short_name(e.unit, NAME_CAP)}" for e in entries], fontproperties=fp
    )
    ax.tick_params(axis="y", labelsize=size, length=0)
    ax.set_ylim(max(n, 6) - 0.5, -0.5)  # a short group keeps bars of a normal height, on top
    outside, inside = texts
    labels = ax.bar_label(bars, labels=list(outside), padding=4, fontproperties=fp, fontsize=size)
    for text in labels:
        text.set(zorder=4, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85})
    for position, (e, words) in enumerate(zip(entries, inside, strict=True)):
        if words:
            color = "white" if e.flag is FlagColor.RED else "#262626"
            ax.annotate(
                words,
                (0, position),
                xytext=(6, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                color=color,
                fontproperties=fp,
                fontsize=size - 1,
                zorder=5,
            )
    if not points:
        ax.axvline(100.0, color=SCHEDULE_LINE, ls="-", lw=1.2, zorder=3)
    ax.axvline(red, color=RED_LINE, ls="--", lw=2, zorder=3)
    ax.axvline(yellow, color=YELLOW_LINE, ls="--", lw=2, zorder=3)
    # Each line's name on the plot itself: the red and yellow ones above the bars, 序时 below them.
    transform = ax.get_xaxis_transform()
    ax.text(
        red,
        1.005,
        message(red_key, lang, value=_number(red)),
        transform=transform,
        ha="left",
        va="bottom",
        color=RED_LINE,
        fontproperties=fp,
        fontsize=10,
    )
    ax.text(
        yellow,
        1.005,
        message(yellow_key, lang, value=_number(yellow)),
        transform=transform,
        ha="right",
        va="bottom",
        color=YELLOW_LINE,
        fontproperties=fp,
        fontsize=10,
    )
    if not points:
        ax.text(
            100.0,
            -0.075,
            message("documents_chart_schedule", lang),
            transform=transform,
            ha="center",
            va="top",
            color=SCHEDULE_LINE,
            fontproperties=fp,
            fontsize=10,
        )
    ax.set_xlim(0, xmax)
    if not points:
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.tick_params(axis="x", labelsize=10)
    ax.grid(axis="x", color="#e6e6e6", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    heading = message("documents_chart_group", lang, group=group, n=n)
    ax.set_title(heading, fontproperties=fp, fontsize=15, loc="left", pad=22)


def category_charts(
    result: ReviewResult, *, county: str, tz: tzinfo, lang: str = "zh", font: str | None = None
) -> list[tuple[str, bytes]]:
    """Every category's 16:9 chart, in order: (category, PNG)."""
    return [
        (category, category_chart(result, category, county=county, tz=tz, lang=lang, font=font))
        for category in categories(result)
    ]
