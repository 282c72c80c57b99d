"""A chat report's statements on the database driver agree with SQLAlchemy's, commit or roll back with
their block, and fail the way SQLAlchemy's would (storage/report_path.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from bot.runtime.retry import is_passing
from storage.db import make_engine
from storage.queries.ledger import project_row
from storage.queries.reports import INSERT_COLUMNS
from storage.report_path import ReportLink, report_link
from storage.tables import Project, Report
from tests.conftest import Db, shanghai
from tests.factories import add_project, report

AT = shanghai(2026, 10, 31, 12, 0, 0)


def values(project_id: int, value: float, at: datetime, key: str) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(INSERT_COLUMNS)
    row.update(
        project_id=project_id,
        kind="report",
        value=value,
        note="",
        reported_at=at,
        received_at=at + timedelta(microseconds=250),
        user_id=7,
        reporter="联络员",
        source="chat",
        source_key=key,
    )
    return row


@pytest.fixture
async def county(db: Db) -> Db:
    async with db.sessions.begin() as s:
        await add_project(s, "MS-01", unit="交通运输局", name="农村公路提质改造")
        await report(s, "MS-01", 10, shanghai(2026, 9, 1, 9, 0))
        await report(s, "MS-01", 20, shanghai(2026, 9, 30, 23, 59, 59))  # second precision
        await report(s, "MS-01", 25, shanghai(2026, 10, 2, 8, 0, 0) + timedelta(microseconds=7))
    return db


async def test_the_driver_reads_what_the_session_reads(county: Db) -> None:
    async with county.sessions.begin() as s:
        orm = (await s.execute(select(Project))).scalars().one()
        through_session = ReportLink(s)
        expected = await through_session.coded_project("ms-01", until=AT)
        history = await through_session.history(orm.id, until=AT)
    async with report_link(county.engine) as link:
        assert type(link) is not ReportLink  # the driver's, on both databases
        got = await link.coded_project(" ms-01 ", until=AT)
        assert await link.coded_project("MS-99", until=AT) is None
        early = await link.coded_project("MS-01", until=shanghai(2026, 9, 30, 23, 59, 59))
        before_any = await link.coded_project("MS-01", until=shanghai(2026, 1, 1))
        assert await link.history(orm.id, until=AT) == history
    assert got == expected and got is not None
    assert got[0] == project_row(orm)
    assert got[1] == history
    assert [row.value for row in got[1]] == [10.0, 20.0, 25.0]
    assert all(row.reported_at.tzinfo is not None for row in got[1])
    assert early is not None and [row.value for row in early[1]] == [10.0, 20.0]  # `until` is inclusive
    assert before_any == (project_row(orm), [])  # a project without reports yet


async def test_an_insert_is_stored_once_with_its_exact_times(county: Db) -> None:
    async with county.sessions.begin() as s:
        project_id = (await s.execute(select(Project.id))).scalar_one()
    at = shanghai(2026, 10, 31, 9, 30, 15) + timedelta(microseconds=123456)
    async with report_link(county.engine) as link:
        first = await link.insert_once(values(project_id, 30.5, at, "tg:1:1"))
        again = await link.insert_once(values(project_id, 31, at, "tg:1:1"))
        history = await link.history(project_id, until=at)
    assert first is not None and again is None
    assert history[-1] == (at, 30.5, first)
    async with county.sessions.begin() as s:
        stored = (await s.execute(select(Report).where(Report.id == first))).scalars().one()
    assert (stored.reported_at, stored.received_at) == (at, at + timedelta(microseconds=250))
    assert (stored.value, stored.source_key, stored.reporter, stored.evidence) == (
        30.5,
        "tg:1:1",
        "联络员",
        None,
    )


async def test_what_an_error_in_the_block_leaves(county: Db) -> None:
    """SQLite: the block is one transaction. PostgreSQL: each statement commits by itself (a report's only
    write is one INSERT), so what an INSERT stored stays; a session opened in the block shares its fate."""
    async with county.sessions.begin() as s:
        project_id = (await s.execute(select(Project.id))).scalar_one()
    autocommit = county.url.startswith("postgresql")
    with pytest.raises(RuntimeError):
        async with report_link(county.engine) as link:
            assert await link.insert_once(values(project_id, 40, AT, "tg:1:2")) is not None
            raise RuntimeError("the handler failed after the insert")
    with pytest.raises(RuntimeError):
        async with report_link(county.engine) as link:
            session = await link.session()  # a rare path's read first, on the same connection
            await session.execute(select(Report.id).limit(1))
            assert await link.insert_once(values(project_id, 41, AT, "tg:1:3")) is not None
            assert (await session.execute(select(Report.id).where(Report.source_key == "tg:1:3"))).first()
            raise RuntimeError("the handler failed after the insert, in the session's transaction")
    async with report_link(county.engine) as link:
        session = await link.session()
        await session.execute(select(Report.id).limit(1))
        assert await link.insert_once(values(project_id, 42, AT, "tg:1:4")) is not None
    async with county.sessions.begin() as s:
        keys = (await s.execute(select(Report.source_key).where(Report.source_key.like("tg:%")))).scalars()  # type: ignore[union-attr]
        assert sorted(keys) == (["tg:1:2", "tg:1:4"] if autocommit else ["tg:1:4"])


async def test_naive_times_are_refused(county: Db) -> None:
    async with report_link(county.engine) as link:
        with pytest.raises(ValueError, match="timezone-aware"):
            await link.history(1, until=datetime(2026, 10, 31, 12, 0))
        with pytest.raises(ValueError, match="timezone-aware"):
            await link.insert_once(values(1, 1, datetime(2026, 10, 31, 12, 0), "tg:1:9"))


async def test_a_sqlite_error_is_sqlalchemys(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)  # no tables: every statement fails
    try:
        with pytest.raises(Exception) as failed:
            async with report_link(engine) as link:
                await link.history(1, until=datetime.now(UTC))
        assert type(failed.value).__module__ == "sqlalchemy.exc" and "no such table" in str(failed.value)
        assert is_passing(failed.value)  # an OperationalError, as "database is locked" is: tried again
    finally:
        await engine.dispose()


async def test_a_postgresql_connection_cut_is_passing_and_never_lent_again(county: Db) -> None:
    if not county.url.startswith("postgresql"):
        pytest.skip("a PostgreSQL server to cut the connection")
    engine = make_engine(county.url, pool_size=1, max_overflow=0)  # one connection, lent to every link
    try:
        async with report_link(engine) as link:
            pid = (await (await link.session()).execute(text("SELECT pg_backend_pid()"))).scalar()
        async with county.engine.connect() as admin:  # the server ends that connection (a restart would)
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with pytest.raises(Exception) as cut:
            async with report_link(engine) as link:
                await link.history(1, until=AT)
        assert is_passing(cut.value)  # the inbox tries the update again
        async with report_link(engine) as link:  # on a new connection
            assert [row.value for row in await link.history(1, until=AT)] == [10.0, 20.0, 25.0]
    finally:
        await engine.dispose()
