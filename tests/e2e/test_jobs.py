"""The bimonthly rhythm end to end: the real Application and its JobQueue, the jobs run through the JobQueue
(Job.run) with the bot's clock pinned at the trigger's own fire times, instead of waiting real days."""

from __future__ import annotations

import asyncio
import io
from datetime import date, datetime, timedelta

import docx
from telegram.ext import Application, Job

from bot.domain.periods import Period
from bot.outbound.publication import publish_now
from bot.simulator import BotApiSimulator
from handlers.markup import to_html
from storage.queries import outbox as outbox_q
from storage.queries import reviews as reviews_q
from storage.tables import ChatBinding, Outbox, Person
from tests.conftest import TZ, Db, shanghai
from tests.e2e.conftest import ADMIN_ID, Harness, make_settings, start_bot, stop_bot
from tests.factories import CREATED, add_project, report

CONTACT, HEAD = 8102, 8112  # 应急管理局, the unit that lags
LEADERS, WORKGROUP = -8001, -8002


async def build_county(db: Db) -> None:
    """人社局 on schedule, 应急管理局 far behind (a yellow flag each review); both chats bound."""
    async with db.sessions.begin() as s:
        await add_project(s, "MS-01", unit="人社局")
        lagging = await add_project(s, "MS-02", unit="应急管理局")
        for user_id, is_head in ((CONTACT, False), (HEAD, True)):
            s.add(
                Person(
                    user_id=user_id,
                    name=f"联络员{user_id}",
                    unit_id=lagging.unit_id,
                    is_head=is_head,
                    created_at=CREATED,
                    updated_at=CREATED,
                )
            )
        for kind, chat_id in (("leaders", LEADERS), ("workgroup", WORKGROUP)):
            s.add(ChatBinding(kind=kind, chat_id=chat_id, title=kind, bound_by=ADMIN_ID, bound_at=CREATED))
    async with db.sessions.begin() as s:
        await report(s, "MS-01", 120, shanghai(2026, 1, 20, 10, 0))  # the whole year's target, early
        await report(s, "MS-02", 5, shanghai(2026, 1, 20, 10, 0))


def chats(sim: BotApiSimulator) -> None:
    """The people and groups the bot will write to (before it starts: a start-up may queue messages)."""
    sim.user(ADMIN_ID, "考核办", username="kaohe")
    for user_id in (CONTACT, HEAD):
        sim.user(user_id, f"联络员{user_id}")
    sim.group(LEADERS, "领导群")
    sim.group(WORKGROUP, "工作群")


def job(h: Harness, name: str) -> Job:  # type: ignore[type-arg]
    app: Application = h.app  # type: ignore[assignment,type-arg]
    assert app.job_queue is not None
    [found] = app.job_queue.get_jobs_by_name(name)
    return found


async def fire(h: Harness, name: str, at: datetime) -> None:
    """Run a job of the table as its trigger would at `at`."""
    h.at(at)
    await job(h, name).run(h.app)  # type: ignore[arg-type]


async def outbox(h: Harness, prefix: str = "") -> list[Outbox]:
    async with h.db.sessions() as s:
        return [r for r in await outbox_q.list_outbox(s) if (r.dedupe_key or "").startswith(prefix)]


async def published(h: Harness) -> dict[str, datetime]:
    async with h.db.sessions() as s:
        return {
            r.period: r.published_at
            for r in await reviews_q.list_reviews(s, published_only=True)
            if r.published_at is not None
        }


def errors_told(h: Harness) -> list[str]:
    return [
        c.params["text"] for c in h.sim.sent(ADMIN_ID, method="sendMessage") if "出错" in c.params["text"]
    ]


async def test_the_jobs_table(sim: BotApiSimulator, db: Db) -> None:
    h = await start_bot(sim, db, review_schedule="30 7 10 1,3,5,7,9,11 *")
    try:
        app: Application = h.app  # type: ignore[assignment,type-arg]
        assert app.job_queue is not None
        assert sorted(j.name or "" for j in app.job_queue.jobs()) == ["reminders", "review"]
        sunday_noon = shanghai(2026, 11, 8, 12, 0)
        expected_next = {
            "review": shanghai(2026, 11, 9, 7, 30),  # every day at REVIEW_SCHEDULE's hour: a moved review
            "reminders": shanghai(2026, 11, 9, 9, 0),  # every day at REMIND_AT; the job skips days off
        }
        for name, moment in expected_next.items():
            aps = job(h, name).job
            assert str(aps.trigger.timezone) == "Asia/Shanghai"
            assert aps.trigger.get_next_fire_time(None, sunday_noon) == moment
            assert (aps.misfire_grace_time, aps.coalesce) == (3600, True)
            assert aps.next_run_time is not None  # scheduled on the running scheduler
    finally:
        await stop_bot(h)
    again = await start_bot(sim, db)  # re-created at every start-up, from the settings
    try:
        app = again.app  # type: ignore[assignment]
        assert app.job_queue is not None
        assert sorted(j.name or "" for j in app.job_queue.jobs()) == ["reminders", "review"]
        review_trigger = job(again, "review").job.trigger
        assert review_trigger.get_next_fire_time(None, shanghai(2026, 11, 8, 12, 0)) == shanghai(
            2026, 11, 9, 9, 0
        )
    finally:
        await stop_bot(again)


