"""A review period and a calendar month in words, from the catalogue (keys periods_*). Pure.

The one place render names a period: '2026年9—10月' / 'Sep–Oct 2026', or the trend picture's two-line tick.
"""

from __future__ import annotations

from bot.domain.periods import Period
from bot.render.numbers import Month as Month
from bot.render.texts import message


def _params(period: Period) -> dict[str, object]:
    return {"year": period.year, "first": Month(period.first_day.month), "month": Month(period.month)}


def period_label(period: Period, lang: str) -> str:
    """'2026年9—10月' / 'Sep–Oct 2026' ('2026年10月' / 'Oct 2026' for one-month periods)."""
    if period.months == 1:
        return message("periods_label_one", lang, **_params(period))
    return message("periods_label", lang, **_params(period))


def period_tick(period: Period, lang: str) -> str:
    """'2026年\\n9—10月' / 'Sep–Oct\\n2026': two short lines."""
    if period.months == 1:
        return message("periods_tick_one", lang, **_params(period))
    return message("periods_tick", lang, **_params(period))
