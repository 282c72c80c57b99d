"""The four parts of a rectification item as a contact types them (SPEC §12): 问题；措施；责任人；完成时限, the
date in any of the forms the bot's own examples use."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.errors import UserError
from bot.services.rectify import parse_day, parse_fields

TODAY = date(2026, 11, 11)


@pytest.mark.parametrize(
    "written",
    ["2027-01-31", "2027/1/31", "2027年1月31日", "２０２７年１月３１日", "31 Jan 2027", " 2027.1.31 "],
)
def test_a_due_date_in_every_form_the_examples_use(written: str) -> None:
    assert parse_day(written) == date(2027, 1, 31)


@pytest.mark.parametrize("written", ["下月底", "2027-02-30", "31 Foo 2027", ""])
def test_what_is_not_a_date_is_refused_with_the_text(written: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_day(written)
    assert refused.value.key == "rectify_bad_due" and refused.value.params["text"] == written


def test_the_four_parts_with_chinese_semicolons() -> None:
    parts = parse_fields("征地滞后；增派施工队，每天一调度；张三；2026年12月11日", today=TODAY)
    assert parts == ("征地滞后", "增派施工队，每天一调度", "张三", date(2026, 12, 11))
