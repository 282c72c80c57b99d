"""The county's official forms in words (docs/style-zh.md): dates, deadlines, progress against the annual
target and the schedule, ranks and several red flags. Pure; the sentences are catalogue keys (official.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from bot.render.numbers import Month, amount, one_decimal, percent
from bot.render.texts import message


def date_text(day: date, lang: str = "zh") -> str:
    """'2026年11月17日' / '17 Nov 2026'."""
    return message("date_day", lang, year=day.year, month=Month(day.month), day=day.day)


def moment_text(moment: datetime, tz: tzinfo, lang: str = "zh") -> str:
    """'2026年11月6日09:00' / '6 Nov 2026 09:00', in the county's zone."""
    local = moment.astimezone(tz)
    return message(
        "date_moment", lang, year=local.year, month=Month(local.month), day=local.day, time=f"{local:%H:%M}"
    )


def deadline_text(cutoff: datetime, tz: tzinfo, lang: str = "zh") -> str:
    """A deadline as people say it: a midnight cut-off is 24时 of the day before ('2026年9月5日24时')."""
    local = cutoff.astimezone(tz)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return day_end_text(local.date() - timedelta(days=1), lang)
    return moment_text(cutoff, tz, lang)


def day_end_text(day: date, lang: str = "zh") -> str:
    """The end of `day`: '2026年9月5日24时' / 'end of 5 Sep 2026'."""
    return message("date_day_end", lang, year=day.year, month=Month(day.month), day=day.day)


def quantity(value: float, measure: str, lang: str = "zh") -> str:
    """'14.5公里', '156个', '60%'; in English '14.5 km'."""
    shown = amount(value, lang, measure=measure)
    if measure and measure not in ("%", "％"):
        return message("report_quantity", lang, amount=shown, measure=measure)
    return f"{shown}{measure}"


def gap_text(*, actual: float, expected: float, target: float, lang: str = "zh") -> str:
    """'低于序时进度9.3个百分点': (expected − actual) ÷ annual target, in percentage points."""
    points = (expected - actual) / target * 100 if target else 0.0
    shown = one_decimal(abs(points))
    if shown == "0.0":
        return message("progress_gap_even", lang)
    key = "progress_gap_below" if points > 0 else "progress_gap_above"
    return message(key, lang, points=shown)


def progress_text(
    *, actual: float, expected: float, target: float, measure: str, lang: str = "zh", compact: bool = False
) -> str:
    """'累计完成14.5公里，占年度目标的55.8%，序时进度65.0%，低于序时进度9.3个百分点' (compact: one list line)."""
    annual = percent(actual / target) if target else percent(0)
    gap = gap_text(actual=actual, expected=expected, target=target, lang=lang)
    if compact:
        return message(
            "progress_compact", lang, actual=quantity(actual, measure, lang), annual=annual, gap=gap
        )
    schedule = percent(expected / target) if target else percent(0)
    return message(
        "progress_full",
        lang,
        actual=quantity(actual, measure, lang),
        annual=annual,
        schedule=schedule,
        gap=gap,
    )


def rank_text(rank: int, size: int, lang: str = "zh") -> str:
    """'第8名（共9个单位）' / 'rank 8 of 9'."""
    return message("rank_of", lang, rank=rank, size=size)


_NUMERAL_KEYS = {
    3: "numeral_3",
    4: "numeral_4",
    5: "numeral_5",
    6: "numeral_6",
    7: "numeral_7",
    8: "numeral_8",
    9: "numeral_9",
}


def red_flags_label(count: int, lang: str = "zh") -> str:
    """Two red flags are 双红旗, three 三红旗 … ('two red flags', 'three red flags')."""
    if count <= 2:
        return message("multi_red_two", lang)
    numeral = message(_NUMERAL_KEYS[count], lang) if count in _NUMERAL_KEYS else str(count)
    return message("multi_red_many", lang, count=numeral)