async def test_a_year_of_reviews_each_published_once_at_its_moment(sim: BotApiSimulator, db: Db) -> None:
    await build_county(db)
    chats(sim)
    h = await start_bot(sim, db, clock_at=shanghai(2026, 3, 1, 0, 0))
    try:
        h.at(shanghai(2026, 10, 20, 10, 0))
        h.admin.send("/holiday 2026-11-10 off")  # the county gives Nov 10 off: the review moves to Nov 11
        await h.admin.wait_replies(1)
        trigger = job(h, "review").job.trigger
        moment = trigger.get_next_fire_time(None, shanghai(2026, 3, 1, 0, 0))
        while moment < shanghai(2027, 3, 31, 0, 0):
            await fire(h, "review", moment)
            moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
        assert await published(h) == {
            "2026-02": shanghai(2026, 3, 10, 9, 0),
            "2026-04": shanghai(2026, 5, 11, 9, 0),  # May 10 is a Sunday
            "2026-06": shanghai(2026, 7, 10, 9, 0),
            "2026-08": shanghai(2026, 9, 10, 9, 0),
            "2026-10": shanghai(2026, 11, 11, 9, 0),  # off by /holiday
            "2026-12": shanghai(2027, 1, 11, 9, 0),  # 2027, beyond chinese-calendar: Jan 10 is a Sunday
            "2027-02": shanghai(2027, 3, 10, 9, 0),
        }  # and not 2025-12: due when the bot started, but two months late and before the ledger
        async with h.db.sessions() as s:
            audit = [a.target for a in await reviews_q.list_audit(s) if a.action == "review.publish"]
        assert sorted(audit) == sorted(await published(h))  # one publication each
        announcements = [
            r.text.split("\n")[0]
            for r in await outbox(h, "review:")
            if r.chat_id == WORKGROUP and r.kind == "text"
        ]
        assert len(announcements) == 7 and len(set(announcements)) == 7  # one per period, to the group
        await sim.wait_for(lambda: len(sim.sent(WORKGROUP, method="sendMessage", ok=True)) >= 1, timeout=5)
        assert sim.sent(WORKGROUP, method="sendMessage")[0].params["text"].split("\n")[0] == to_html(
            announcements[0]
        )
        assert errors_told(h) == []
    finally:
        await stop_bot(h)


async def test_a_review_missed_while_the_bot_was_down_is_published_at_start_up(
    sim: BotApiSimulator, db: Db
) -> None:
    await build_county(db)
    chats(sim)
    before = await start_bot(sim, db, clock_at=shanghai(2026, 11, 9, 18, 0))
    assert await published(before) == {}
    await stop_bot(before)  # down over Nov 10, 09:00
    h = await start_bot(sim, db, clock_at=shanghai(2026, 11, 10, 15, 0))
    try:
        assert await published(h) == {"2026-10": shanghai(2026, 11, 10, 15, 0)}  # when start_polling returned
        await sim.wait_for(lambda: len(sim.sent(LEADERS, method="sendMessage", ok=True)) >= 1, timeout=5)
        await fire(h, "review", shanghai(2026, 11, 11, 9, 0))
        await sim.wait_idle(quiet=0.5)
        [announcement] = sim.sent(LEADERS, method="sendMessage")
        assert "2026年9—10月" in announcement.params["text"]
    finally:
        await stop_bot(h)


async def test_the_review_job_run_twice_at_once_publishes_once(bot: Harness) -> None:
    await build_county(bot.db)
    chats(bot.sim)
    bot.at(shanghai(2026, 11, 10, 9, 0))
    review = job(bot, "review")
    await asyncio.gather(review.run(bot.app), review.run(bot.app))  # type: ignore[arg-type]
    await review.run(bot.app)  # type: ignore[arg-type]
    bot.admin.send("/review publish 2026-10")  # an admin at the same moment
    (answer,) = await bot.admin.wait_replies(1)
    assert "已经发布，不会重复发布" in answer["text"]
    assert list(await published(bot)) == ["2026-10"]
    await sim_settled(bot)
    for group in (LEADERS, WORKGROUP):
        assert len(bot.sim.sent(group, method="sendMessage")) == 1
    [yellow] = bot.sim.sent(CONTACT, method="sendMessage")
    assert "黄旗" in yellow.params["text"]
    assert errors_told(bot) == []


async def sim_settled(h: Harness) -> None:
    async def empty() -> None:
        while True:
            async with h.db.sessions() as s:
                if await outbox_q.count_pending(s) == 0:
                    return
            await asyncio.sleep(0.05)

    await asyncio.wait_for(
        empty(), timeout=30
    )  # a review's files (通报, slides, charts) take seconds to build


