"""The three statements of every chat report, run straight on the database driver (sqlite3, asyncpg).

A chat report reads its project, reads the project's history and inserts the report once
(bot/services/reports.py). Through an AsyncSession each statement crossed SQLAlchemy's session, ORM,
async adapter (two greenlet switches) and result layers: in a loop of 2,000 reports that was 0.96 ms of
CPU per report on SQLite and 2.0 ms on PostgreSQL, against 0.36 / 0.66 ms here (docs/benchmarks.md).
What stays SQLAlchemy's: the SQL (compiled once per dialect from the statements in storage.queries), the
connection (checked out of the engine's pool, so SQLite's one connection is still taken in turn), and
everything off the common path — a project named instead of coded, a re-delivered message — which runs on
an AsyncSession bound to the same connection (`ReportLink.session()`).

Values cross as the tables store them: on SQLite, UTC datetimes as SQLAlchemy's text
('2026-10-31 04:00:00.000000') and dates as ISO text; asyncpg takes and gives aware datetimes and dates.
Driver errors are raised as SQLAlchemy's (sqlite3's "database is locked" an OperationalError), and an
asyncpg connection that broke is invalidated, as SQLAlchemy does, so the pool never lends it again (the
error then says connection_invalidated: the inbox tries the update again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

import asyncpg
from sqlalchemy import ClauseElement
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler

from storage.db import InlineSQLiteConnection
from storage.queries import reports as reports_q
from storage.queries.ledger import ProjectRow
from storage.queries.reports import HistoryRow


class ReportLink:
    """The statements a report runs, and a session for the rest. This one runs them on an AsyncSession
    (tests, the CLI, the confirmation flows); report_link() gives the driver's for chat reports."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def coded_project(
        self, code: str, *, until: datetime
    ) -> tuple[ProjectRow, list[HistoryRow]] | None:
        """A project by code (any case), with its valid values reported at or before `until` in time order."""
        return await reports_q.coded_project(self._session, code, until=until)

    async def history(self, project_id: int, *, until: datetime) -> list[HistoryRow]:
        """The project's valid values reported at or before `until`, in time order."""
        return await reports_q.history_values(self._session, project_id, until=until)

    async def insert_once(self, values: dict[str, Any]) -> int | None:
        """The new report's id, or None when its source_key is stored already."""
        return await reports_q.insert_report_once(self._session, values)

    async def session(self) -> AsyncSession:
        """A session in the same transaction, for anything else."""
        return self._session


def _compiled(statement: ClauseElement, dialect: Any, **kw: Any) -> tuple[str, Callable[[Any], Any]]:
    """The statement's SQL for one dialect, and a getter putting a dict's values in its parameter order."""
    compiled = statement.compile(dialect=dialect, **kw)
    assert isinstance(compiled, SQLCompiler)
    names = compiled.positiontup or []
    pick = itemgetter(*names) if len(names) > 1 else lambda values: (values[names[0]],)
    return compiled.string, pick


def _statements(dialect: Any) -> dict[str, tuple[str, Callable[[Any], Any]]]:
    insert = reports_q.INSERT_ONCE[dialect.name]
    return {
        "project": _compiled(reports_q.CODED_PROJECT, dialect),
        "history": _compiled(reports_q.HISTORY, dialect),
        "insert": _compiled(insert, dialect, column_keys=list(reports_q.INSERT_COLUMNS)),
    }


_SQLITE = _statements(sqlite.dialect())
_POSTGRESQL = _statements(postgresql_asyncpg.dialect())
_TIMES = ("reported_at", "received_at")
_WIDTH = reports_q.PROJECT_WIDTH
_GONE = (asyncpg.PostgresConnectionError, asyncpg.exceptions.OperatorInterventionError)  # 08…, 57…


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:  # as storage.types.UTCDateTime: a naive time has no place in the tables
        raise ValueError(f"a timezone-aware datetime is required, got {value!r}")
    return value


def sqlite_time(value: datetime) -> str:
    """An aware datetime as the SQLite tables hold it: UTC, SQLAlchemy's DATETIME text."""
    return _aware(value).astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _sqlite_history(at: str, value: float, report_id: int) -> HistoryRow:
    return HistoryRow(datetime.fromisoformat(at).replace(tzinfo=UTC), float(value), report_id)


