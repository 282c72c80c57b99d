"""A review's chart and workbook are built after the publishing transaction (bot/outbound/review_files.py):
a crash between the commit and the build still delivers each file once, after the announcement; while
the files are being built the bot answers (the database and the event loop are not held)."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
import openpyxl
import pptx
from sqlalchemy import select

from bot.domain.periods import Period
from bot.outbound.publication import publish_and_announce
from bot.outbound.review_files import build_and_attach
from bot.simulator import BotApiSimulator
from storage.queries import outbox as outbox_q
from storage.tables import ChatBinding, Outbox, Person
from tests.conftest import Db, shanghai
from tests.e2e.conftest import ADMIN_ID, make_settings, start_bot, stop_bot
from tests.factories import CREATED, add_project, report

OCT = Period(2026, 10)
PUBLISHED_AT = shanghai(2026, 11, 9, 10, 0)  # after the deadline, before the scheduled moment (Nov 10)
CONTACT = 8102  # 应急管理局: far behind, a yellow flag
ON_TIME = 8101  # 人社局: on schedule, no follow-up message
LEADERS, WORKGROUP = -8001, -8002
SEND_METHODS = ("sendMessage", "sendPhoto", "sendDocument")


async def build_county(db: Db) -> None:
    async with db.sessions.begin() as s:
        good = await add_project(s, "MS-01", unit="人社局")
        lagging = await add_project(s, "MS-02", unit="应急管理局")
        for user_id, unit_id in ((CONTACT, lagging.unit_id), (ON_TIME, good.unit_id)):
            s.add(
                Person(
                    user_id=user_id, name="联络员", unit_id=unit_id, created_at=CREATED, updated_at=CREATED
                )
            )
        for kind, chat_id in (("leaders", LEADERS), ("workgroup", WORKGROUP)):
            s.add(ChatBinding(kind=kind, chat_id=chat_id, title=kind, bound_by=ADMIN_ID, bound_at=CREATED))
    async with db.sessions.begin() as s:
        await report(s, "MS-01", 110, shanghai(2026, 10, 20, 10, 0))
        await report(s, "MS-02", 5, shanghai(2026, 10, 20, 10, 0))


def chats(sim: BotApiSimulator) -> None:
    sim.user(ADMIN_ID, "考核办", username="kaohe")
    sim.user(CONTACT, "联络员")
    sim.user(ON_TIME, "联络员")
    sim.group(LEADERS, "领导群")
    sim.group(WORKGROUP, "工作群")


def calls(sim: BotApiSimulator, chat_id: int) -> list[str]:
    """The methods of what Telegram accepted in a chat, in order."""
    return [c.method for c in sim.sent(chat_id, ok=True) if c.method in SEND_METHODS]


async def file_rows(db: Db) -> list[Outbox]:
    async with db.sessions() as s:
        rows = (await s.execute(select(Outbox).where(Outbox.kind != "text").order_by(Outbox.id))).scalars()
        return list(rows.all())


async def test_a_crash_between_the_commit_and_the_files_still_delivers_each_file_once(
    sim: BotApiSimulator, db: Db
) -> None:
    await build_county(db)
    chats(sim)
    settings = make_settings(sim, db)
    # The publishing transaction commits; the process dies before it builds the files (no build_and_attach).
    async with db.sessions.begin() as s:
        await publish_and_announce(s, OCT, settings=settings, now=PUBLISHED_AT, actor="test")
    pending = await file_rows(db)
    review = "review:2026-10:zh"
    assert [(r.chat_id, r.kind, r.file_data, r.file_pending) for r in pending] == [
        (LEADERS, "photo", None, review),
        (LEADERS, "document", None, review),  # the 16:9 chart of the one category, uncompressed
        (LEADERS, "document", None, review),  # the workbook
        (LEADERS, "document", None, review),  # the 通报
        (LEADERS, "document", None, review),  # the slides
        (WORKGROUP, "photo", None, review),
        (WORKGROUP, "document", None, review),
    ]

    h = await start_bot(sim, db, clock_at=PUBLISHED_AT + timedelta(minutes=5))  # the restart
    try:
        await sim.wait_for(lambda: len(calls(sim, LEADERS)) == 6, timeout=30, what="the leaders' six")
        await sim.wait_for(lambda: len(calls(sim, WORKGROUP)) == 3, timeout=10, what="the group's three")
        await sim.wait_idle(quiet=0.5)
    finally:
        await stop_bot(h)
    leaders = ["sendMessage", "sendPhoto"] + ["sendDocument"] * 4  # text, chart, 16:9 chart, three documents
    assert calls(sim, LEADERS) == leaders
    assert calls(sim, WORKGROUP) == ["sendMessage", "sendPhoto", "sendDocument"]
    documents = sim.sent(LEADERS, "sendDocument", ok=True)
    names = [d.message["document"]["file_name"] for d in documents if d.message is not None]
    assert names == [
        "2026年9—10月讲评排名-民生实事.png",
        "2026年9—10月双月讲评.xlsx",
        "2026年9—10月双月讲评通报.docx",
        "2026年9—10月双月讲评会.pptx",
    ]
    assert "考核办〔2026〕1号" in documents[2].params["caption"]
    opened_files(documents[1].file_data(), documents[2].file_data(), documents[3].file_data())
    [photo] = sim.sent(WORKGROUP, "sendPhoto", ok=True)
    assert "2026年9—10月" in photo.params["caption"]
    built = await file_rows(db)
    assert all(r.file_pending is None and r.file_data and r.sent_at is not None for r in built)

    # The process that crashed comes back to life and builds them too (or two processes both did): the
    # files are attached once, and nothing is sent again.
    assert await build_and_attach(db.sessions, "review:2026-10:zh", settings=settings, now=PUBLISHED_AT) == 0
    h = await start_bot(sim, db, clock_at=PUBLISHED_AT + timedelta(minutes=10))
    try:
        await sim.wait_idle(quiet=1.0)
    finally:
        await stop_bot(h)
    assert calls(sim, LEADERS) == leaders
    assert calls(sim, WORKGROUP) == ["sendMessage", "sendPhoto", "sendDocument"]
    async with db.sessions() as s:
        assert await outbox_q.count_pending(s) == 0


def opened_files(workbook: bytes, notice: bytes, slides: bytes) -> None:
    """The leaders' three documents open with their libraries and say what a reader looks for first."""
    sheet = openpyxl.load_workbook(io.BytesIO(workbook))["汇总"]
    assert sheet["A1"].value == "2026年9—10月双月讲评" and sheet["A3"].value == "序号"
    texts = [p.text for p in docx.Document(io.BytesIO(notice)).paragraphs]
    assert "考核办〔2026〕1号" in texts and "三、落后黄旗单位" in texts
    assert "应急管理局" in "".join(texts[texts.index("三、落后黄旗单位") : texts.index("四、旗帜变化情况")])
    deck = pptx.Presentation(io.BytesIO(slides))
    assert deck.slide_width * 9 == deck.slide_height * 16


