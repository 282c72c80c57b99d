"""`flagbot restore`: check the backup whole before touching anything, then replace the database in one
transaction (the backup's rows and today's migrations) or not at all.

SQLite: the backup is copied aside, checked (header, size, integrity, schema version) and migrated there; the
live file then takes it in one step of SQLite's backup API. PostgreSQL: pg_restore turns the archive into SQL
(reading it whole, so a truncated archive is refused), and one transaction renames the current schema aside,
loads the backup into a new `public`, migrates it, and drops the old one; any failure rolls all of it back.
"""

from __future__ import annotations

import io
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from storage.db import is_sqlite, make_engine, normalize_url, sqlite_path
from storage.migrate import alembic_config, upgrade

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
ASIDE = "flagbot_before_restore"  # the current schema's name while the backup loads (one transaction)
COPY_LINE = re.compile(rb"^COPY (?P<table>\S+) \((?P<columns>.*)\) FROM stdin;$")
IDENT = re.compile(r'"((?:[^"]|"")*)"|([^\s,."]+)')


class RestoreRefused(Exception):
    """The restore did not happen and the database is as it was; `why` is one of bot/cli/restore.py's
    REFUSALS, params fill in its sentence."""

    def __init__(self, why: str, /, **params: Any) -> None:
        super().__init__(why, params)
        self.why = why
        self.params = params


@dataclass(frozen=True)
class Checked:
    """A backup that was read whole and fits this database: its schema version and what to load."""

    revision: str
    staged: Path = field(default=Path())  # SQLite: a migrated copy; PostgreSQL: the archive as SQL


def known_revisions() -> set[str]:
    """The schema versions our migrations know (a backup of a newer flagbot has one we do not)."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_tools(url: str | None) -> None:
    """PostgreSQL needs pg_restore (to read the backup) and pg_dump (for the safety copy) before anything."""
    if is_sqlite(normalize_url(url)):
        return
    for tool in ("pg_restore", "pg_dump"):
        if shutil.which(tool) is None:
            raise RestoreRefused("tool_missing", tool=tool)


def check_backup(url: str | None, source: Path, workdir: Path) -> Checked:
    """Read the backup whole in workdir; RestoreRefused says why it cannot go into this database."""
    url = normalize_url(url)
    check_tools(url)
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if is_sqlite(url):
        if head != SQLITE_MAGIC:
            raise RestoreRefused("needs_sqlite_file", path=source)
        staged = workdir / "restoring.sqlite3"
        shutil.copyfile(source, staged)
        revision = _sqlite_revision(staged)
    else:
        if not head.startswith(PGDUMP_MAGIC):
            raise RestoreRefused("needs_pg_archive", path=source)
        staged = workdir / "restoring.sql"
        completed = subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", f"--file={staged}", str(source)],
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise RestoreRefused("unreadable", reason=_last_line(completed.stderr))
        revision = _script_revision(staged)
    if revision not in known_revisions():
        raise RestoreRefused("unknown_version", revision=revision)
    return Checked(revision=revision, staged=staged)


def _sqlite_revision(path: Path) -> str:
    header = path.read_bytes()[:100]
    if len(header) < 100:
        raise RestoreRefused("unreadable", reason="truncated")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")  # valid when "version-valid-for" is the change counter
    if header[92:96] == header[24:28] and path.stat().st_size < page_size * pages:
        raise RestoreRefused("unreadable", reason="truncated")
    try:
        with closing(sqlite3.connect(path)) as connection:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise RestoreRefused("unreadable", reason="; ".join(problems)[:200])
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.OperationalError as error:
        if "alembic_version" in str(error):
            raise RestoreRefused("not_flagbot") from error
        raise RestoreRefused("unreadable", reason=str(error)) from error
    except sqlite3.DatabaseError as error:
        raise RestoreRefused("unreadable", reason=str(error)) from error
    if len(rows) != 1:
        raise RestoreRefused("not_flagbot")
    return str(rows[0][0])


def _script_revision(script: Path) -> str:
    """The one row of public.alembic_version in pg_restore's SQL."""
    with script.open("rb") as file:
        lines = iter(file)
        for line in lines:
            if line.startswith(b"COPY public.alembic_version "):
                rows = []
                for row in lines:
                    if row.rstrip(b"\n") == b"\\.":
                        break
                    rows.append(row.rstrip(b"\n").decode())
                if len(rows) == 1:
                    return rows[0]
                break
    raise RestoreRefused("not_flagbot")


def _last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else "?"


async def replace(url: str | None, checked: Checked) -> None:
    """The database becomes the checked backup, migrated to today's schema, in one step or not at all."""
    url = normalize_url(url)
    if is_sqlite(url):
        await _replace_sqlite(url, checked.staged)
    else:
        await _replace_postgres(url, checked.staged)


async def _replace_sqlite(url: str, staged: Path) -> None:
    target = sqlite_path(url)
    if target is None:
        raise RestoreRefused("in_memory")
    engine = make_engine(f"sqlite+aiosqlite:///{staged}")
    try:
        await upgrade(engine)  # a backup of an older version gets today's schema, still aside
    finally:
        await engine.dispose()
    with closing(sqlite3.connect(staged)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)  # all pages in one step: the live file changes in one write transaction


async def _replace_postgres(url: str, script: Path) -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE SCHEMA IF NOT EXISTS public"))
            await connection.execute(text(f"ALTER SCHEMA public RENAME TO {ASIDE}"))
            await connection.execute(text("CREATE SCHEMA public"))
            await _run_script(connection, script)
            await connection.execute(text("RESET search_path"))  # the script empties it for its session
            await connection.execute(text(f"DROP SCHEMA {ASIDE} CASCADE"))
            await connection.run_sync(_upgrade)
    finally:
        await engine.dispose()


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def _run_script(connection: AsyncConnection, script: Path) -> None:
    """pg_restore's SQL on this connection, inside its transaction: statements as they are, COPY blocks
    through the driver's COPY (psql's own backslash commands are skipped)."""
    raw = await connection.get_raw_connection()
    driver: Any = raw.driver_connection
    statements: list[bytes] = []
    with script.open("rb") as file:
        lines = iter(file)
        for line in lines:
            copy = COPY_LINE.match(line.rstrip(b"\n"))
            if copy is None:
                if not line.startswith(b"\\"):
                    statements.append(line)
                continue
            await _execute(driver, statements)
            statements = []
            rows = []
            for row in lines:
                if row.rstrip(b"\n") == b"\\.":
                    break
                rows.append(row)
            schema, table = _identifiers(copy["table"].decode())
            await driver.copy_to_table(
                table,
                schema_name=schema,
                columns=_identifiers(copy["columns"].decode()),
                source=io.BytesIO(b"".join(rows)),
                format="text",
            )
    await _execute(driver, statements)


async def _execute(driver: Any, statements: list[bytes]) -> None:
    sql = b"".join(statements).decode()
    sql = re.sub(r"(?m)^CREATE SCHEMA public;$", "CREATE SCHEMA IF NOT EXISTS public;", sql)
    if any(line.strip() and not line.startswith("--") for line in sql.split("\n")):
        # a closing statement of our own: asyncpg fails on a script ending in nothing but comments
        await driver.execute(sql + "\nSELECT 1;")


def _identifiers(listed: str) -> list[str]:
    """`public."user"` → ['public', 'user']; `id, "from"` → ['id', 'from']."""
    return [quoted.replace('""', '"') if quoted else bare for quoted, bare in IDENT.findall(listed)]
