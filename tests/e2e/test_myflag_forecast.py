"""/myflag's early warning and trend picture end to end (issue 4 items 5 and 6), over the simulator, on
the county of test_looking whose figures are worked out by hand.

At Oct 25 the Sep–Oct period has 6 days left; the plan expects 100 at Oct 31. K局 joins the county's
县直部门 with two 民生实事 projects: K1 (weight 2) stuck at 60 since August, K2 (weight 1) from 70 on
Sep 20 to 96 on Oct 20 — 26 in the 30 days since Sep 25, so 96 + 26/30 × 6 = 101.2 by Oct 31. Forecast
score (2 × 0.6 + 1.012) ÷ 3 = 73.7%, under the yellow line; K1 on schedule would make it 100.4%.
"""

from __future__ import annotations

import struct

from bot.render.trend_chart import trend_chart
from bot.services.trend import unit_trend
from storage.queries.ledger import get_unit_by_name
from tests.conftest import shanghai
from tests.e2e.conftest import Harness
from tests.e2e.test_looking import (
    CONTACT_A,
    CONTACT_F,
    JAN_15,
    build_county,
    myflag,
    person,
    publish_two_reviews,
)
from tests.factories import add_project, report

OCT_25 = shanghai(2026, 10, 25, 10, 0)
CONTACT_K = 7004
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


async def add_lagging_unit(bot: Harness) -> None:
    async with bot.db.sessions.begin() as s:
        await add_project(s, "K1", unit="K局", weight=2, name="污水管网改造")
        await add_project(s, "K2", unit="K局", name="背街小巷整治")
    async with bot.db.sessions.begin() as s:
        await report(s, "K1", 60, shanghai(2026, 8, 20, 10, 0))
        await report(s, "K2", 70, shanghai(2026, 9, 20, 10, 0))
        await report(s, "K2", 96, shanghai(2026, 10, 20, 10, 0))
    await person(bot.db, CONTACT_K, unit="K局")


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


async def test_a_unit_heading_for_yellow_hears_which_projects_would_change_that(bot: Harness) -> None:
    await build_county(bot.db)
    await add_lagging_unit(bot)
    bot.at(OCT_25)
    text, _ = await myflag(bot, CONTACT_K)
    warning = text.split("黄旗预警")[1]
    assert "按近30天的进度推算，到2026年10月31日（本期末）" in warning
    # A 120, D 120, C 105, B 90, K 73.7, E 0 (its 79.9 comes on Oct 30)
    assert (
        "【民生实事】预计得分73.7%，低于黄旗线80.0%，排名第5名（共6个单位），可能被评为落后黄旗。" in warning
    )
    assert "• K1 污水管网改造：预计60个，序时进度100个，还差40个（权重2）" in warning
    assert "K2" not in warning  # on its way: not what would change the flag
    assert "这些项目赶上序时进度后，预计得分100.4%。" in warning
    assert "/report" in warning


async def test_a_unit_on_track_gets_one_line_and_no_warning(bot: Harness) -> None:
    await build_county(bot.db)
    await add_lagging_unit(bot)
    bot.at(OCT_25)
    text, _ = await myflag(bot, CONTACT_A)
    assert "黄旗预警" not in text
    # A1 done at 120; A2 100 on Oct 21, 100 in 30 days → past the target by Oct 31, capped: 120%
    assert (
        text.splitlines()[-1]
        == "📈 按目前进度（近30天）推算，到2026年10月31日：民生实事 120.0%（🚩贡献红旗）"
    )


async def test_the_trend_picture_is_drawn_from_the_units_published_and_live_scores(bot: Harness) -> None:
    await build_county(bot.db)
    await publish_two_reviews(bot.db)
    bot.at(JAN_15)
    text, photo = await myflag(bot, CONTACT_A)
    assert photo["caption"] == "A局：历次讲评得分走势（左）与组内位置（右）"

    async with bot.db.sessions() as s:
        unit = await get_unit_by_name(s, "A局")
        assert unit is not None and unit.id is not None
        trend = await unit_trend(s, unit.id, now=JAN_15, settings=bot.settings)
    [category] = trend.categories
    assert [p.name for p in trend.periods] == ["2026-10", "2026-12"]
    assert [(str(p.score), p.flag, p.rank) for p in category.reviews if p] == [
        ("113.3", "red", 1),
        ("94.4", None, 4),
    ]  # as /myflag's text says
    assert "再上期（2026年9—10月）：🚩贡献红旗，第1名，得分113.3%" in text
    assert (str(category.now), category.rank, category.pool_size) == ("94.4", 4, 6)
    assert [(n.rank, n.is_self) for n in category.pool][3] == (4, True)
    assert str(category.forecast) == "94.4"  # nothing moved in 30 days: the score stays
    assert (trend.lines.red, trend.lines.yellow) == (100, 80)

    sent = bot.sim.file_bytes(photo["photo"][-1]["file_id"])
    assert sent == trend_chart(trend)  # the picture is exactly this data drawn (Agg output is deterministic)
    width, height = png_size(sent)
    assert (width, height) == (1515, 735)  # two panels side by side, one category row
    assert width + height <= 10_000 and len(sent) < 1_000_000


async def test_before_any_review_the_picture_shows_only_the_group(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(shanghai(2026, 10, 31, 18, 0))
    _, photo = await myflag(bot, CONTACT_F)
    assert photo["caption"] == "F镇：组内位置"
    width, height = png_size(bot.sim.file_bytes(photo["photo"][-1]["file_id"]))
    assert width < 1100 and height == 735  # the group panel alone


async def test_myflag_in_a_group_keeps_the_warning_and_the_picture_private(bot: Harness) -> None:
    await build_county(bot.db)
    await add_lagging_unit(bot)
    bot.at(OCT_25)
    group = bot.sim.group(-100500, "县工作群")
    contact = bot.user(CONTACT_K)
    contact.send("/myflag", chat=group)
    (note,) = await contact.wait_replies(1, chat=group)
    assert note["text"] == "详情已私信发给您。"
    text, photo = await contact.wait_replies(2, timeout=15)
    assert "黄旗预警" in text["text"] and "K1" in text["text"]
    assert photo["caption"].startswith("K局")
    await bot.sim.wait_idle(timeout=5, quiet=0.3)
    in_group = bot.sim.bot_messages(group.id)
    assert [m.get("text") for m in in_group] == ["详情已私信发给您。"]
    assert not bot.sim.sent(chat_id=group.id, method="sendPhoto")


async def test_a_contact_who_never_opened_a_private_chat_is_told_once_in_the_group(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(JAN_15)
    group = bot.sim.group(-100500, "县工作群")
    stranger_to_the_bot = bot.sim.user(CONTACT_F + 100, "新联络员", started=False)
    await person(bot.db, stranger_to_the_bot.id, unit="F镇")
    stranger_to_the_bot.send("/myflag", chat=group)
    (note,) = await stranger_to_the_bot.wait_replies(1, chat=group)
    await bot.sim.wait_idle(timeout=5, quiet=0.3)
    assert "私聊" in note["text"] or "/start" in note["text"]
    assert len(bot.sim.bot_messages(group.id)) == 1  # no second notice for the picture
    assert not bot.sim.sent(method="sendPhoto", ok=True)