class _DriverLink(ReportLink):
    """Statements on the driver connection under `connection`; a session on that connection if needed."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._bound: AsyncSession | None = None

    async def session(self) -> AsyncSession:
        if self._bound is None:
            self._bound = AsyncSession(bind=self._connection, expire_on_commit=False)
        return self._bound

    async def _commit(self) -> None:
        """Commit what the driver statements wrote (a session's commit does it when there is one)."""

    async def finish(self) -> None:
        if self._bound is not None:
            await self._bound.commit()  # the driver's writes are in the same transaction
            await self._bound.close()
        else:
            await self._commit()

    async def abort(self) -> None:
        """Nothing is committed; the pool rolls the connection back when it is returned."""
        if self._bound is not None:
            await self._bound.close()


class SQLiteLink(_DriverLink):
    def __init__(self, connection: AsyncConnection, db: sqlite3.Connection) -> None:
        super().__init__(connection)
        self._db = db

    def _run(self, name: str, values: Any) -> sqlite3.Cursor:
        sql, pick = _SQLITE[name]
        params = pick(values)
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as error:  # as SQLAlchemy raises it: "database is locked" is an OperationalError
            raise DBAPIError.instance(sql, params, error, sqlite3.Error) from error

    async def coded_project(
        self, code: str, *, until: datetime
    ) -> tuple[ProjectRow, list[HistoryRow]] | None:
        rows = self._run("project", {"code": code.strip().upper(), "until": sqlite_time(until)}).fetchall()
        if not rows:
            return None
        pid, code, name, unit_id, target, measure, start, due, plan = rows[0][:_WIDTH]
        start, due = date.fromisoformat(start), date.fromisoformat(due)
        project = ProjectRow(pid, code, name, unit_id, target, measure, start, due, plan)
        return project, [_sqlite_history(*row[_WIDTH:]) for row in rows if row[-1] is not None]

    async def history(self, project_id: int, *, until: datetime) -> list[HistoryRow]:
        rows = self._run("history", {"project_id": project_id, "until": sqlite_time(until)}).fetchall()
        return [_sqlite_history(at, v, i) for at, v, i in rows]

    async def insert_once(self, values: dict[str, Any]) -> int | None:
        stored = {**values, **{key: sqlite_time(values[key]) for key in _TIMES}}
        row = self._run("insert", stored).fetchone()
        return None if row is None else int(row[0])

    async def _commit(self) -> None:
        if self._db.in_transaction:
            try:
                self._db.commit()
            except sqlite3.Error as error:
                raise DBAPIError.instance("COMMIT", (), error, sqlite3.Error) from error


class PostgresLink(_DriverLink):
    """asyncpg without a transaction: each statement commits by itself (a report's only write is one)."""

    def __init__(self, connection: AsyncConnection, db: asyncpg.Connection) -> None:
        super().__init__(connection)
        self._db = db

    async def _fetch(self, name: str, values: dict[str, Any]) -> list[asyncpg.Record]:
        sql, pick = _POSTGRESQL[name]
        params = pick(values)
        try:
            return await self._db.fetch(sql, *params)
        except Exception as error:
            # A statement the server refused (a lock timeout, a constraint) leaves the connection usable.
            # Anything else — the server went away, a cut mid-statement (asyncpg may then say "another
            # operation is in progress") — and this connection is never lent again, as SQLAlchemy does.
            usable = isinstance(error, asyncpg.PostgresError) and not isinstance(error, _GONE)
            broken = not usable or self._db.is_closed()
            if broken:
                await self._connection.invalidate(error)
            raise DBAPIError.instance(sql, params, error, Exception, connection_invalidated=broken) from error

    async def coded_project(
        self, code: str, *, until: datetime
    ) -> tuple[ProjectRow, list[HistoryRow]] | None:
        rows = await self._fetch("project", {"code": code.strip().upper(), "until": _aware(until)})
        if not rows:
            return None
        history = [HistoryRow(row[-3], float(row[-2]), row[-1]) for row in rows if row[-1] is not None]
        return ProjectRow(*rows[0][:_WIDTH]), history

    async def history(self, project_id: int, *, until: datetime) -> list[HistoryRow]:
        rows = await self._fetch("history", {"project_id": project_id, "until": _aware(until)})
        return [HistoryRow(at, float(v), i) for at, v, i in rows]

    async def insert_once(self, values: dict[str, Any]) -> int | None:
        for key in _TIMES:
            _aware(values[key])
        rows = await self._fetch("insert", values)
        return int(rows[0][0]) if rows else None


@asynccontextmanager
async def report_link(engine: AsyncEngine) -> AsyncIterator[ReportLink]:
    """A connection from the engine's pool with a report's statements on its driver; what they wrote is
    committed when the block ends without an error (before the caller answers), rolled back otherwise."""
    async with engine.connect() as connection:
        driver = (await connection.get_raw_connection()).driver_connection
        link: _DriverLink | None = None
        if isinstance(driver, InlineSQLiteConnection):
            link = SQLiteLink(connection, driver.sqlite)
        elif isinstance(driver, asyncpg.Connection):
            link = PostgresLink(connection, driver)
        if link is None:  # another driver: the same statements through a session
            async with AsyncSession(bind=connection, expire_on_commit=False) as session, session.begin():
                yield ReportLink(session)
            return
        try:
            yield link
        except BaseException:
            await link.abort()
            raise
        await link.finish()
