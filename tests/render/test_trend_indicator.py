"""The trend picture with an indicator-scored category (SPEC §7): its own lines, in points."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from bot.domain.categories import Kind
from bot.domain.views import Lines
from bot.render.chart import RED_LINE, YELLOW_LINE
from bot.render.trend_chart import trend_chart
from tests.render.test_trend_chart import image, pixels_of, sample_trend


def test_an_indicator_category_draws_its_own_lines() -> None:
    trend = sample_trend()
    own = Lines(red=Decimal("90"), yellow=Decimal("75"), red_top_n=3)
    indicator = replace(
        trend.categories[0],
        category="闯创干",
        kind=Kind.INDICATOR,
        lines=own,
        review_lines=[own] * len(trend.periods),
    )
    mixed = replace(trend, categories=[indicator, trend.categories[1]])
    picture = image(trend_chart(mixed))
    assert picture.size == image(trend_chart(trend)).size
    assert pixels_of(picture, RED_LINE) > 100 and pixels_of(picture, YELLOW_LINE) > 100
    # the same category by the global knobs, in %: a different picture (lines and labels elsewhere)
    same = replace(trend, categories=[replace(trend.categories[0], category="闯创干"), trend.categories[1]])
    assert trend_chart(mixed) != trend_chart(same)
