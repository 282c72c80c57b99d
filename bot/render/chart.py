"""The ranking chart of a review (SPEC §7): one panel per (category, group), units as bars. Pure.

matplotlib's object API on the Agg canvas — no pyplot, no change to the global rcParams — so a chart can
be drawn in a worker thread (`await asyncio.to_thread(ranking_chart, result)`) while the bot runs.

Size: every bar gets the same height, so the image grows with the number of units. Telegram shrinks a
photo to 2,560 px on its long side, which keeps about 60 bars legible on a phone; `ranking_charts`
therefore spreads the panels over several images of at most `max_bars` bars (a bigger group is cut
into parts by rank), while `ranking_chart` draws everything in one image (for the workbook, the demo and
reviews of up to ~60 units per image) and only lowers the resolution to stay within Telegram's photo
limits (width + height ≤ 10,000 px, aspect ratio ≤ 20).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from bot.domain.flags import FlagColor
from bot.domain.review import Entry, ReviewResult
from bot.render.categories import shown_score
from bot.render.fonts import as_written, chart_font
from bot.render.periods import period_label
from bot.render.texts import message

MAX_BARS = 60  # bars per image in ranking_charts: what stays legible once Telegram scales the photo

RED_BAR = "#d62728"
YELLOW_BAR = "#f2b705"
PLAIN_BAR = "#b8b8b8"
RED_LINE = "#a50f15"
YELLOW_LINE = "#b8860b"
SCHEDULE_LINE = "#555555"

WIDTH_IN = 7.5
BAR_IN = 0.27  # height per unit
TOP_IN = 1.05  # the figure's title and key
PANEL_TITLE_IN = 0.35
PANEL_AXIS_IN = 0.4  # the percent axis under a panel
RIGHT_IN = 0.25
MAX_LABEL_IN = 2.6
NAME_PT = 9
DPI = 150
MAX_PIXELS = 9_600  # width + height, under Telegram's 10,000
MAX_RATIO = 19  # height : width, under Telegram's 20
NAME_CAP = 14  # characters of a unit name on the axis


@dataclass(frozen=True)
class Panel:
    """The bars of one (category, group), best first; `part` is set when a big group is cut by rank."""

    category: str
    group: str
    entries: tuple[Entry, ...]
    group_size: int
    part: tuple[int, int] | None = None  # first and last rank shown


def panels(result: ReviewResult, *, max_bars: int | None = None) -> list[Panel]:
    """One panel per (category, group) in the announcement's order; cut into parts of `max_bars`."""
    ordered = sorted(result.entries, key=lambda e: (e.category_id, e.group, e.rank, e.unit))
    grouped: dict[tuple[int, str], list[Entry]] = {}
    for e in ordered:
        grouped.setdefault((e.category_id, e.group), []).append(e)
    out: list[Panel] = []
    for entries in grouped.values():
        first = entries[0]
        # parts of near-equal size (25 bars at most 12 a part: 9, 9, 7 — not 12, 12, 1)
        parts = -(-len(entries) // max_bars) if max_bars else 1
        size = -(-len(entries) // parts)
        for start in range(0, len(entries), size):
            chunk = tuple(entries[start : start + size])
            part = (chunk[0].rank, chunk[-1].rank) if parts > 1 else None
            out.append(Panel(first.category, first.group, chunk, len(entries), part))
    return out


def _pages(items: list[Panel], max_bars: int) -> list[list[Panel]]:
    """Whole panels onto pages of at most max_bars bars (a panel is never split across pages)."""
    pages: list[list[Panel]] = []
    count = 0
    for panel in items:
        if pages and count + len(panel.entries) <= max_bars:
            pages[-1].append(panel)
            count += len(panel.entries)
        else:
            pages.append([panel])
            count = len(panel.entries)
    return pages or [[]]


def figure_size(bars_per_panel: Sequence[int]) -> tuple[float, float, float]:
    """Width and height in inches and the dpi: the same height per bar, within Telegram's photo limits.

    Beyond ~250 bars the height stops at MAX_RATIO × the width (bars get thinner) and the dpi drops so
    that width + height stays under MAX_PIXELS; ranking_charts never gets there.
    """
    if bars_per_panel:
        height = TOP_IN + sum(PANEL_TITLE_IN + BAR_IN * bars + PANEL_AXIS_IN for bars in bars_per_panel)
    else:
        height = TOP_IN + 2  # "no unit was ranked"
    height = min(height, WIDTH_IN * MAX_RATIO)
    return WIDTH_IN, height, min(DPI, MAX_PIXELS / (WIDTH_IN + height))


def bar_color(entry: Entry) -> str:
    """A unit's bar: red or yellow for its flag, grey without one (the 16:9 chart too)."""
    if entry.flag is FlagColor.RED:
        return RED_BAR
    if entry.flag is FlagColor.YELLOW:
        return YELLOW_BAR
    return PLAIN_BAR


def short_name(name: str, cap: int = NAME_CAP) -> str:
    """A unit's name on an axis, cut to `cap` characters with '…'."""
    return name if len(name) <= cap else name[: cap - 1] + "…"


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _legend(result: ReviewResult, lang: str) -> list[Patch | Line2D]:
    policy = result.policy
    red_value = _number(policy.red_min_score)
    red_label = message("chart_red_line", lang, value=red_value)
    if policy.red_min_score != 100:
        red_label = message("chart_red_line_plain", lang, value=red_value)
    yellow_label = message("chart_yellow_line", lang, value=_number(policy.yellow_below))
    handles: list[Patch | Line2D] = [
        Patch(color=RED_BAR, label=message("chart_red", lang)),
        Patch(color=YELLOW_BAR, label=message("chart_yellow", lang)),
        Patch(color=PLAIN_BAR, label=message("chart_plain", lang)),
        Line2D([], [], color=RED_LINE, ls="--", lw=1.2, label=red_label),
        Line2D([], [], color=YELLOW_LINE, ls="--", lw=1.2, label=yellow_label),
    ]
    if policy.red_min_score != 100:
        handles.append(
            Line2D([], [], color=SCHEDULE_LINE, ls=":", lw=1, label=message("chart_schedule", lang))
        )
    return handles


def _draw(page: Sequence[Panel], result: ReviewResult, *, lang: str, fp: FontProperties, title: str) -> bytes:
    """One PNG of the given panels stacked under the title and one key.

    Laid out by hand in inches (matplotlib's constrained layout cost ~40% more time): every bar gets
    BAR_IN, every panel PANEL_TITLE_IN above and PANEL_AXIS_IN below, and the left margin fits the
    longest unit name as measured with the font in use.
    """
    red_line = float(result.policy.red_min_score)
    yellow_line = float(result.policy.yellow_below)
    width, height, dpi = figure_size([len(p.entries) for p in page])
    fig = Figure(figsize=(width, height), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    fig.text(0.5, 1 - 0.12 / height, title, ha="center", va="top", fontproperties=fp, fontsize=15)
    fig.legend(
        handles=_legend(result, lang),
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.42 / height),
        ncols=3,
        prop=fp,
        frameon=False,
        fontsize=9,
    )
    if not page:
        fig.text(
            0.5, 0.4, message("chart_empty", lang), ha="center", va="center", fontproperties=fp, fontsize=12
        )
    else:
        labels = {id(p): [f"{e.rank}. {short_name(e.unit)}" for e in p.entries] for p in page}
        left = _label_width([text for texts in labels.values() for text in texts], fp, canvas) + 0.25
        # one scale for every panel and page of the review, with room for the labels beyond the longest bar
        top_score = max([red_line, yellow_line, 100.0, *(float(e.score) for e in result.entries)])
        y = height - TOP_IN
        for panel in page:
            bars_in = BAR_IN * len(panel.entries)
            y -= PANEL_TITLE_IN + bars_in
            ax = fig.add_axes((left / width, y / height, (width - left - RIGHT_IN) / width, bars_in / height))
            y -= PANEL_AXIS_IN
            _panel(
                ax,
                panel,
                labels[id(panel)],
                lang=lang,
                fp=fp,
                xmax=max(top_score, *_lines(result, panel.category)) * 1.16,
                lines=_lines(result, panel.category),  # the category's own knobs when it has them
            )
    as_written(fig)  # names and notes are text, never mathematics
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def _lines(result: ReviewResult, category: str) -> tuple[float, float]:
    policy = result.policy_of(category)
    return float(policy.red_min_score), float(policy.yellow_below)


def _label_width(texts: list[str], fp: FontProperties, canvas: FigureCanvasAgg) -> float:
    """The widest of the texts at the unit-name size, in inches (capped: a name is never wider than NAME_CAP)."""
    renderer = canvas.get_renderer()
    prop = fp.copy()
    prop.set_size(NAME_PT)
    widest = max(
        (renderer.get_text_width_height_descent(t, prop, ismath=False)[0] for t in texts), default=0.0
    )
    return min(widest / canvas.figure.dpi, MAX_LABEL_IN)


def _panel(
    ax: Axes,
    panel: Panel,
    labels: list[str],
    *,
    lang: str,
    fp: FontProperties,
    xmax: float,
    lines: tuple[float, float],
) -> None:
    red_line, yellow_line = lines
    entries = panel.entries
    positions = list(range(len(entries)))
    bars = ax.barh(
        positions,
        [float(e.score) for e in entries],
        color=[bar_color(e) for e in entries],
        height=0.72,
        zorder=2,
    )
    ax.set_yticks(positions, labels=labels, fontproperties=fp)
    ax.tick_params(axis="y", labelsize=NAME_PT, length=0)
    ax.set_ylim(len(entries) - 0.5, -0.5)  # rank 1 on top
    scores = ax.bar_label(
        bars, labels=[shown_score(e.score, e.kind) for e in entries], padding=3, fontproperties=fp, fontsize=8
    )
    for label in scores:  # readable where a label crosses a threshold line
        label.set(zorder=4, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})
    ax.axvline(red_line, color=RED_LINE, ls="--", lw=1.2, zorder=3)
    ax.axvline(yellow_line, color=YELLOW_LINE, ls="--", lw=1.2, zorder=3)
    if red_line != 100.0:
        ax.axvline(100.0, color=SCHEDULE_LINE, ls=":", lw=1, zorder=3)
    ax.set_xlim(0, xmax)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e6e6e6", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    key = "chart_panel_one" if panel.group_size == 1 else "chart_panel"
    title = message(key, lang, category=panel.category, group=panel.group, n=panel.group_size)
    if panel.part is not None:
        title += " · " + message("chart_part", lang, first=panel.part[0], last=panel.part[1])
    ax.set_title(title, fontproperties=fp, fontsize=11, loc="left")


def ranking_chart(result: ReviewResult, *, lang: str = "zh", font: str | None = None) -> bytes:
    """The whole ranking in one PNG: fine up to ~60 units; see ranking_charts for more.

    `font` (a family name or a font file) replaces the CJK font found by bot.render.fonts — for tests.
    Raises CjkFontMissingError when no installed font can draw Chinese.
    """
    title = message("chart_title", lang, label=period_label(result.period, lang))
    return _draw(panels(result), result, lang=lang, fp=chart_font(font), title=title)


def ranking_charts(
    result: ReviewResult, *, lang: str = "zh", font: str | None = None, max_bars: int = MAX_BARS
) -> list[bytes]:
    """The ranking as PNGs of at most `max_bars` bars each (one image when it fits): for Telegram."""
    fp = chart_font(font)
    pages = _pages(panels(result, max_bars=max_bars), max_bars)
    label = period_label(result.period, lang)
    images = []
    for number, page in enumerate(pages, start=1):
        title = message("chart_title", lang, label=label)
        if len(pages) > 1:
            title += message("chart_pages", lang, page=number, pages=len(pages))
        images.append(_draw(page, result, lang=lang, fp=fp, title=title))
    return images


def ranking_chart_count(result: ReviewResult, *, max_bars: int = MAX_BARS) -> int:
    """How many images ranking_charts draws, known without drawing (their messages are queued first)."""
    return len(_pages(panels(result, max_bars=max_bars), max_bars))
