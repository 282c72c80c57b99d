"""Cell values as people write them (docs/ledgers.md "Values"): dates of a day or a month, spans, measures."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from openpyxl.utils.datetime import WINDOWS_EPOCH

from bot.ledger.values import split_measure, to_loose_date, to_span


@pytest.mark.parametrize(
    ("cell", "as_due", "as_start"),
    [
        ("2026-03-31", date(2026, 3, 31), date(2026, 3, 31)),
        ("2026年12月", date(2026, 12, 31), date(2026, 12, 1)),
        ("2026年10月底", date(2026, 10, 31), date(2026, 10, 1)),
        ("2026年2月末", date(2026, 2, 28), date(2026, 2, 1)),
        ("2026-10", date(2026, 10, 31), date(2026, 10, 1)),
        ("2026.10", date(2026, 10, 31), date(2026, 10, 1)),
        ("２０２６．９", date(2026, 9, 30), date(2026, 9, 1)),
        (2026.1, date(2026, 1, 31), date(2026, 1, 1)),  # "2026.10" typed in a General cell shows 2026.1
        (2026.11, date(2026, 11, 30), date(2026, 11, 1)),
        ("10月31日", date(2025, 10, 31), date(2025, 10, 31)),  # no year: the plan year (2025 here)
        ("10月底", date(2025, 10, 31), date(2025, 10, 1)),
        (datetime(2026, 6, 30), date(2026, 6, 30), date(2026, 6, 30)),
        ("12月底前", date(2025, 12, 31), date(2025, 12, 1)),
        ("年底", date(2025, 12, 31), date(2025, 12, 1)),
    ],
)
def test_dates_of_a_day_or_a_month(cell: object, as_due: date, as_start: date) -> None:
    loose = to_loose_date(cell, WINDOWS_EPOCH)
    assert loose is not None
    assert loose.resolve(2025, end=True) == as_due
    assert loose.resolve(2025, end=False) == as_start


@pytest.mark.parametrize("cell", ["2026年13月", "明年", "2026-02-30", "13月", "Q4"])
def test_what_is_no_date(cell: str) -> None:
    assert to_loose_date(cell, WINDOWS_EPOCH) is None


@pytest.mark.parametrize(
    ("cell", "start", "due"),
    [
        ("2026.3—2026.12", date(2026, 3, 1), date(2026, 12, 31)),
        ("2026.3-2026.12", date(2026, 3, 1), date(2026, 12, 31)),
        ("2026年3月至12月", date(2026, 3, 1), date(2026, 12, 31)),
        ("2026-03-15至2026-11-20", date(2026, 3, 15), date(2026, 11, 20)),
        ("2026.3-12", date(2026, 3, 1), date(2026, 12, 31)),
        ("3月～10月", date(2025, 3, 1), date(2025, 10, 31)),
    ],
)
def test_start_to_end_in_one_cell(cell: str, start: date, due: date) -> None:
    span = to_span(cell, WINDOWS_EPOCH)
    assert span is not None
    assert (span[0].resolve(2025, end=False), span[1].resolve(2025, end=True)) == (start, due)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("120公里", ("120", "公里")),
        ("4,800 户", ("4,800", "户")),
        ("1.5万元", ("1.5", "万元")),
        ("120", None),
        ("公里", None),
    ],
)
def test_a_number_with_its_measure(cell: str, expected: tuple[str, str] | None) -> None:
    assert split_measure(cell) == expected
