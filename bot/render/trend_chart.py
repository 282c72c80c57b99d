"""/myflag's trend picture (issue 4 item 6): one row per category, two panels side by side. Pure.

Left, 纵向看变化: the unit's score at each of its last published reviews (dots coloured by the flag it
got), today's live score (hollow dot) and the forecast for the period's last day at the current pace
(hollow diamond), against the red line (RED_MIN_SCORE — red also needs a top-RED_TOP_N rank) and the
yellow line (YELLOW_BELOW), as each review's stored policy had them. Right, 横向看差距: every unit of its
group today by live score, its own bar coloured and named, the others grey and unnamed. Both panels of
a row share the percent axis, so a dot on the left and a bar on the right at the same height mean the
same score. Without a published review only the right panel is drawn.

matplotlib's object API on the Agg canvas, as bot.render.chart: safe in a worker thread.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import PercentFormatter

from bot.domain.categories import Kind
from bot.domain.flags import FlagColor
from bot.domain.views import CategoryTrend, Trend
from bot.render.categories import shown_score
from bot.render.chart import PLAIN_BAR, RED_BAR, RED_LINE, SCHEDULE_LINE, YELLOW_BAR, YELLOW_LINE
from bot.render.fonts import as_written, chart_font
from bot.render.periods import period_tick
from bot.render.texts import message

SELF_COLOR = "#1f5fa8"  # the unit's own score line and bar
OTHER_BAR = "#d4d4d4"

DPI = 150
MAX_PIXELS = 9_600  # width + height, under Telegram's 10,000
LEFT_IN = 0.65  # the percent axis
TREND_IN = 5.3
GAP_IN = 0.35
GROUP_IN = 3.6
GROUP_ALONE_IN = 6.0  # the group panel when there is no review to draw a trend from
RIGHT_IN = 0.2
TOP_IN = 1.35  # the title and a key of up to three rows
TITLE_IN = 0.35  # a panel's title
ROW_IN = 2.5  # a panel's plot area
AXIS_IN = 0.6  # two-line tick labels under a panel
BOTTOM_IN = 0.1

_FLAG_FILL = {FlagColor.RED: RED_BAR, FlagColor.YELLOW: YELLOW_BAR, None: PLAIN_BAR}


def _number(value: object) -> str:
    text = f"{value}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def figure_size(rows: int, *, with_trend: bool) -> tuple[float, float, float]:
    """Width and height in inches and the dpi (lowered only if a county had very many categories)."""
    width = LEFT_IN + (TREND_IN + GAP_IN + GROUP_IN if with_trend else GROUP_ALONE_IN) + RIGHT_IN
    height = TOP_IN + max(rows, 1) * (TITLE_IN + ROW_IN + AXIS_IN) + BOTTOM_IN
    return width, height, min(DPI, MAX_PIXELS / (width + height))


def _top(trend: Trend) -> float:
    """One percent scale for the whole picture, with room above the highest dot for its label."""
    values = [100.0, float(trend.lines.red), float(trend.lines.yellow)]
    values += [float(lines.red) for lines in trend.review_lines]
    for c in trend.categories:
        values += [float(p.score) for p in c.reviews if p is not None]
        values += [float(v) for v in (c.now, c.forecast) if v is not None]
        values += [float(n.score) for n in c.pool]
        values += [
            float(x)
            for lines in [c.lines, *(c.review_lines or [])]
            if lines
            for x in (lines.red, lines.yellow)
        ]
    return max(values) * 1.18


def _shows_forecast(trend: Trend) -> bool:
    return trend.forecast_on > trend.on  # on the period's last day the forecast is today's score


def _legend(trend: Trend, *, lang: str, with_trend: bool) -> list[Patch | Line2D]:
    lines = trend.lines
    handles: list[Patch | Line2D] = []
    if with_trend:
        for key, flag in (
            ("trend_red", FlagColor.RED),
            ("trend_yellow", FlagColor.YELLOW),
            ("trend_plain", None),
        ):
            handles.append(_dot(_FLAG_FILL[flag], "o", message(key, lang)))
        handles.append(_dot("white", "o", message("trend_now", lang)))
        if _shows_forecast(trend):
            handles.append(_dot("white", "D", message("trend_ahead", lang, days=trend.pace_days), ls="--"))
    handles += [
        Patch(color=SELF_COLOR, label=message("trend_own", lang)),
        Patch(color=OTHER_BAR, label=message("trend_others", lang)),
    ]
    if all(c.kind is Kind.PROJECTS and (c.lines or lines) == lines for c in trend.categories):
        red_label = message("trend_red_line", lang, value=_number(lines.red), n=lines.red_top_n)
        yellow_label = message("trend_yellow_line", lang, value=_number(lines.yellow))
    else:  # a category with its own knobs, or scored in points: each panel draws its own lines
        red_label = message("trend_red_line_own", lang)
        yellow_label = message("trend_yellow_line_own", lang)
    handles += [
        Line2D([], [], color=RED_LINE, ls="--", lw=1.2, label=red_label),
        Line2D([], [], color=YELLOW_LINE, ls="--", lw=1.2, label=yellow_label),
    ]
    if any(x.red != 100 for x in [lines, *trend.review_lines]):
        handles.append(
            Line2D([], [], color=SCHEDULE_LINE, ls=":", lw=1, label=message("trend_schedule", lang))
        )
    return handles


def _dot(face: str, marker: str, label: str, *, ls: str = "-") -> Line2D:
    return Line2D(
        [],
        [],
        color=SELF_COLOR,
        ls=ls,
        lw=1.5,
        marker=marker,
        markersize=7,
        markerfacecolor=face,
        label=label,
    )


def _label(ax: Axes, x: float, y: float, text: str, fp: FontProperties, *, ha: str = "center") -> None:
    ax.annotate(
        text,
        (x, y),
        xytext=(0, 8),
        textcoords="offset points",
        ha=ha,
        fontproperties=fp,
        fontsize=8,
        zorder=6,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
    )


def _threshold_steps(ax: Axes, values: Sequence[float], *, color: str) -> None:
    """A threshold per column, as a step line (the policy may change between reviews)."""
    xs = [-0.5, *range(len(values)), len(values) - 0.5]
    ys = [values[0], *values, values[-1]]
    ax.plot(xs, ys, drawstyle="steps-mid", color=color, ls="--", lw=1.2, zorder=2)


def _trend_panel(
    ax: Axes, c: CategoryTrend, trend: Trend, *, lang: str, fp: FontProperties, top: float
) -> None:
    n = len(trend.periods)
    with_forecast = _shows_forecast(trend) and c.forecast is not None
    columns = n + 1 + (1 if _shows_forecast(trend) else 0)
    today = c.lines or trend.lines  # the category's own knobs
    lines = [*(c.review_lines or trend.review_lines), *([today] * (columns - n))]
    _threshold_steps(ax, [float(x.red) for x in lines], color=RED_LINE)
    _threshold_steps(ax, [float(x.yellow) for x in lines], color=YELLOW_LINE)
    if c.kind is not Kind.INDICATOR and any(x.red != 100 for x in lines):  # 序时 is 100%
        ax.axhline(100.0, color=SCHEDULE_LINE, ls=":", lw=1, zorder=2)
    scores = [float(p.score) if p is not None else math.nan for p in c.reviews]
    ax.plot(range(n), scores, color=SELF_COLOR, lw=2, zorder=3)
    for x, p in enumerate(c.reviews):
        if p is None:
            continue
        ax.plot(x, float(p.score), "o", ms=8, mfc=_FLAG_FILL[p.flag], mec=SELF_COLOR, mew=1.5, zorder=5)
        _label(ax, x, float(p.score), shown_score(p.score, c.kind), fp)
    last = next((float(p.score) for p in reversed(c.reviews) if p is not None), None)
    if c.now is not None:
        now = float(c.now)
        if last is not None and c.reviews[-1] is not None:
            ax.plot([n - 1, n], [last, now], color=SELF_COLOR, ls=":", lw=1.5, zorder=3)
        ax.plot(n, now, "o", ms=8, mfc="white", mec=SELF_COLOR, mew=1.5, zorder=5)
        _label(ax, n, now, shown_score(c.now, c.kind), fp)
        if with_forecast and c.forecast is not None:
            ahead = float(c.forecast)
            ax.plot([n, n + 1], [now, ahead], color=SELF_COLOR, ls="--", lw=1.5, zorder=3)
            ax.plot(n + 1, ahead, "D", ms=7, mfc="white", mec=SELF_COLOR, mew=1.5, zorder=5)
            _label(ax, n + 1, ahead, shown_score(c.forecast, c.kind), fp)
    ticks = [period_tick(p, lang) for p in trend.periods]
    ticks.append(message("trend_today", lang, day=trend.on.strftime("%m-%d")))
    if _shows_forecast(trend):
        ticks.append(message("trend_forecast", lang, day=trend.forecast_on.strftime("%m-%d")))
    ax.set_xticks(range(columns), labels=ticks, fontproperties=fp, fontsize=8)
    ax.set_xlim(-0.5, columns - 0.5)
    _percent_axis(ax, top, percent=c.kind is not Kind.INDICATOR)
    ax.set_title(
        message("trend_trend", lang, category=c.category), fontproperties=fp, fontsize=11, loc="left"
    )


def _group_panel(
    ax: Axes, c: CategoryTrend, trend: Trend, *, lang: str, fp: FontProperties, top: float, labels: bool
) -> None:
    if not c.pool:
        ax.set_axis_off()
        ax.set_title(
            message("trend_no_group", lang, category=c.category), fontproperties=fp, fontsize=11, loc="left"
        )
        return
    size = len(c.pool)
    positions = range(size)
    ax.bar(
        positions,
        [float(n.score) for n in c.pool],
        color=[SELF_COLOR if n.is_self else OTHER_BAR for n in c.pool],
        width=0.78,
        zorder=3,
    )
    today = c.lines or trend.lines  # the category's own knobs
    ax.axhline(float(today.red), color=RED_LINE, ls="--", lw=1.2, zorder=4)
    ax.axhline(float(today.yellow), color=YELLOW_LINE, ls="--", lw=1.2, zorder=4)
    if c.kind is not Kind.INDICATOR and today.red != 100:
        ax.axhline(100.0, color=SCHEDULE_LINE, ls=":", lw=1, zorder=4)
    own = next((i for i, n in enumerate(c.pool) if n.is_self), None)
    if own is not None:
        mine = c.pool[own]
        # at either end of a big group the label leans inwards, off the axis and the panel's edge
        ha = "left" if own == 0 and size > 3 else "right" if own == size - 1 and size > 3 else "center"
        _label(
            ax,
            own - 0.4 if ha == "left" else own + 0.4 if ha == "right" else own,
            float(mine.score),
            shown_score(mine.score, c.kind),
            fp,
            ha=ha,
        )
        ax.set_xticks(
            [own],
            labels=[message("trend_self", lang, rank=mine.rank, n=size, unit=trend.unit)],
            fontproperties=fp,
            fontsize=8,
        )
    else:
        ax.set_xticks([])
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.6, size - 0.4)
    _percent_axis(ax, top, labels=labels, percent=c.kind is not Kind.INDICATOR)
    key = "trend_group_one" if size == 1 else "trend_group"
    title = message(key, lang, category=c.category, group=c.group or "", n=size)
    ax.set_title(title, fontproperties=fp, fontsize=11, loc="left")


def _percent_axis(ax: Axes, top: float, *, labels: bool = True, percent: bool = True) -> None:
    """The score axis: in % for a project-scored category, in plain points for an indicator-scored one."""
    ax.set_ylim(0, top)
    if percent:
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=100, decimals=0))
    ax.tick_params(axis="y", labelsize=8, labelleft=labels)
    ax.grid(axis="y", color="#e6e6e6", zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def trend_chart(trend: Trend, *, lang: str = "zh", font: str | None = None) -> bytes:
    """The picture as a PNG. `font` (a family or a file) replaces the CJK font found — for tests.

    Raises CjkFontMissingError when no installed font can draw Chinese.
    """
    fp = chart_font(font)
    with_trend = trend.has_reviews
    width, height, dpi = figure_size(len(trend.categories), with_trend=with_trend)
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    title = message("trend_title", lang, unit=trend.unit, on=trend.on.isoformat())
    fig.text(0.5, 1 - 0.12 / height, title, ha="center", va="top", fontproperties=fp, fontsize=14)
    fig.legend(
        handles=_legend(trend, lang=lang, with_trend=with_trend),
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.45 / height),
        ncols=4 if with_trend else 2,
        prop=fp,
        frameon=False,
        fontsize=8.5,
    )
    top = _top(trend)
    y = height - TOP_IN
    for c in trend.categories:
        y -= TITLE_IN + ROW_IN
        bottom = y / height
        if with_trend:
            trend_ax = fig.add_axes((LEFT_IN / width, bottom, TREND_IN / width, ROW_IN / height))
            _trend_panel(trend_ax, c, trend, lang=lang, fp=fp, top=top)
            left = LEFT_IN + TREND_IN + GAP_IN
            group_ax = fig.add_axes((left / width, bottom, GROUP_IN / width, ROW_IN / height))
            _group_panel(group_ax, c, trend, lang=lang, fp=fp, top=top, labels=False)
        else:
            group_ax = fig.add_axes((LEFT_IN / width, bottom, GROUP_ALONE_IN / width, ROW_IN / height))
            _group_panel(group_ax, c, trend, lang=lang, fp=fp, top=top, labels=True)
        y -= AXIS_IN
    as_written(fig)  # names and notes are text, never mathematics
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
