"""Report replies as tables: amounts with measures, changes, escaping of what people typed."""

from __future__ import annotations

import pytest

from bot.render.report import change, error_text, quantity, shorten
from handlers.markup import to_html


@pytest.mark.parametrize(
    ("value", "measure", "lang", "shown"),
    [
        (60, "个", "zh", "60个"),
        (60, "个", "en", "60 个"),
        (12.5, "%", "en", "12.5%"),
        (1 / 3, "公里", "zh", "0.33公里"),
    ],
)
def test_quantity(value: float, measure: str, lang: str, shown: str) -> None:
    assert quantity(value, measure, lang) == shown


@pytest.mark.parametrize(
    ("value", "previous", "lang", "shown"),
    [
        (60, 0, "zh", "较上次+60"),
        (40, 60, "zh", "较上次−20"),
        (5, 5, "zh", "与上次持平"),
        (5, 5, "en", "no change since the last report"),
        (1234.5, 0, "zh", "较上次+1234.5"),
        (1234.5, 0, "en", "+1,234.5 since the last report"),
    ],
)
def test_change(value: float, previous: float, lang: str, shown: str) -> None:
    assert change(value, previous, lang) == shown


def test_typed_text_is_escaped_and_shortened_in_refusals() -> None:
    text = to_html(error_text("project_not_found", {"ref": "<b>" + "x" * 100}, usage="report_usage"))
    assert "&lt;b&gt;" in text and "<b>" not in text and "x" * 40 not in text
    assert text.endswith("/report MS-01 60% 路基完成")
    assert "&lt;project&gt;" in to_html(
        error_text("report_value_missing", {}, lang="en", usage="report_usage")
    )


def test_shorten() -> None:
    assert shorten("abc", 3) == "abc" and shorten("abcd", 3) == "ab…"


def test_a_first_report_says_so_instead_of_a_change_from_zero() -> None:
    """'较上次 +14.5' on a first report reads as if 0 had been reported: it is 首次报送."""
    assert change(14.5, 0, "zh", first=True) == "首次报送"
    assert change(14.5, 0, "en", first=True) == "first report"
