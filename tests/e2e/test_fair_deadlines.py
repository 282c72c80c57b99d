"""Fair deadlines (SPEC §4, issue 10 item 3): a held report cannot be confirmed into a closed period, one held
report per contact and project, and a review's Publish button publishes only what the approver saw."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from storage.tables import PendingAction, Review
from tests.conftest import shanghai
from tests.e2e.admin_county import ask as admin_ask
from tests.e2e.admin_county import build_county
from tests.e2e.conftest import ADMIN_ID, Harness
from tests.e2e.test_report import CONTACT, all_reports, ask, county, data_of, labels, press, press_data, quiet

__all__ = ["county"]

LAST_EVENING = shanghai(2026, 11, 5, 21, 0)  # the 2026-10 period's submission deadline is the end of Nov 5


async def test_a_late_confirm_does_not_count_for_the_closed_period_and_the_replaced_button_says_so(
    county: Harness,
) -> None:
    contact = county.user(CONTACT)
    county.at(LAST_EVENING + timedelta(minutes=10))
    first = await ask(contact, "MS-01 50", date=LAST_EVENING)
    second = await ask(contact, "MS-01 110", date=LAST_EVENING + timedelta(minutes=5))
    assert labels(first) == ["确认", "取消"] and labels(second) == ["确认", "取消"]
    assert await all_reports(county) == []

    nine_days_later = LAST_EVENING + timedelta(days=9)
    county.at(nine_days_later)
    replaced = await press(county, contact, first, "确认")
    assert replaced is not None and replaced["text"] == "已被同一项目更新的报送替代，请在最新一条上确认"
    await quiet(county, contact)
    assert await all_reports(county) == []
    shown = next(m for m in county.sim.bot_messages(CONTACT) if m["message_id"] == first["message_id"])
    assert "reply_markup" not in shown  # the replaced question lost its buttons

    answer = await press(county, contact, second, "确认")
    assert answer is not None and not answer.get("text")
    (stored,) = await contact.wait_replies(1)
    assert "累计完成110个" in stored["text"]
    assert "按确认时间2026年11月14日21:00计入，不计入已截止的讲评期" in stored["text"]
    (report,) = await all_reports(county)
    assert report.value == 110
    assert report.reported_at == nine_days_later  # after the 2026-10 deadline: it counts for 2026-12
    assert report.reported_at >= shanghai(2026, 11, 6)

    again = await press_data(county, contact, first, data_of(first, "确认"))
    assert again is not None and again["text"] == "已被同一项目更新的报送替代，请在最新一条上确认"
    assert len(await all_reports(county)) == 1


async def test_a_held_report_confirmed_before_its_deadline_keeps_its_message_time(county: Harness) -> None:
    contact = county.user(CONTACT)
    county.at(LAST_EVENING + timedelta(minutes=10))
    held = await ask(contact, "MS-01 110", date=LAST_EVENING)
    county.at(shanghai(2026, 11, 5, 23, 59))
    await press(county, contact, held, "确认")
    (stored,) = await contact.wait_replies(1)
    assert "累计完成110个" in stored["text"] and "计入" not in stored["text"]
    (report,) = await all_reports(county)
    assert report.reported_at == LAST_EVENING


async def test_a_report_sent_in_the_grace_days_and_confirmed_after_them_takes_the_confirmation_time(
    county: Harness,
) -> None:
    """Sent on Nov 2 (2026-10's grace days, though the date is in the next period), confirmed on Nov 7."""
    contact = county.user(CONTACT)
    sent = shanghai(2026, 11, 2, 9, 0)
    county.at(sent)
    held = await ask(contact, "MS-01 30", date=sent)
    county.at(shanghai(2026, 11, 7, 9, 0))
    await press(county, contact, held, "确认")
    (stored,) = await contact.wait_replies(1)
    assert "按确认时间2026年11月7日09:00计入" in stored["text"]
    (report,) = await all_reports(county)
    assert report.reported_at == shanghai(2026, 11, 7, 9, 0)


async def test_another_project_does_not_replace_a_held_report(county: Harness) -> None:
    contact = county.user(CONTACT)
    first = await ask(contact, "MS-01 50")
    await ask(contact, "MS-02 20")
    await press(county, contact, first, "确认")
    (stored,) = await contact.wait_replies(1)
    assert "累计完成50个" in stored["text"]
    async with county.db.sessions() as s:
        open_rows = (
            (await s.execute(select(PendingAction).where(PendingAction.resolved_at.is_(None))))
            .scalars()
            .all()  # type: ignore[union-attr]
        )
    assert [p.payload["code"] for p in open_rows] == ["MS-02"]


async def test_publish_under_a_preview_that_changed_shows_the_new_preview_and_publishes_nothing(
    bot: Harness,
) -> None:
    await build_county(bot.db)
    bot.at(shanghai(2026, 11, 10, 9, 0))
    admin = bot.admin
    admin.send("/review")
    (seen,) = await admin.wait_replies(1)
    assert "交通运输局 60.0%" in seen["text"]
    (answer,) = await admin_ask(admin, "/override 交通运输局 民生实事 none 汛期延误，经核实")
    assert "交通运输局" in answer

    admin.press_button(seen, "发布")
    (fresh,) = await admin.wait_replies(1)
    assert "2026年9—10月 双月讲评 · 草稿（未发布）" in fresh["text"]
    assert "人工调整：汛期延误，经核实" in fresh["text"]
    assert labels(fresh) == ["发布", "取消"]
    await bot.sim.wait_idle()
    old = next(m for m in bot.sim.bot_messages(ADMIN_ID) if m["message_id"] == seen["message_id"])
    assert old["text"].endswith("⚠️ 讲评结果在预览后已有变化，未发布。请核对下面的最新预览后再发布。")
    assert "reply_markup" not in old
    async with bot.db.sessions() as s:
        assert (await s.execute(select(Review.status))).scalars().all() == ["draft"]

    admin.press(seen, data_of(seen, "发布"), check=False)  # the old button again: spent
    (spent,) = await admin.wait_replies(1)
    assert spent["text"] == "这个按钮已经处理过了，不会重复执行。"
    admin.press_button(fresh, "发布")  # the figures the approver now saw: published
    (done,) = await admin.wait_replies(1)
    assert "2026年9—10月讲评已发布" in done["text"]
    async with bot.db.sessions() as s:
        assert (await s.execute(select(Review.status))).scalars().all() == ["published"]