async def pending_files(db: Db) -> int:
    return sum(1 for r in await file_rows(db) if r.file_pending is not None)


async def test_the_bot_answers_while_the_files_are_built(sim: BotApiSimulator, db: Db) -> None:
    await build_county(db)
    async with db.sessions.begin() as s:  # a bigger county: three chart pages, a process to start
        for number in range(1, 151):
            await add_project(s, f"ZD-{number:03d}", unit=f"乡镇{number:03d}", group="乡镇")
    chats(sim)
    h = await start_bot(sim, db, clock_at=PUBLISHED_AT)
    try:
        admin, contact = h.admin, sim.user(ON_TIME, "联络员")
        admin.send("/review publish 2026-10")
        (published,) = await admin.wait_replies(1, timeout=30)  # committed, answered before any file is built
        assert "讲评已发布" in published["text"]
        contact.send("/report MS-01 115")
        (answer,) = await contact.wait_replies(1, timeout=10)
        assert "累计完成115" in answer["text"]
        # Stored and answered while the charts and the workbook were still being built.
        files = await file_rows(db)
        # 3 chart pages and a 16:9 chart to each chat, the workbook, the 通报 and the slides to the leaders
        assert len(files) == 11 and await pending_files(db) == 11
        assert set(calls(sim, LEADERS) + calls(sim, WORKGROUP)) <= {"sendMessage"}  # no file went yet
        await sim.wait_for(lambda: len(calls(sim, LEADERS)) == 8, timeout=90, what="the leaders' eight")
    finally:
        await stop_bot(h)
    assert calls(sim, LEADERS) == ["sendMessage"] + ["sendPhoto"] * 3 + ["sendDocument"] * 4
