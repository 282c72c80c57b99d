"""Cell values as people write them in a 台账: numbers with their measure, dates of a day or a month (docs/ledgers.md)."""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

_NUM_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# a number followed by its measure: "120公里", "4,800 户", "1.5万元"; the measure holds no digit
_WITH_MEASURE_RE = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([^\d\s,.+\-%][^\d]{0,9})")
_DATE_RE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*T?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_ONLY_RE = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:月)?\s*(?:份|底|末)?\s*(?:前|以前)?")
_YEARLESS_DAY_RE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:前|以前)?")
_YEARLESS_MONTH_RE = re.compile(r"(\d{1,2})\s*月\s*(?:份|底|末)?\s*(?:前|以前)?")
_YEAR_END = {"年底", "年底前", "年末", "年内", "全年", "本年度", "年度内"}  # December of the plan year
_SPAN_SPLIT_RE = re.compile(r"\s*(?:—+|–|~|～|至|到)\s*")


@dataclass(frozen=True)
class LooseDate:
    """A date as written: the year may be missing (then it is the plan year), the day too (then a month)."""

    year: int | None
    month: int
    day: int | None

    def resolve(self, year: int, *, end: bool) -> date:
        """The day meant: a month alone is its last day (a due date) or its first (a start)."""
        year = self.year if self.year is not None else year
        if self.day is not None:
            return date(year, self.month, self.day)
        return date(year, self.month, calendar.monthrange(year, self.month)[1] if end else 1)


def normal(text: str) -> str:
    """Full-width digits and signs folded (NFKC), outer space trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def to_number(value: object, percent_format: bool) -> tuple[float, bool] | None:
    """(number as shown, written as a percentage?) or None when the cell is not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        if not math.isfinite(number):
            return None
        # Excel stores "25%" as 0.25: take the number the user sees. Rounding drops formula noise
        # (=A2/12*12 → 30.000000000000004) that would otherwise make a plan "exceed" its target.
        return (round(number * 100, 9), True) if percent_format else (round(number, 9), False)
    if not isinstance(value, str):
        return None
    text = normal(value)
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    if _THOUSANDS_RE.fullmatch(text):
        text = text.replace(",", "")
    if not _NUM_RE.fullmatch(text):
        return None
    number = float(text)
    return (number, percent) if math.isfinite(number) else None


def split_measure(value: object) -> tuple[str, str] | None:
    """'120公里' → ('120', '公里'); None when the cell is not a number followed by a word."""
    if not isinstance(value, str):
        return None
    match = _WITH_MEASURE_RE.fullmatch(normal(value))
    if match is None:
        return None
    return match.group(1), match.group(2).strip()


def _excel_number_as_date(value: float, epoch: datetime) -> LooseDate | None:
    if float(value).is_integer() and 19000101 <= value <= 29991231:  # 20260331 typed as a number
        return LooseDate(int(value) // 10000, int(value) // 100 % 100, int(value) % 100)
    if 2000 <= value < 2100 and not float(value).is_integer():
        # "2026.10" typed into a General cell is the number 2026.1: read the month as Excel shows it.
        year, _, month = repr(float(value)).partition(".")
        if month.isdigit() and 1 <= int(month) <= 12:
            return LooseDate(int(year), int(month), None)
        return None
    converted = from_excel(value, epoch)
    if isinstance(converted, datetime):
        return LooseDate(converted.year, converted.month, converted.day)
    return None


def _text_as_date(text: str) -> LooseDate | None:
    if text in _YEAR_END:
        return LooseDate(None, 12, None)
    for pattern in (_DATE_RE, _COMPACT_DATE_RE):
        match = pattern.fullmatch(text)
        if match:
            return LooseDate(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _MONTH_ONLY_RE.fullmatch(text)
    if match:
        return LooseDate(int(match.group(1)), int(match.group(2)), None)
    match = _YEARLESS_DAY_RE.fullmatch(text)
    if match:
        return LooseDate(None, int(match.group(1)), int(match.group(2)))
    match = _YEARLESS_MONTH_RE.fullmatch(text)
    if match:
        return LooseDate(None, int(match.group(1)), None)
    return None


def to_loose_date(value: object, epoch: datetime) -> LooseDate | None:
    """A date cell, an Excel serial number, or text in one of the accepted forms; None otherwise."""
    if isinstance(value, datetime | date):
        return LooseDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            if not math.isfinite(value) or value <= 0:
                return None
            found = _excel_number_as_date(float(value), epoch)
        elif isinstance(value, str):
            found = _text_as_date(normal(value))
        else:
            return None
        if found is None:
            return None
        found.resolve(found.year or 2000, end=True)  # raises ValueError for 2026-02-30 or month 13
        return found
    except (ValueError, OverflowError):
        return None


def to_span(value: object, epoch: datetime) -> tuple[LooseDate, LooseDate] | None:
    """'2026.3—2026.12', '2026年3月至12月', '3月-10月': (start, due); None when it is not two dates."""
    if not isinstance(value, str):
        return None
    text = normal(value)  # NFKC turns a full-width "－" into "-"
    parts = _SPAN_SPLIT_RE.split(text, maxsplit=1)
    if len(parts) != 2:  # "2026.3-2026.12": the hyphen that leaves a date on each side
        cuts = [i for i, char in enumerate(text) if char == "-"]
        parts = next(
            (
                [text[:i].strip(), text[i + 1 :].strip()]
                for i in cuts
                if to_loose_date(text[:i], epoch)
                and (to_loose_date(text[i + 1 :], epoch) or text[i + 1 :].strip().isdigit())
            ),
            [],
        )
    if len(parts) != 2:
        return None
    start = to_loose_date(parts[0], epoch)
    due = to_loose_date(parts[1], epoch)
    if due is None and start is not None and start.year is not None and re.fullmatch(r"\d{1,2}", parts[1]):
        due = to_loose_date(f"{start.year}.{parts[1]}", epoch)  # "2026.3-12"
    if start is None or due is None:
        return None
    if due.year is None and start.year is not None:
        due = LooseDate(start.year, due.month, due.day)
    return start, due
