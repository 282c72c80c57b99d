"""Who gets which scheduled message (SPEC §7–§8), on a small county worked out by hand, on both databases.

Every project has target 120 over 2026, so the plan expects 10 a month: 80 at Aug 31, 100 at Oct 31.
Reminders are read back from the outbox by their dedupe key, which names the kind, the day and the person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.flags import Transition
from bot.domain.periods import Period
from bot.outbound import reminders
from bot.outbound.publication import publish_now
from bot.outbound.scheduled_review import ReviewOutcome, scheduled_review
from bot.services.forecast import forecast_unit
from bot.services.reviews import load_review
from bot.settings import Settings
from storage.queries import ledger as ledger_q
from storage.queries import outbox as outbox_q
from storage.queries import reviews as reviews_q
from storage.tables import ChatBinding, Outbox, Person
from tests.conftest import Db, shanghai
from tests.factories import CREATED, add_project, report

ADMIN, LEADER = 900001, 8201
HR, EM, EM_HEAD, DR, TR = 8101, 8102, 8112, 8103, 8105  # contacts; EM_HEAD reads English
LEADERS_CHAT, WORK_GROUP = -8001, -8002
AUG, OCT = Period(2026, 8), Period(2026, 10)
AFTER_OCT = shanghai(2026, 11, 10, 9, 0)


def settings(**overrides: object) -> Settings:
    return Settings(_env_file=None, admin_ids=[ADMIN], **overrides)  # type: ignore[call-arg,arg-type]


def person(user_id: int, *, unit_id: int | None = None, **flags: Any) -> Person:
    return Person(
        user_id=user_id, name=f"p{user_id}", unit_id=unit_id, created_at=CREATED, updated_at=CREATED, **flags
    )


async def build_county(db: Db, *, leaders_chat: bool = True) -> None:
    """Jul–Aug: 交通运输局 150, 发改局 103.1, 人社局 100 (red); 应急管理局 50, 商科工信局 0 (yellow)."""
    async with db.sessions.begin() as s:
        hr = await add_project(s, "MS-01", unit="人社局")
        em = await add_project(s, "MS-02", unit="应急管理局")
        dr = await add_project(s, "MS-03", unit="发改局")
        await add_project(s, "MS-04", unit="发改局")
        tr = await add_project(s, "MS-05", unit="交通运输局")
        await add_project(s, "MS-06", unit="商科工信局")  # nobody bound to it
        s.add_all(
            [
                person(HR, unit_id=hr.unit_id),
                person(EM, unit_id=em.unit_id),
                person(EM_HEAD, unit_id=em.unit_id, is_head=True, language="en"),
                person(DR, unit_id=dr.unit_id),
                person(TR, unit_id=tr.unit_id),
                person(ADMIN, is_admin=True),
                person(LEADER, is_leader=True),
            ]
        )
        chats = [("leaders", LEADERS_CHAT), ("workgroup", WORK_GROUP)] if leaders_chat else []
        for kind, chat_id in chats:
            s.add(ChatBinding(kind=kind, chat_id=chat_id, title=kind, bound_by=ADMIN, bound_at=CREATED))
    async with db.sessions.begin() as s:
        await report(s, "MS-05", 120, shanghai(2026, 8, 1, 10, 0))  # done before Sep–Oct
        await report(s, "MS-02", 40, shanghai(2026, 8, 20, 10, 0))
        await report(s, "MS-03", 105, shanghai(2026, 8, 20, 10, 0))
        await report(s, "MS-04", 60, shanghai(2026, 8, 21, 10, 0))
        await report(s, "MS-01", 80, shanghai(2026, 8, 25, 10, 0))
        await report(s, "MS-01", 110, shanghai(2026, 10, 20, 10, 0))
        await report(s, "MS-04", 90, shanghai(2026, 10, 21, 10, 0))


async def run(db: Db, now: datetime, **overrides: object) -> dict[str, int]:
    async with db.sessions.begin() as s:
        return await reminders.send_reminders(s, settings=settings(**overrides), now=now)


async def queued(db: Db, kind: str) -> list[Outbox]:
    async with db.sessions() as s:
        return [r for r in await outbox_q.list_outbox(s) if (r.dedupe_key or "").startswith(kind)]


def to(rows: list[Outbox]) -> list[int]:
    return sorted(r.chat_id for r in rows)


async def publish(db: Db, period: Period, at: datetime) -> None:
    await publish_now(db.sessions, period, settings=settings(), now=at, actor="test")


async def test_before_the_deadline_units_with_unreported_projects_are_reminded(db: Db) -> None:
    await build_county(db)
    # Sep–Oct closes at the end of Thu Nov 5; three working days before it is Mon Nov 2.
    assert (await run(db, shanghai(2026, 10, 30, 9, 0)))["deadline"] == 0
    counts = await run(db, shanghai(2026, 11, 2, 9, 0))
    rows = await queued(db, "remind:deadline:2026-11-02")
    # 应急管理局 (MS-02) and 发改局 (MS-03, silent since August); 人社局 reported, 交通运输局 was done
    # before the period, 商科工信局 has nobody to tell.
    assert counts["deadline"] == 3 and to(rows) == sorted([DR, EM, EM_HEAD])
    text = {r.chat_id: r.text for r in rows}
    assert "MS-02" in text[EM] and "MS-03" not in text[EM]
    assert "MS-03" in text[DR] and "MS-04" not in text[DR]  # MS-04 reported on Oct 21
    assert "目前共5个单位，已有2个单位报送齐全" in text[EM] and "截止到2026年11月5日24时" in text[EM]
    assert "还剩3天" in text[EM]
    assert "2 of 5 units have reported" in text[EM_HEAD]
    assert (await run(db, shanghai(2026, 11, 5, 9, 0)))["deadline"] == 3
    assert "今天截止" in (await queued(db, "remind:deadline:2026-11-05"))[0].text
    assert (await run(db, shanghai(2026, 11, 6, 9, 0)))["deadline"] == 0  # closed


async def test_nobody_gets_the_same_reminder_twice_a_day_and_no_group_gets_any(db: Db) -> None:
    await build_county(db)
    await publish(db, AUG, shanghai(2026, 9, 10, 9, 0))
    first = await run(db, shanghai(2026, 11, 2, 9, 0))
    again = await run(db, shanghai(2026, 11, 2, 15, 30))
    assert sum(first.values()) > 0 and set(again.values()) == {0}
    rows = await queued(db, "remind:")
    assert all(r.chat_id > 0 for r in rows)
    assert len({(r.chat_id, r.dedupe_key) for r in rows}) == len(rows)
    assert await run(db, shanghai(2026, 11, 2, 8, 59)) == {}  # before REMIND_AT
    assert await run(db, shanghai(2026, 10, 3, 9, 0)) == {}  # National Day
    assert await run(db, shanghai(2026, 11, 7, 9, 0)) == {}  # a Saturday


async def test_a_yellow_unit_is_followed_up_daily_until_it_is_back_on_schedule(db: Db) -> None:
    await build_county(db)
    await publish(db, AUG, shanghai(2026, 9, 10, 9, 0))
    assert (await run(db, shanghai(2026, 9, 10, 10, 0)))[
        "daily"
    ] == 0  # the yellow-flag notice is enough today
    await run(db, shanghai(2026, 9, 11, 9, 0))
    rows = await queued(db, "remind:daily:2026-09-11")
    assert to(rows) == [EM, EM_HEAD]  # 商科工信局 is yellow too, but has nobody to tell
    text = next(r.text for r in rows if r.chat_id == EM)
    assert "每天一调度" in text and "MS-02" in text and "时序如何？为什么停滞？怎么解决？" in text
    assert "Daily follow-up" in next(r.text for r in rows if r.chat_id == EM_HEAD)

    async with db.sessions.begin() as s:
        await report(s, "MS-02", 95, shanghai(2026, 9, 14, 10, 0))  # expected on Sep 15 is 85
    await run(db, shanghai(2026, 9, 15, 9, 0))
    assert await queued(db, "remind:daily:2026-09-15") == []

    async with db.sessions.begin() as s:  # the next review: 应急管理局 is no longer yellow
        await report(s, "MS-02", 40, shanghai(2026, 10, 2, 10, 0), note="核减")
    await publish(db, OCT, shanghai(2026, 11, 10, 9, 0))
    await run(db, shanghai(2026, 11, 11, 9, 0))
    assert to(await queued(db, "remind:daily:2026-11-11")) == [EM, EM_HEAD]  # kept yellow, still behind


async def test_stalled_projects_are_raised_on_the_first_working_day_of_the_week(db: Db) -> None:
    await build_county(db)
    # Oct 5–7 are National Day holidays: Thu Oct 8 is the week's first working day.
    await run(db, shanghai(2026, 10, 8, 9, 0))
    rows = await queued(db, "remind:stalled:2026-10-08")
    assert to(rows) == sorted([HR, DR, EM, EM_HEAD])  # MS-01 and MS-04 have not moved since August either
    assert "MS-03" in next(r.text for r in rows if r.chat_id == DR)
    assert "超过30天没有新进展" in next(r.text for r in rows if r.chat_id == DR)
    assert (await run(db, shanghai(2026, 10, 9, 9, 0)))["stalled"] == 0
    await run(db, shanghai(2026, 10, 12, 9, 0))  # Monday: the next week, nothing has moved yet
    assert to(await queued(db, "remind:stalled:2026-10-12")) == sorted([HR, DR, EM, EM_HEAD])
    await run(db, shanghai(2026, 10, 26, 9, 0))  # after the reports of Oct 20–21
    assert to(await queued(db, "remind:stalled:2026-10-26")) == sorted(
        [DR, EM, EM_HEAD]
    )  # MS-03 still, not MS-04


async def test_admins_are_warned_weekly_from_november_that_next_year_is_missing(db: Db) -> None:
    await build_county(db)
    assert (await run(db, shanghai(2026, 10, 30, 9, 0)))["calendar"] == 0
    await run(db, shanghai(2026, 11, 2, 9, 0))
    await run(db, shanghai(2026, 11, 3, 9, 0))
    await run(db, shanghai(2026, 11, 9, 9, 0))
    rows = await queued(db, "remind:calendar:2027")
    assert [(r.chat_id, r.created_at.date().isoformat()) for r in rows] == [
        (ADMIN, "2026-11-02"),
        (ADMIN, "2026-11-09"),
    ]
    assert "2027" in rows[0].text and "/holiday" in rows[0].text


async def test_mid_period_a_unit_heading_for_yellow_hears_which_projects_would_change_that(db: Db) -> None:
    await build_county(db)
    # Oct 1–7 are holidays: Thu Oct 8 is the first working day of Sep–Oct's last month.
    assert (await run(db, shanghai(2026, 9, 30, 9, 0)))["forecast"] == 0
    await run(db, shanghai(2026, 10, 8, 9, 0))
    rows = await queued(db, "remind:forecast:2026-10-08")
    # No progress in 30 days anywhere: 人社局 80.0 (on the line), 发改局 82.5, 应急管理局 40.0
    assert to(rows) == [EM, EM_HEAD]
    text = next(r.text for r in rows if r.chat_id == EM)
    assert "预计得分40.0%" in text and "MS-02" in text and "还差60个" in text
    assert "排名第4名（共5个单位）" in text
    assert (await run(db, shanghai(2026, 10, 9, 9, 0)))["forecast"] == 0


async def test_the_forecast_of_one_unit_for_myflag(db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:
        unit = await ledger_q.get_unit_by_name(s, "发改局")
        assert unit is not None and unit.id is not None
        view = await forecast_unit(s, unit.id, now=shanghai(2026, 10, 25, 12, 0), settings=settings())
    [category] = view.categories
    # MS-03: 105, no pace → 105 %; MS-04: 90, up 30 in 30 days → 1 a day, 6 days left → 96 %
    assert [(p.code, round(p.forecast, 1)) for p in category.projects] == [("MS-04", 96.0), ("MS-03", 105.0)]
    assert str(category.score) == "100.5" and not view.heading_for_yellow


async def test_a_second_consecutive_yellow_goes_to_the_head_and_the_leaders_chat(db: Db) -> None:
    await build_county(db)
    await publish(db, AUG, shanghai(2026, 9, 10, 9, 0))
    await publish(db, OCT, shanghai(2026, 11, 10, 9, 0))
    async with db.sessions.begin() as s:
        result = await load_review(s, OCT, tz=settings().tz, now=shanghai(2026, 11, 10, 9, 0))
        kept = {e.unit for e in result.entries if e.transition is Transition.KEPT_YELLOW}
        assert kept == {"应急管理局", "商科工信局"}
        # (publish_and_announce may queue them already: then this call finds them queued)
        await reminders.queue_escalations(s, result, settings=settings(), now=AFTER_OCT)
        assert await reminders.queue_escalations(s, result, settings=settings(), now=AFTER_OCT) == 0
    rows = await queued(db, "escalate:2026-10")
    # not the contact, not the work group; the admin hears that 商科工信局 has no head to tell
    assert to(rows) == [LEADERS_CHAT, EM_HEAD, ADMIN]
    leaders = next(r.text for r in rows if r.chat_id == LEADERS_CHAT).splitlines()
    assert "已通知" not in leaders[0]  # the heading claims nothing for everyone
    [em] = [line for line in leaders if "应急管理局" in line]
    [sk] = [line for line in leaders if "商科工信局" in line]
    assert "连续2期" in em and "（已通知单位一把手）" in em
    # 商科工信局 has no head bound: the leaders are not told that one was
    assert "已通知" not in sk and "一把手未绑定或无法联系，未能通知" in sk
    admin = next(r.text for r in rows if r.chat_id == ADMIN)
    assert "商科工信局" in admin and "/invite 商科工信局 一把手" in admin and "应急管理局" not in admin
    head = next(r.text for r in rows if r.chat_id == EM_HEAD)
    assert "Consecutive yellow flag" in head and "by 17 Nov 2026" in head  # PLAN_DUE_DAYS after publication


async def test_without_a_leaders_chat_the_leaders_hear_of_escalations_privately(db: Db) -> None:
    await build_county(db, leaders_chat=False)
    await publish(db, AUG, shanghai(2026, 9, 10, 9, 0))
    await publish(db, OCT, shanghai(2026, 11, 10, 9, 0))
    async with db.sessions.begin() as s:
        result = await load_review(s, OCT, tz=settings().tz, now=shanghai(2026, 11, 10, 9, 0))
        await reminders.queue_escalations(s, result, settings=settings(), now=shanghai(2026, 11, 10, 9, 0))
    assert to(await queued(db, "escalate:2026-10")) == [EM_HEAD, LEADER, ADMIN]


async def review_check(db: Db, now: datetime, **overrides: object) -> ReviewOutcome:
    async with db.sessions.begin() as s:
        return (await scheduled_review(s, settings=settings(**overrides), now=now)).outcome


async def test_the_scheduled_review_publishes_once_at_its_moment(db: Db) -> None:
    await build_county(db)
    assert await review_check(db, shanghai(2026, 11, 10, 8, 59)) is ReviewOutcome.NOT_DUE
    assert await review_check(db, shanghai(2026, 11, 10, 9, 0)) is ReviewOutcome.PUBLISHED
    assert await review_check(db, shanghai(2026, 11, 10, 9, 0)) is ReviewOutcome.ALREADY_PUBLISHED
    async with db.sessions() as s:
        review = await reviews_q.get_review(s, OCT.name)
    assert review is not None and review.published_by == "scheduler"
    assert review.published_at == shanghai(2026, 11, 10, 9, 0)


async def test_a_review_more_than_a_week_overdue_is_left_to_the_admins(db: Db) -> None:
    await build_county(db)
    assert await review_check(db, shanghai(2026, 11, 17, 9, 0)) is ReviewOutcome.PUBLISHED  # 7 days late
    # Nov–Dec is due on Mon Jan 11, 2027; eight days later it is not published by itself
    assert await review_check(db, shanghai(2027, 1, 19, 9, 0)) is ReviewOutcome.TOO_LATE


async def test_a_review_is_not_published_by_itself_for_a_period_before_the_ledger(db: Db) -> None:
    async with db.sessions.begin() as s:  # imported after the Sep–Oct deadline
        project = await add_project(s, "MS-01", unit="人社局")
        project.created_at = shanghai(2026, 11, 8, 10, 0)
    assert await review_check(db, shanghai(2026, 11, 10, 9, 0)) is ReviewOutcome.NOTHING_TO_REVIEW


async def test_with_approval_required_admins_and_leaders_are_asked_once(db: Db) -> None:
    await build_county(db)
    moment = shanghai(2026, 11, 10, 9, 0)
    assert await review_check(db, moment, review_requires_approval=True) is ReviewOutcome.APPROVAL_ASKED
    again = await review_check(db, shanghai(2026, 11, 11, 9, 0), review_requires_approval=True)
    assert again is ReviewOutcome.AWAITING_APPROVAL
    everything = await queued(db, "review-approval:2026-10")
    rows = [r for r in everything if r.kind == "text"]
    assert to(rows) == [LEADER, ADMIN]
    # with the preview, each gets the three documents as they would go out, built after the commit
    documents = [r for r in everything if r.kind == "document"]
    assert to(documents) == [LEADER] * 3 + [ADMIN] * 3
    assert {r.file_pending for r in documents} == {"draft:2026-10:zh"}
    assert sorted(r.payload["filename"] for r in documents if r.chat_id == ADMIN) == [
        "2026年9—10月双月讲评.xlsx",
        "2026年9—10月双月讲评会.pptx",
        "2026年9—10月双月讲评通报.docx",
    ]
    for row in rows:
        [[publish_button, cancel_button]] = row.payload["reply_markup"]["inline_keyboard"]
        assert publish_button["text"] == "发布" and publish_button["callback_data"].startswith("pv:")
        assert cancel_button["callback_data"].startswith("px:")
        assert "讲评待审批" in row.text and "应急管理局" in row.text
    async with db.sessions() as s:
        review = await reviews_q.get_review(s, OCT.name)
    assert review is not None and review.status == "draft"


async def test_the_yellow_flag_notice_names_a_project_not_reported_and_the_day_the_plan_is_due(
    db: Db,
) -> None:
    """应急管理局 reported MS-02 in August only: its notice says the project was not reported, not just
    that it lags, and asks for the plan by a day (publication + PLAN_DUE_DAYS), not "within 7 days"."""
    await build_county(db)
    await publish(db, OCT, shanghai(2026, 11, 10, 9, 0))
    rows = await queued(db, f"review:2026-10:yellow:{EM}")
    text = "\n".join(r.text for r in rows)
    [line] = [x for x in text.splitlines() if "MS-02" in x]
    # target 120: 40 done is 33.3 % of the year; 100 expected by October 31 is 83.3 %
    assert line.endswith(
        "累计完成40个，占年度目标的33.3%，序时进度83.3%，低于序时进度50.0个百分点（本期未报送）"
    )
    assert "影响得分的主要滞后项目：" in text
    assert "请于2026年11月17日前用 /plan 逐项填写整改清单（问题、措施、责任人、完成时限）。" in text
    assert "天内" not in text