async def test_approval_requested_once_then_published_by_the_button(sim: BotApiSimulator, db: Db) -> None:
    await build_county(db)
    chats(sim)
    h = await start_bot(sim, db, clock_at=shanghai(2026, 11, 10, 9, 0), review_requires_approval=True)
    try:
        (request,) = await h.admin.wait_replies(1)  # asked at start-up: the moment has come
        assert "讲评待审批" in request["text"] and "应急管理局" in request["text"]
        # with the preview the approver gets the three documents, the 通报 as a 讨论稿 without a 文号
        await sim.wait_for(
            lambda: len(sim.sent(ADMIN_ID, method="sendDocument", ok=True)) == 3, timeout=40, what="drafts"
        )
        drafts = sim.sent(ADMIN_ID, method="sendDocument", ok=True)
        names = [d.message["document"]["file_name"] for d in drafts if d.message is not None]
        assert names == [
            "2026年9—10月双月讲评.xlsx",
            "2026年9—10月双月讲评通报.docx",
            "2026年9—10月双月讲评会.pptx",
        ]
        notice = [p.text for p in docx.Document(io.BytesIO(drafts[1].file_data())).paragraphs]
        assert "（讨论稿，未编号）" in notice
        yellow = "".join(notice[notice.index("三、落后黄旗单位") : notice.index("四、旗帜变化情况")])
        assert "应急管理局（" in yellow
        await fire(h, "review", shanghai(2026, 11, 11, 9, 0))  # asked once, not again the next day
        assert len([r for r in await outbox(h, "review-approval:") if r.kind == "text"]) == 1
        assert await published(h) == {}
        h.at(shanghai(2026, 11, 11, 10, 0))
        h.admin.press_button(request, text="发布")
        await h.admin.wait_replies(1)
        assert await published(h) == {"2026-10": shanghai(2026, 11, 11, 10, 0)}
        await sim.wait_for(lambda: len(sim.sent(WORKGROUP, method="sendMessage", ok=True)) == 1, timeout=5)
    finally:
        await stop_bot(h)


WORKING = [
    date(2026, 9, 28),
    date(2026, 9, 29),
    date(2026, 9, 30),
    date(2026, 10, 8),  # Oct 1–7: National Day
    date(2026, 10, 9),
    date(2026, 10, 10),  # a make-up Saturday (调休)
    date(2026, 10, 13),  # Oct 11 is a Sunday; Oct 12 given off by /holiday
]


async def test_reminders_go_out_on_working_days_once_a_day_and_never_to_a_group(
    sim: BotApiSimulator, db: Db
) -> None:
    await build_county(db)
    # Jul–Aug: 应急管理局 gets a yellow flag
    await publish_now(
        db.sessions,
        Period(2026, 8),
        settings=make_settings(sim, db),
        now=shanghai(2026, 9, 10, 9, 0),
        actor="test",
    )
    chats(sim)
    h = await start_bot(sim, db, clock_at=shanghai(2026, 9, 27, 20, 0))
    try:
        h.admin.send("/holiday 2026-10-12 off")
        await h.admin.wait_replies(1)
        trigger = job(h, "reminders").job.trigger
        moment = trigger.get_next_fire_time(None, shanghai(2026, 9, 28, 0, 0))
        while moment < shanghai(2026, 10, 14, 0, 0):
            await fire(h, "reminders", moment)
            await fire(h, "reminders", moment + timedelta(hours=6))  # a second trigger the same day
            if moment.date() == date(2026, 10, 8):  # a restart, and the job again
                await stop_bot(h)
                h = await start_bot(sim, db, clock_at=moment)
                await fire(h, "reminders", moment)
            moment = trigger.get_next_fire_time(moment, moment + timedelta(seconds=1))
        daily = await outbox(h, "remind:daily:")
        assert sorted({r.created_at.astimezone(TZ).date() for r in daily}) == WORKING
        assert sorted(r.chat_id for r in daily) == sorted([CONTACT, HEAD] * len(WORKING))  # once a day each
        reminders = await outbox(h, "remind:")
        kinds = {(r.dedupe_key or "").split(":")[1] for r in reminders}
        assert kinds == {"daily", "stalled", "forecast"}  # Oct 8: first working day of a week and of October
        assert all(r.chat_id > 0 for r in reminders)  # about one unit: never to a group
        first_daily = f"remind:daily:{WORKING[0].isoformat()}:{CONTACT}"
        await sim.wait_for(
            lambda: any(
                "每天一调度" in c.params["text"] for c in sim.sent(CONTACT, method="sendMessage", ok=True)
            ),
            timeout=10,
            what=first_daily,
        )
        for group in (LEADERS, WORKGROUP):
            assert all("每天一调度" not in c.params["text"] for c in sim.sent(group, method="sendMessage"))
        assert errors_told(h) == []
    finally:
        await stop_bot(h)
