"""`flagbot demo`: the whole story with no Telegram at all.

A local Bot API simulator, the real bot, and a sample county (SPEC §1): the assessment office imports
the ledger and binds the leaders' chat and the work group, every unit's contact joins by invite link and
reports by chat over two periods, the office publishes two reviews, the announcements (with the chart)
reach the groups, a yellow-flag unit asks /myflag and a leader looks at /ranking. The transcript, the
chart, the /myflag trend picture, the workbook and the sample ledger are written to a folder.

The story moves on only once everything the bot queued has been delivered (Demo.settle), so each
message carries the moment of the story that caused it and two runs tell the same story.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import time as _real_time

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cli.sample_county import (
    INDICATOR_CATEGORY,
    SAMPLE_COUNTY,
    SampleReport,
    ledger_csv,
    sample_projects,
    sample_reports,
    score_sheet_csv,
)
from bot.context import Clock
from bot.domain.periods import Period, last_reviewable_period
from bot.outbound.reminders import send_reminders
from bot.render.language import shared_language
from bot.render.marks import plain
from bot.render.periods import period_label
from bot.render.texts import message
from bot.runtime.app import build_application, start_polling, stop_app
from bot.services.errors import UserError
from bot.services.rectify import plans_board
from bot.settings import Settings
from bot.simulator import BotApiSimulator, SimChat, SimUser
from bot.simulator import state as simulator_state
from bot.when.calendar import WorkingDays
from bot.when.moments import review_moment
from bot.when.reminder_days import deadline_period
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.queries import outbox as outbox_q

DEMO_TOKEN = "4242424242:DEMO-TOKEN-NOT-A-REAL-ONE-xyz"
ADMIN_ID, LEADER_ID = 10001, 10002
WAIT = 60.0  # seconds; generous for a loaded machine (a review's files take seconds to build)
QUIET = 0.15  # seconds without a Bot API call before the simulator counts the bot as idle
OUTBOX_POLL_S = 0.05  # how often settle() looks at the outbox while it still holds messages


class Demo:
    """The scripted county: who says what, when."""

    def __init__(
        self,
        sim: BotApiSimulator,
        clock: Clock,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
    ) -> None:
        self.sim, self.clock, self.settings, self.sessions = sim, clock, settings, sessions
        self.admin = sim.user(
            ADMIN_ID, "李主任", last_name=None, username="kaoheban", language_code="zh-hans"
        )
        self.leader = sim.user(LEADER_ID, "张县长", username="zhangxianzhang", language_code="zh-hans")
        self.leaders_chat = sim.group(-1001000000201, "县领导调度群")
        self.work_group = sim.group(-1001000000202, "四实工作群")
        self.contacts: dict[str, SimUser] = {}

    async def say(
        self, user: SimUser, text: str, *, chat: SimChat | None = None, at: datetime | None = None
    ) -> list:
        """Send and wait for the bot's answer (one message, or more for long answers)."""
        if at is not None:
            self.clock.set(at)
        where = chat or user.chat
        before = len(where.bot_messages())
        user.send(text, chat=chat, date=at or self.clock.now())
        await user.wait_replies(1, timeout=WAIT, chat=chat)
        await self.settle()
        return where.bot_messages()[before:]

    async def settle(self) -> None:
        """Wait until everything the bot queued has been delivered: the outbox holds nothing unsent
        and the simulator has seen no Bot API call for a moment.

        The story's clock moves on after this, and the simulator stamps each message with it, so a
        message still queued here would land at a later moment of the story, or after the transcript.
        A quiet period alone cannot tell "done" from "the sender waits its turn": it keeps one message
        a second per chat (a little more with its margin), longer than any quiet worth waiting for.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        while True:
            while await self._unsent() > 0:
                if loop.time() > deadline:
                    raise TimeoutError(
                        f"the outbox still holds {await self._unsent()} messages after {WAIT}s"
                    )
                await asyncio.sleep(OUTBOX_POLL_S)
            await self.sim.wait_idle(timeout=max(deadline - loop.time(), QUIET), quiet=QUIET)
            if await self._unsent() == 0:  # nothing queued while we waited for the quiet
                return

    async def _unsent(self) -> int:
        async with self.sessions() as session:
            return await outbox_q.count_pending(session)

    async def setup(self, ledger: bytes, units: list[str]) -> None:
        await self.say(self.admin, "/start")
        self.admin.send_document(ledger, "2026年四实项目台账.csv", date=self.clock.now())
        (preview,) = await self.admin.wait_replies(1, timeout=WAIT)
        self.admin.press_button(preview, message("ledger_button_confirm", "zh"))  # applied after 确认导入
        await self.admin.wait_replies(1, timeout=WAIT)
        await self.settle()
        await self.say(self.admin, "/bind leaders", chat=self.leaders_chat)
        await self.say(self.admin, "/bind workgroup", chat=self.work_group)
        await self.say(self.leader, "/start")
        await self.say(self.admin, f"/grant leader @{self.leader.info['username']}")
        for index, unit in enumerate(units):
            (invite,) = await self.say(self.admin, f"/invite {unit}")
            code = re.search(r"start=([\w-]+)", invite["text"])
            assert code, invite["text"]
            contact = self.sim.user(20001 + index, f"{unit}联络员", language_code="zh-hans")
            await self.say(contact, f"/start {code.group(1)}")
            self.contacts[unit] = contact

    async def reports(self, reports: list[SampleReport]) -> None:
        for r in reports:
            note = f" {r.note}" if r.note else ""
            await self.say(self.contacts[r.unit], f"/report {r.code} {r.value:g}{note}", at=r.at)

    async def reminders(self, day: date) -> None:
        """The day's reminders at REMIND_AT, as the scheduler would send them (its clock is the wall's)."""
        at = datetime.combine(day, self.settings.remind_at, self.settings.tz)
        self.clock.set(at)
        async with self.sessions.begin() as session:
            await send_reminders(session, settings=self.settings, now=at)
        await self.settle()

    async def scores(self, period: Period, sheet: bytes, at: datetime) -> None:
        """The admin imports the indicator category's score sheet: /scores, the file, its preview, Confirm."""
        self.clock.set(at)
        await self.say(self.admin, f"/scores {period.name}")
        chat = self.admin.chat
        before = len(chat.bot_messages())
        self.admin.send_document(sheet, f"真抓实干评分表{period.name}.csv", date=self.clock.now())
        await self.sim.wait_for(lambda: len(chat.bot_messages()) > before, WAIT, "the score sheet preview")
        preview = chat.bot_messages()[before]
        self.admin.press_button(preview, text="确认导入")
        await self.sim.wait_for(lambda: len(chat.bot_messages()) > before + 1, WAIT, "the import")

    async def publish_with_button(self, period: Period, at: datetime) -> None:
        self.clock.set(at)
        chat = self.admin.chat
        before = len(chat.bot_messages())
        await self.say(self.admin, f"/review {period.name}")
        await self.sim.wait_for(
            lambda: any(m.get("reply_markup") for m in chat.bot_messages()[before:]),
            WAIT,
            "the review preview",
        )
        preview = next(m for m in chat.bot_messages()[before:] if m.get("reply_markup"))
        announced = len(self.leaders_chat.bot_messages())
        self.admin.press_button(preview, text="发布")
        await self.sim.wait_for(
            lambda: len(self.leaders_chat.bot_messages()) > announced + 2, WAIT, "the announcement"
        )
        await self.settle()  # the chart, the workbook and the units' notices follow one by one

    async def publish_by_command(self, period: Period, at: datetime) -> None:
        before = len(self.leaders_chat.bot_messages())
        await self.say(self.admin, f"/review publish {period.name}", at=at)
        await self.sim.wait_for(
            lambda: len(self.leaders_chat.bot_messages()) > before, WAIT, "the announcement"
        )
        await self.settle()  # the chart, the workbook and the units' notices follow one by one

    async def rectification(self, unit: str, contact: SimUser, *, at: datetime) -> None:
        """The yellow unit fills in its rectification list; a leader approves its first item, then closes it
        (销号) after checking on site (docs/rectification.md)."""
        async with self.sessions() as session:
            try:
                board = await plans_board(
                    session,
                    policy=self.settings.policy,
                    tz=self.settings.tz,
                    now=at,
                    due_days=self.settings.plan_due_days,
                )
            except UserError:
                return
        items = next((u.items for u in board.units if u.unit == unit), [])
        if not items:
            return
        await self.say(contact, "/plan", at=at)
        due = (at + timedelta(days=30)).astimezone(self.settings.tz).date().isoformat()
        for item in items:
            await self.say(
                contact, f"/plan {item.code} 前期手续滞后；专班推进、每天一调度；分管副局长；{due}"
            )
        first = items[0].code
        await self.say(self.leader, "/plans", at=at + timedelta(minutes=1))
        await self.say(self.leader, f"/plans 通过 {first}")
        await self.say(self.leader, f"/plans 销号 {first} 现场核查，进度已赶上", at=at + timedelta(minutes=2))


