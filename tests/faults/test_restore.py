"""`flagbot backup` → the database wiped → `flagbot restore FILE --yes` gives back the same data."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlmodel import SQLModel

from bot.cli.commands import main
from bot.runtime.leader import LOCK_KEY
from storage.db import make_engine, make_sessionmaker
from storage.tables import Report
from tests.faults.harness import prepare_county, reset_database


async def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: what "the same data" means."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            tables = {}
            for table in SQLModel.metadata.sorted_tables:
                rows = (await session.execute(select(table))).all()
                tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
    finally:
        await engine.dispose()
    return tables


async def add_reports(url: str) -> None:
    from datetime import UTC, datetime

    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        async with make_sessionmaker(engine).begin() as session:
            for u in range(1, 4):
                session.add(
                    Report(
                        project_id=u,
                        value=10.0 * u,
                        note="进度正常 <ok> & 续",
                        reported_at=now,
                        received_at=now,
                        user_id=700000 + u,
                        reporter=f"联络员{u}",
                        source_key=f"tg:{700000 + u}:1",
                    )
                )
    finally:
        await engine.dispose()


async def flagbot(*args: str) -> int:
    return await asyncio.to_thread(main, list(args))


async def test_backup_wipe_restore_gives_back_the_same_data(
    any_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DATABASE_URL", any_url)
    monkeypatch.setenv("LANGUAGE", "en")
    await prepare_county(any_url, 5, leaders=[800001], leaders_chat=-100500)
    await add_reports(any_url)
    before = await snapshot(any_url)
    assert before["report"] and before["person"]

    backup = tmp_path / "flagbot.backup"
    assert await flagbot("backup", "-o", str(backup)) == 0
    await reset_database(any_url)  # everything gone
    assert not (await snapshot(any_url))["report"]

    assert await flagbot("restore", str(backup)) == 1  # replacing everything needs --yes
    assert "--yes" in capsys.readouterr().err
    assert await flagbot("restore", str(backup), "--yes") == 0
    assert await snapshot(any_url) == before
    assert await flagbot("restore", str(tmp_path / "missing.backup"), "--yes") == 1


async def test_restore_refuses_while_a_bot_is_running(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("LANGUAGE", "en")
    await prepare_county(pg_url, 1)
    backup = tmp_path / "flagbot.backup"
    assert await flagbot("backup", "-o", str(backup)) == 0
    engine = make_engine(pg_url)
    try:
        async with engine.connect() as bot_lock:  # what a running bot's leader holds
            await bot_lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            assert await flagbot("restore", str(backup), "--yes") == 1
            await bot_lock.rollback()
    finally:
        await engine.dispose()
    assert "stop it first" in capsys.readouterr().err
