"""Numbers as the county writes them (docs/style-zh.md). Pure.

- No thousands separators in Chinese running text (4780条, 72.87亿元); English keeps them (4,780).
- Counts (个, 户, 人, 家 …) are whole numbers: 156个, never 155.9个; other measures keep up to two decimals.
- Percentages and percentage points always with one decimal: 55.8%, 126.0%, 9.3个百分点.
"""

from __future__ import annotations

import calendar
from decimal import ROUND_HALF_UP, Decimal

from bot.render.language import thousands_separator

# Measures that count whole things: a plan may expect 155.9 of them by a date, but nobody builds 0.9 of a post.
COUNT_MEASURES = frozenset(
    [
        "个",
        "户",
        "人",
        "人次",
        "家",
        "座",
        "所",
        "处",
        "条",
        "套",
        "间",
        "台",
        "辆",
        "名",
        "项",
        "次",
        "件",
        "宗",
        "栋",
        "幢",
        "口",
        "张",
        "场",
        "批",
        "只",
        "头",
        "盏",
        "本",
        "册",
        "棵",
        "株",
        "起",
        "期",
        "位",
        "批次",
    ]
)


def is_count(measure: str) -> bool:
    """个, 户, 人 …: whole things."""
    return measure.strip() in COUNT_MEASURES


def _rounded(value: float | Decimal, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def amount(value: float | Decimal, lang: str = "zh", *, measure: str = "") -> str:
    """12 → '12', 12.5 → '12.5', 1/3 → '0.33', 1234.5 → '1234.5' (zh) or '1,234.5' (en); a count → whole."""
    rounded = _rounded(value, 0 if is_count(measure) else 2)
    if rounded == 0:
        return "0"
    text = f"{rounded:,f}" if "." in f"{rounded:f}" else f"{rounded:,}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", thousands_separator(lang))


def one_decimal(value: float | Decimal) -> str:
    """A percentage or a number of percentage points: always one decimal (126.0, 55.8), rounded half up."""
    rounded = _rounded(value, 1)
    return f"{rounded + 0:f}"  # + 0 turns -0.0 into 0.0


def percent(ratio: float | Decimal) -> str:
    """0.558 → '55.8%', 1.26 → '126.0%' (the same in both languages)."""
    return f"{one_decimal(Decimal(str(ratio)) * 100)}%"


class Month(int):
    """A month's number that a catalogue sentence writes as '9' ({month}) or as 'Sep' ({month:abbr})."""

    def __format__(self, spec: str) -> str:
        if spec == "abbr":
            return calendar.month_abbr[self]
        return super().__format__(spec)