async def run_demo(settings: Settings, *, output: str | None = None) -> int:
    """Play the county's story and write the transcript, chart and workbook into a folder."""
    folder = Path(output) if output else Path(tempfile.mkdtemp(prefix="flagbot-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.sqlite3"
    for stale in folder.glob("demo.sqlite3*"):
        stale.unlink()
    tz = settings.tz
    today = datetime.now(tz)
    second = last_reviewable_period(
        today, months=settings.period_months, grace_days=settings.report_grace_days
    )
    first = second.previous()
    lang = shared_language(fixed=settings.language or None)

    def say(key: str, **params: object) -> str:
        return plain(message(key, lang, **params))

    sim = BotApiSimulator(bot_username="flagbot_demo_bot")
    await sim.start()
    demo_settings = settings.model_copy(
        update={
            "telegram_token": DEMO_TOKEN,
            "telegram_api_base_url": f"{sim.url}/bot",
            "telegram_file_base_url": f"{sim.url}/file/bot",
            "admin_ids": [ADMIN_ID],
            "database_url": f"sqlite+aiosqlite:///{database}",
            "review_requires_approval": False,
            # the sample county's letterhead, unless the machine's settings name a county
            "county_name": settings.county_name or SAMPLE_COUNTY,
            "org_name": settings.org_name if settings.county_name else f"{SAMPLE_COUNTY}考核办",
            "doc_number_prefix": settings.doc_number_prefix if settings.county_name else "示考核办",
        }
    )
    engine = make_engine(demo_settings.database_url)
    sessions = make_sessionmaker(engine)
    clock = Clock(demo_settings, fixed=datetime.combine(first.first_day, time(9, 0), tz))
    simulator_state.CLOCK[0] = lambda: clock.now().timestamp()  # the bot's messages carry the story's time
    app = None
    try:
        await upgrade(engine)
        app = build_application(demo_settings, sessions=sessions, clock=clock)
        await start_polling(app, poll_timeout=1)
        demo = Demo(sim, clock, demo_settings, sessions)
        projects = sample_projects(first.first_day.year)
        ledger = ledger_csv(projects)
        (folder / "sample-ledger.csv").write_bytes(ledger)
        print(
            say(
                "demo_start",
                first=period_label(first, lang),
                second=period_label(second, lang),
                projects=len(projects),
            )
        )
        await demo.setup(ledger, sorted({p.unit for p in projects}, key=[p.unit for p in projects].index))
        reports = sample_reports(projects, (first, second), tz=tz)
        workdays = WorkingDays()
        await demo.reports([r for r in reports if r.at < first.cutoff(grace_days=5, tz=tz)])
        first_moment = review_moment(first, settings=demo_settings, workdays=workdays)
        units = sorted({p.unit for p in projects}, key=[p.unit for p in projects].index)
        await demo.scores(first, score_sheet_csv(units, first), first_moment - timedelta(hours=1))
        # a score out of 100 with no % to reach: the county sets this category's own red line
        await demo.say(demo.admin, f"/categories {INDICATOR_CATEGORY} 红旗最低分=90")
        await demo.publish_with_button(first, first_moment)
        await demo.reports([r for r in reports if r.at >= first.cutoff(grace_days=5, tz=tz)])
        second_moment = review_moment(second, settings=demo_settings, workdays=workdays)
        # Before the deadline: the unit that has not reported everything is reminded
        await demo.reminders(
            _first_day(
                second.last_day, lambda d: bool(deadline_period(d, settings=demo_settings, days=workdays))
            )
        )
        await demo.scores(second, score_sheet_csv(units, second), second_moment - timedelta(hours=1))
        await demo.publish_by_command(second, second_moment)
        after = second_moment + timedelta(minutes=30)
        yellow_unit, yellow = next(iter(demo.contacts.items()))
        for unit, contact in demo.contacts.items():
            if unit in ("商科工信局", "卫健局"):
                yellow_unit, yellow = unit, contact
                break
        await demo.say(yellow, "/myflag", at=after)
        await sim.wait_for(lambda: bool(sim.sent(yellow.id, "sendPhoto")), WAIT, "/myflag's trend picture")
        await demo.settle()
        await demo.say(demo.leader, "/ranking", chat=demo.leaders_chat, at=after + timedelta(minutes=5))
        await demo.rectification(yellow_unit, yellow, at=after + timedelta(minutes=7))
        replies = await demo.say(demo.admin, f"/export {second.name}", at=after + timedelta(minutes=10))
        # 每天一调度: from the next working day the yellow-flag units get their status every morning
        await demo.reminders(_first_day(second_moment.date() + timedelta(days=1), workdays.is_working))
        _write_outputs(sim, folder, second, replies)
    finally:
        (folder / "transcript.txt").write_text(sim.transcript_text(tz=tz), encoding="utf-8")
        if app is not None:
            await stop_app(app)
        await engine.dispose()
        await sim.stop()
        simulator_state.CLOCK[0] = _real_time
    print(say("demo_done", folder=folder.resolve()))
    for name in sorted(p.name for p in folder.iterdir() if not p.name.startswith("demo.sqlite3")):
        print(f"  {name}")
    return 0


def _first_day(start: date, wanted: Callable[[date], bool]) -> date:
    """The first day from start on that is wanted (a working day, a reminder day …)."""
    day = start
    while not wanted(day):
        day += timedelta(days=1)
    return day


def _write_outputs(sim: BotApiSimulator, folder: Path, period: Period, export_replies: list) -> None:
    for call in sim.sent(method="sendDocument"):
        if call.ok and call.files and (call.chat_id or 0) < 0:
            # the meeting's documents, under the names the chats show (2026年9—10月双月讲评.xlsx, …)
            stored = next(iter(call.files.values()))
            (folder / (stored.file_name or f"review-{period.name}.bin")).write_bytes(stored.data)
    photos = [c for c in sim.sent(method="sendPhoto") if c.ok and c.files]
    charts = [c for c in photos if (c.chat_id or 0) < 0]
    if charts:  # the latest review's chart (the same picture went to both groups)
        (folder / f"ranking-chart-{period.name}.png").write_bytes(charts[-1].file_data())
    trends = [c for c in photos if (c.chat_id or 0) > 0]
    if trends:  # /myflag's trend picture, sent privately to the yellow-flag unit's contact
        (folder / "myflag-trend.png").write_bytes(trends[-1].file_data())
