"""/myflag's head: the unit's honours, listed the way each language lists things."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.flags import Badge
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.views import MyFlag, Standings
from bot.render.look import myflag_text


def view() -> MyFlag:
    standings = Standings(
        as_of=datetime(2026, 11, 20, tzinfo=UTC),
        period=Period(2026, 12),
        on=date(2026, 11, 20),
        policy=Policy(),
        projects=[],
        entries=[],
    )
    return MyFlag("人社局", None, {Badge.DOUBLE_RED, Badge.FLAG_WINNER}, standings, [])


def test_badges_are_listed_with_each_languages_separator() -> None:
    zh = myflag_text(view(), lang="zh", tz=ZoneInfo("Asia/Shanghai"))
    en = myflag_text(view(), lang="en", tz=ZoneInfo("Asia/Shanghai"))
    assert "双红旗、夺旗模范" in zh
    assert "double red, flag winner" in en and "、" not in en
