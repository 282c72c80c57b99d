"""Score sheets and category rules in chat (SPEC §7): /scores, the upload, its preview and Confirm, and the
indicator category in the next review's announcement; on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from storage.tables import IndicatorScore, Outbox
from tests.conftest import shanghai
from tests.e2e.admin_county import ask, build_county
from tests.e2e.conftest import Harness
from tests.e2e.test_admin import upload, xlsx

AFTER_OCT = shanghai(2026, 11, 10, 9, 0)
HEADER = ["单位", "考核类别", "得分", "加减分", "说明"]


async def stored_scores(bot: Harness) -> list[tuple[str, str, str]]:
    async with bot.db.sessions() as s:
        rows = (await s.execute(select(IndicatorScore).order_by(IndicatorScore.id))).scalars().all()
    return [(r.period, r.score, r.bonus) for r in rows]


async def test_a_sheet_after_scores_is_previewed_confirmed_and_announced(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)
    admin = bot.admin
    leaders = bot.sim.group(-100200, "县领导群")
    await ask(admin, "/bind leaders", chat=leaders)

    (asked,) = await ask(admin, "/scores 2026-10")
    assert asked.startswith("请发送 2026-10 讲评期的评分表")
    bad = xlsx(
        [
            HEADER,
            ["人社局", "闯创干", 95, 6, ""],
            ["财政局", "闯创干", 80, None, ""],
            ["人社局", "民生实事", "良", None, ""],
        ]
    )
    refused = await upload(admin, bad, "评分表.xlsx")  # no caption: the /scores above says what it is
    assert refused.startswith("评分表有 3 处问题，全部未导入")
    assert "第 3 行 [单位]" in refused and "财政局" in refused
    assert "第 4 行 [得分]" in refused and "第 4 行 [考核类别]" in refused and "第 2 行" not in refused
    assert await stored_scores(bot) == []

    good = xlsx(
        [
            HEADER,
            ["人社局", "闯创干", 95, 6, "省级表彰加分"],  # 101.0
            ["应急管理局", "闯创干", 85, None, ""],  # 85.0
            ["交通运输局", "闯创干", "70.5", "-0.5", "通报扣分"],  # 70.0
        ]
    )
    admin.send_document(good, "评分表.xlsx")  # still waiting: the refused sheet did not end the wait
    (preview,) = await admin.wait_replies(1)
    text = preview["text"]
    assert "2026-10 评分表预览：3 个单位得分，类别：闯创干" in text
    assert "新建考核类别（按指标得分）：闯创干" in text
    assert "闯创干 · 人社局: 无 → 101.0" in text and "闯创干 · 交通运输局: 无 → 70.0" in text
    labels = [b["text"] for row in preview["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["确认导入", "取消"]
    assert await stored_scores(bot) == []  # nothing before Confirm

    confirm_data = preview["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    admin.press_button(preview, "确认导入")
    (done,) = await admin.wait_replies(1)
    assert done["text"].startswith("✅ 已导入 2026-10 评分表：3 个单位得分")
    assert await stored_scores(bot) == [
        ("2026-10", "95", "6"),
        ("2026-10", "85", "0"),
        ("2026-10", "70.5", "-0.5"),
    ]
    admin.press(preview, confirm_data, check=False)  # a second tap that raced the edit
    (again,) = await admin.wait_replies(1)
    assert again["text"] == "这个按钮已经处理过了，不会重复执行。"

    (categories,) = await ask(admin, "/categories")
    assert "民生实事 · 项目 3 · 按项目序时计分" in categories and "闯创干 · 项目 0 · 按指标得分" in categories

    (published,) = await ask(admin, "/review publish 2026-10")
    assert "讲评已发布" in published
    async with bot.db.sessions() as s:
        announced = (await s.execute(select(Outbox).where(Outbox.chat_id == -100200))).scalars().all()
    (announcement,) = [o.text for o in announced if o.kind == "text"]
    assert "闯创干 · 县直部门" in announcement
    assert "🚩 人社局 101.0" in announcement and "🟨 交通运输局 70.0" in announcement
    assert "🎖 双红旗：人社局（民生实事、闯创干）" in announcement


async def test_a_captioned_sheet_cancelled_and_category_knobs_by_chat(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)
    admin = bot.admin
    sheet = "单位,考核类别,得分\n人社局,真抓实干,90\n".encode()
    admin.send_document(sheet, "评分.csv", caption="/scores 2026-10")
    (preview,) = await admin.wait_replies(1)
    assert "2026-10 评分表预览：1 个单位得分，类别：真抓实干" in preview["text"]
    admin.press_button(preview, "取消")
    (cancelled,) = await admin.wait_replies(1)
    assert cancelled["text"] == "已取消，评分表未导入。"
    assert await stored_scores(bot) == []

    # a document without a caption and without /scores is a ledger, as before
    answer = await upload(admin, "单位,考核类别,得分\n人社局,真抓实干,90\n".encode(), "评分.csv")
    assert answer.startswith("台账未导入")

    (changed,) = await ask(admin, "/categories 民生 红旗最低分=110 黄旗线=70")
    assert changed.startswith("已更新“民生实事”的考核规则。")
    assert "★红旗最低分=110" in changed and "★黄旗线=70" in changed and " 红旗名额=3" in changed
    (preview_review,) = await ask(admin, "/review 2026-10")
    assert "1. 人社局 120.0% 🚩贡献红旗" in preview_review  # 120 ≥ 110
    (second,) = [line for line in preview_review.splitlines() if "应急管理局" in line]
    assert "100.0%" in second and "🚩" not in second  # 100 < 110: no red flag here now
    assert "交通运输局 60.0% 🟨落后黄旗" in preview_review  # 60 < 70

    (wrong,) = await ask(admin, "/categories 民生实事 红旗数量=2")
    assert wrong.startswith("没有“红旗数量”这项设置") and "用法：/categories" in wrong
    (bad_value,) = await ask(admin, "/categories 民生实事 黄旗线=很高")
    assert bad_value.startswith("“黄旗线”不能设为“很高”")

    contact = bot.user(7001, "联络员")
    contact.send_document(sheet, "评分.csv", caption="/scores 2026-10")
    (refused,) = await contact.wait_replies(1)
    assert refused["text"] == "只有管理员可以导入评分表。"


async def test_ranking_shows_the_current_periods_given_scores(bot: Harness) -> None:
    await build_county(bot.db)
    bot.at(AFTER_OCT)  # Nov 10: the current period is 2026-12
    admin = bot.admin
    sheet = "单位,考核类别,得分,加减分\n人社局,闯创干,88,\n应急管理局,闯创干,90,2.5\n".encode()
    admin.send_document(sheet, "评分.csv", caption="/scores 2026-12")
    (preview,) = await admin.wait_replies(1)
    admin.press_button(preview, "确认导入")
    await admin.wait_replies(1)
    (ranking,) = await ask(admin, "/ranking 闯创干")
    assert "【闯创干】" in ranking
    assert "1. 应急管理局 92.5" in ranking and "2. 人社局 88.0" in ranking
    assert "92.5%" not in ranking  # a given score is not a percentage
    assert "交通运输局" not in ranking  # no score: not ranked
