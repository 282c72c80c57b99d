"""/myflag's trend picture: the unit's score over the reviews against the red and yellow lines, its place
in the group today, Chinese drawn with a real CJK font (a missing glyph fails here, not in a chat)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from PIL import Image

from bot.domain.flags import FlagColor
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.views import CategoryTrend, Lines, Neighbour, ReviewPoint, Trend
from bot.render.chart import RED_BAR, YELLOW_BAR
from bot.render.trend_chart import DPI, OTHER_BAR, SELF_COLOR, figure_size, period_tick, trend_chart
from tests.render.test_chart import PNG_SIGNATURE, no_glyph_warnings

PERIODS = [Period(2026, month) for month in (4, 6, 8, 10, 12)]


def points(*rows: tuple[str, FlagColor | None, int] | None) -> list[ReviewPoint | None]:
    return [
        ReviewPoint(period, Decimal(row[0]), row[1], row[2]) if row else None
        for period, row in zip(PERIODS, rows, strict=True)
    ]


def group(scores: list[str], own: int) -> list[Neighbour]:
    return [Neighbour(i + 1, Decimal(score), i == own) for i, score in enumerate(scores)]


def sample_trend(*, reviews: bool = True, policy: Policy | None = None) -> Trend:
    lines = Lines.of(policy or Policy())
    livelihood = CategoryTrend(
        category_id=1,
        category="民生实事",
        reviews=points(
            ("113.3", FlagColor.RED, 1),
            ("104.0", FlagColor.RED, 2),
            ("96.2", None, 4),
            ("78.0", FlagColor.YELLOW, 6),
            ("94.4", None, 4),
        ),
        now=Decimal("91.0"),
        rank=4,
        forecast=Decimal("76.5"),
        forecast_flag=FlagColor.YELLOW,
        group="县直部门",
        pool=group(["120.0", "110.2", "101.0", "91.0", "85.0", "60.0"], own=3),
    )
    key_projects = CategoryTrend(
        category_id=2,
        category="重点项目",
        reviews=points(None, ("88.0", None, 3), ("92.0", None, 2), ("101.0", FlagColor.RED, 1), None),
        now=Decimal("130.0"),
        rank=1,
        forecast=Decimal("140.0"),
        forecast_flag=FlagColor.RED,
        group="县直部门",
        pool=group(["130.0"] + [f"{120 - i * 2.5:.1f}" for i in range(39)], own=0),
    )
    categories = [livelihood, key_projects]
    if not reviews:
        categories = [replace(c, reviews=[]) for c in categories]
    return Trend(
        unit="人社局",
        on=date(2027, 1, 15),
        forecast_on=date(2027, 2, 28),
        pace_days=30,
        periods=PERIODS if reviews else [],
        review_lines=[lines] * len(PERIODS) if reviews else [],
        lines=lines,
        categories=categories,
    )


def image(png: bytes) -> Image.Image:
    assert png.startswith(PNG_SIGNATURE)
    picture = Image.open(io.BytesIO(png))
    picture.load()
    return picture.convert("RGB")


def pixels_of(picture: Image.Image, color: str) -> int:
    rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    counts = {c: n for n, c in picture.getcolors(maxcolors=1 << 24) or []}
    return counts.get(rgb, 0)


def test_the_picture_has_the_trend_and_the_group_side_by_side() -> None:
    picture = image(trend_chart(sample_trend()))
    assert picture.size == (1515, 1252)  # 10.1 in at 150 dpi; a row of 3.45 in per category
    assert pixels_of(picture, SELF_COLOR) > 5_000  # the unit's bars and score lines
    assert pixels_of(picture, OTHER_BAR) > 20_000  # the rest of the group
    assert pixels_of(picture, RED_BAR) > 100 and pixels_of(picture, YELLOW_BAR) > 50  # the flags' dots


def test_without_a_published_review_only_the_group_is_drawn() -> None:
    trend = sample_trend(reviews=False)
    assert not trend.has_reviews
    picture = image(no_glyph_warnings(trend_chart, trend))
    assert picture.size == (1027, 1252)
    assert pixels_of(picture, RED_BAR) == 0 and pixels_of(picture, YELLOW_BAR) == 0  # no review dots
    assert pixels_of(picture, SELF_COLOR) > 1_000


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_is_drawn_with_a_cjk_font(lang: str) -> None:
    """Title, key, panel titles, period ticks, the unit's label — without one missing glyph."""
    png = no_glyph_warnings(trend_chart, sample_trend(), lang=lang)
    assert png.startswith(PNG_SIGNATURE)


def test_a_latin_only_font_fails_the_glyph_check() -> None:
    """Proof that the test above can fail: DejaVu Sans has no Chinese, and matplotlib says so."""
    with pytest.raises(UserWarning, match=r"Glyph \d+ .* missing from font"):
        no_glyph_warnings(trend_chart, sample_trend(), font="DejaVu Sans")


def test_a_changed_policy_a_category_gone_and_the_periods_last_day_still_draw() -> None:
    trend = sample_trend(policy=Policy(red_min_score=Decimal("95"), yellow_below=Decimal("75")))
    older = Lines.of(Policy())
    gone = replace(trend.categories[1], now=None, rank=None, forecast=None, group=None, pool=[])
    trend = replace(
        trend,
        review_lines=[older, older, *trend.review_lines[2:]],  # the county moved its lines in 2026-08
        categories=[trend.categories[0], gone],
        forecast_on=trend.on,  # on the last day the forecast is today's score: no forecast column
    )
    picture = image(no_glyph_warnings(trend_chart, trend, lang="en"))
    assert picture.size[0] == 1515


def test_ticks_and_size_stay_within_telegram_photo_limits() -> None:
    assert period_tick(Period(2026, 10), "zh") == "2026年\n9—10月"
    assert period_tick(Period(2026, 10), "en") == "Sep–Oct\n2026"
    for rows in (1, 4, 12, 40):
        width, height, dpi = figure_size(rows, with_trend=True)
        assert int(width * dpi) + int(height * dpi) <= 10_000 and height / width <= 20
    assert figure_size(4, with_trend=True)[2] == DPI  # a county's few categories: full resolution
