"""A publication with hostile unit, project and category names, end to end through the simulator: the
announcement says each name as written, the charts are drawn (a `$…$` in a name is text, not mathematics),
the exported workbook holds every name and no formula, the 通报 (.docx) and the slides (.pptx) reach the
leaders' chat, open and name the units as written (less the control character XML cannot hold) — and no
admin is told of an error."""

from __future__ import annotations

import io

import docx
import openpyxl
import pptx

from bot.simulator import BotApiSimulator
from storage.tables import ChatBinding, Person
from tests.conftest import Db, shanghai
from tests.e2e.conftest import ADMIN_ID, start_bot, stop_bot
from tests.e2e.test_publication_files import LEADERS, PUBLISHED_AT, WORKGROUP, calls
from tests.factories import CREATED, add_project, report

LEADING = "A$\\foo$局"  # matplotlib read it as mathematics and every publication failed
BEHIND = "R&D<办>$x$<b>局"
FORMULA = '=HYPERLINK("http://evil.example","点我")局'
CONTROL = "\x01@SUM(1)局"  # a control character in front of a formula start
OTHERS = [
    "\u200f交通运输局\u202e",
    "🚩团县委👍",
    "+1局",
    "-1局",
    "长" * 200,
]  # the longest name the database holds
CATEGORY = "民生$实事$&<i>"
PNG = b"\x89PNG\r\n\x1a\n"


async def hostile_county(db: Db) -> None:
    async with db.sessions.begin() as s:
        for number, unit in enumerate([LEADING, BEHIND, FORMULA, CONTROL, *OTHERS], start=1):
            await add_project(
                s, f"MS-{number:02d}", unit=unit, category=CATEGORY, name=f"{unit[:150]}的项目<&>"
            )
        s.add(Person(user_id=8201, name="联络员", unit_id=1, created_at=CREATED, updated_at=CREATED))
        for kind, chat_id in (("leaders", LEADERS), ("workgroup", WORKGROUP)):
            s.add(ChatBinding(kind=kind, chat_id=chat_id, title=kind, bound_by=ADMIN_ID, bound_at=CREATED))
    async with db.sessions.begin() as s:
        at = shanghai(2026, 10, 20, 10, 0)
        await report(s, "MS-01", 118, at)  # far ahead: the red flag
        await report(s, "MS-02", 3, at)  # far behind: a yellow flag
        for number in range(3, 5 + len(OTHERS)):
            await report(s, f"MS-{number:02d}", 90, at)


async def test_a_publication_with_hostile_names_is_announced_charted_and_exported(
    sim: BotApiSimulator, db: Db
) -> None:
    await hostile_county(db)
    for chat_id, title in ((LEADERS, "领导群"), (WORKGROUP, "工作群")):
        sim.group(chat_id, title)
    h = await start_bot(sim, db, clock_at=PUBLISHED_AT)
    try:
        h.admin.send("/review publish 2026-10")
        (published,) = await h.admin.wait_replies(1, timeout=30)
        assert "讲评已发布" in published["text"]
        # text, chart, the 16:9 chart, the workbook, the 通报, the slides
        await sim.wait_for(lambda: len(calls(sim, LEADERS)) == 6, timeout=90, what="the leaders' six")
        await sim.wait_for(lambda: len(calls(sim, WORKGROUP)) == 3, timeout=30, what="the group's three")
        await sim.wait_idle(quiet=0.5)
    finally:
        await stop_bot(h)

    for chat_id in (LEADERS, WORKGROUP, ADMIN_ID):
        assert not sim.sent(chat_id, ok=False)  # Telegram refused nothing ("can't parse entities")
    assert len(sim.sent(ADMIN_ID)) == 1  # the publish reply, no "failed on an update" alert
    assert calls(sim, LEADERS) == ["sendMessage", "sendPhoto"] + ["sendDocument"] * 4
    assert calls(sim, WORKGROUP) == ["sendMessage", "sendPhoto", "sendDocument"]

    [announcement] = sim.sent(LEADERS, "sendMessage", ok=True)
    assert announcement.message is not None
    shown = announcement.message["text"]
    assert f"🚩 {LEADING}" in shown  # the red flag, named as written
    assert f"🟨 {BEHIND}" in shown  # the yellow flag
    assert CATEGORY in shown

    for chat_id in (LEADERS, WORKGROUP):
        [photo] = sim.sent(chat_id, "sendPhoto", ok=True)
        assert photo.file_data().startswith(PNG)

    documents = {
        d.message["document"]["file_name"].rsplit(".", 1)[-1]: d.file_data()
        for d in sim.sent(LEADERS, "sendDocument", ok=True)
        if d.message is not None
    }
    assert sorted(documents) == ["docx", "png", "pptx", "xlsx"]
    assert documents["png"].startswith(PNG)  # the 16:9 chart, its category named 民生$实事$

    book = openpyxl.load_workbook(io.BytesIO(documents["xlsx"]))
    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type in ("f", "e")]  # not one formula
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for unit in (LEADING, BEHIND, FORMULA, "@SUM(1)局", *OTHERS):  # the control character is dropped
        assert unit in texts, unit

    notice = docx.Document(io.BytesIO(documents["docx"]))
    table = {cell.text for t in notice.tables for row in t.rows for cell in row.cells}
    for unit in (LEADING, BEHIND, FORMULA, "@SUM(1)局", *OTHERS):  # the ranking table names every unit
        assert unit in table, unit
    paragraphs = "\n".join(p.text for p in notice.paragraphs)
    assert LEADING in paragraphs and BEHIND in paragraphs and CATEGORY in paragraphs  # red and yellow flag

    deck = pptx.Presentation(io.BytesIO(documents["pptx"]))
    shown = "\n".join(
        shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
    )
    assert LEADING in shown and BEHIND in shown and CATEGORY in shown
    lagging = {
        cell.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_table
        for row in shape.table.rows
        for cell in row.cells
    }
    assert f"{BEHIND}的项目<&>" in lagging  # the yellow unit's lagging project, named as written
