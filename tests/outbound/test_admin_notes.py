"""Telling the admins: one function, one outbox row per reachable admin, in their language, each once."""

from __future__ import annotations

import pytest
from matplotlib import font_manager

from bot.outbound import admin_notes
from bot.outbound.admin_notes import is_notice, tell_admins
from bot.outbound.publication import publish_and_announce
from bot.render import fonts
from storage.queries import outbox as outbox_q
from storage.tables import Outbox
from tests.conftest import Db, shanghai
from tests.outbound.test_reminders import ADMIN, AFTER_OCT, OCT, build_county, person, settings

GRANTED, BLOCKED = 900002, 900003  # an admin granted in chat (reads English), one who blocked the bot
NOW = shanghai(2026, 11, 10, 9, 0)


async def notes(db: Db) -> list[Outbox]:
    async with db.sessions() as s:
        return [r for r in await outbox_q.list_outbox(s) if is_notice(r.payload)]


async def add_admins(db: Db) -> None:
    async with db.sessions.begin() as s:
        s.add(person(GRANTED, is_admin=True, language="en-GB"))
        s.add(person(BLOCKED, is_admin=True, reachable=False))


async def test_each_reachable_admin_gets_the_note_once_in_their_language(db: Db) -> None:
    await build_county(db)
    await add_admins(db)
    for _ in range(2):  # a second call (a retry, a second trigger) queues nothing
        async with db.sessions.begin() as s:
            await tell_admins(
                s,
                key="remind_calendar_missing",
                params={"year": 2027},
                settings=settings(),
                now=NOW,
                dedupe_key="test:calendar",
            )
    rows = await notes(db)
    assert [(r.chat_id, r.dedupe_key) for r in rows] == [
        (ADMIN, f"test:calendar:{ADMIN}"),
        (GRANTED, f"test:calendar:{GRANTED}"),
    ]
    assert "2027" in rows[0].text and "2027" in rows[1].text and rows[0].text != rows[1].text


async def test_a_note_about_a_chat_skips_it_and_fills_localized_params(db: Db) -> None:
    await build_county(db)
    await add_admins(db)
    async with db.sessions.begin() as s:
        count = await tell_admins(
            s,
            key="delivery_who_chat",
            params={"chat_id": lambda lang: f"<{lang}>"},
            settings=settings(),
            now=NOW,
            skip=ADMIN,
        )
    assert count == 1
    (row,) = await notes(db)
    assert row.chat_id == GRANTED and "<en>" in row.text and row.dedupe_key is None


async def test_without_a_cjk_font_the_review_is_published_and_the_admins_told_once(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    await build_county(db)
    await add_admins(db)
    latin = [f for f in font_manager.fontManager.ttflist if f.name == "DejaVu Sans"]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    fonts.cjk_font.cache_clear()
    try:
        async with db.sessions.begin() as s:
            await publish_and_announce(s, OCT, settings=settings(), now=AFTER_OCT, actor="test")
    finally:
        fonts.cjk_font.cache_clear()
    rows = await notes(db)
    assert [r.chat_id for r in rows] == [ADMIN, GRANTED]
    assert "讲评已发布，但没有发送排名图" in rows[0].text and "ranking chart was not sent" in rows[1].text
    assert all(r.dedupe_key == f"review:{OCT.name}:nofont:{r.chat_id}" for r in rows)
    assert admin_notes.NOTICE in rows[0].payload
    async with db.sessions() as s:
        photos = [r for r in await outbox_q.list_outbox(s) if r.kind == "photo"]
    assert photos == []  # boxes instead of Chinese would be worse than no chart
