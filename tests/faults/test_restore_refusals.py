"""`flagbot restore` never destroys: a backup that is cut short, of another kind, of an unknown schema version,
or a PostgreSQL without pg_restore is refused before anything is touched, and the rows stay exactly as they
were; a good restore first saves the current database, and that safety copy restores it again."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.backup import backup
from storage.db import is_sqlite, make_engine
from tests.faults.harness import prepare_county
from tests.faults.test_restore import add_reports, flagbot, snapshot


@pytest.fixture
async def county(any_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    """A county with reports, and a good backup of it taken before one more report came in."""
    monkeypatch.chdir(tmp_path)  # no stray .env; safety copies land here
    monkeypatch.setenv("DATABASE_URL", any_url)
    monkeypatch.setenv("LANGUAGE", "en")
    await prepare_county(any_url, 3)
    good = tmp_path / ("good.sqlite3" if is_sqlite(any_url) else "good.pgdump")
    backup(any_url, good)
    await add_reports(any_url)  # what the database holds now and the backup does not
    return any_url, good


async def refused(url: str, archive: Path, capsys: pytest.CaptureFixture[str], *says: str) -> None:
    """The restore exits 1 saying why, takes no safety copy, and every row is as it was."""
    before = await snapshot(url)
    assert before["report"]  # the rows a careless restore would lose
    assert await flagbot("restore", str(archive), "--yes") == 1
    err = capsys.readouterr().err
    for said in (*says, "The database is unchanged."):
        assert said in err, err
    assert await snapshot(url) == before
    assert not list(Path.cwd().glob("flagbot-before-restore-*"))


async def test_a_truncated_backup_is_refused(
    county: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, good = county
    cut = tmp_path / f"cut{good.suffix}"
    data = good.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])
    await refused(url, cut, capsys, "cannot be read whole")


async def test_a_file_of_another_kind_is_refused(
    county: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _good = county
    ledger = tmp_path / "台账.csv"
    ledger.write_text("项目编号,项目名称\nMS-01,道路\n", encoding="utf-8")
    other = tmp_path / "other.backup"
    if is_sqlite(url):  # a pg_dump archive offered to SQLite
        other.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(200))
        await refused(url, ledger, capsys, "is not a SQLite backup")
        await refused(url, other, capsys, "is not a SQLite backup")
    else:  # a SQLite backup offered to PostgreSQL
        with closing(sqlite3.connect(other)) as connection:
            connection.execute("CREATE TABLE alembic_version (version_num TEXT)")
        await refused(url, ledger, capsys, "is not a pg_dump archive")
        await refused(url, other, capsys, "is not a pg_dump archive")


async def test_a_backup_of_an_unknown_schema_version_is_refused(
    county: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, good = county
    newer = tmp_path / f"newer{good.suffix}"
    if is_sqlite(url):
        shutil.copyfile(good, newer)
        with closing(sqlite3.connect(newer)) as connection, connection:
            connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    else:  # a live database claiming a newer schema, dumped, then set back
        engine = make_engine(url)
        try:
            async with engine.begin() as conn:
                old = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
                await conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
            backup(url, newer)
            async with engine.begin() as conn:
                await conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": old})
        finally:
            await engine.dispose()
    await refused(url, newer, capsys, "9999_from_the_future", "upgrade flagbot first")


async def test_a_postgresql_restore_without_pg_restore_is_refused(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("LANGUAGE", "en")
    await prepare_county(pg_url, 3)
    good = tmp_path / "good.pgdump"
    backup(pg_url, good)
    await add_reports(pg_url)
    only_pg_dump = tmp_path / "bin"
    only_pg_dump.mkdir()
    pg_dump = shutil.which("pg_dump")
    assert pg_dump is not None
    (only_pg_dump / "pg_dump").symlink_to(pg_dump)
    monkeypatch.setenv("PATH", str(only_pg_dump))
    await refused(pg_url, good, capsys, "pg_restore is not installed", "postgresql-client")
    monkeypatch.setenv("PATH", os.defpath)


async def test_a_good_restore_keeps_a_safety_copy_that_restores_the_rows_it_replaced(
    county: tuple[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, good = county
    now = await snapshot(url)
    assert await flagbot("restore", str(good), "--yes") == 0
    out = capsys.readouterr().out
    copies = list(tmp_path.glob("flagbot-before-restore-*"))
    assert len(copies) == 1
    assert f"saved as: {copies[0].name}" in out
    restored = await snapshot(url)
    assert restored["report"] == []  # the backup was taken before the reports
    assert restored["unit"] == now["unit"] and restored["project"] == now["project"]

    assert await flagbot("restore", str(copies[0]), "--yes") == 0  # the safety copy gives them back
    assert await snapshot(url) == now


TRAP = (
    """CREATE FUNCTION restore_trap.refuse() RETURNS event_trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the disk filled up half-way (a test trap)';
END $$""",
    """CREATE EVENT TRIGGER restore_trap ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
    EXECUTE FUNCTION restore_trap.refuse()""",
)


async def test_a_postgresql_restore_failing_half_way_rolls_everything_back(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The load breaks after the tables and their rows are in (indexes come last): nothing of it stays."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("LANGUAGE", "en")
    await prepare_county(pg_url, 3)
    good = tmp_path / "good.pgdump"
    backup(pg_url, good)
    await add_reports(pg_url)
    before = await snapshot(pg_url)
    engine = make_engine(pg_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE SCHEMA restore_trap"))
            for statement in TRAP:
                await conn.execute(text(statement))
        try:
            assert await flagbot("restore", str(good), "--yes") == 1
        finally:
            async with engine.begin() as conn:
                await conn.execute(text("DROP EVENT TRIGGER restore_trap"))
                await conn.execute(text("DROP SCHEMA restore_trap CASCADE"))
        async with engine.connect() as conn:
            schemas = (await conn.execute(text("SELECT nspname FROM pg_namespace"))).scalars().all()
    finally:
        await engine.dispose()
    captured = capsys.readouterr()
    assert "disk filled up half-way" in captured.err and "as it was" in captured.err
    assert "saved as: flagbot-before-restore-" in captured.out
    assert await snapshot(pg_url) == before
    assert "flagbot_before_restore" not in schemas
