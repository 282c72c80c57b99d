"""Consistent copies of the database: SQLite's online backup API, or pg_dump for PostgreSQL."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from storage.db import is_sqlite, normalize_url, sqlite_path


class BackupError(RuntimeError):
    """The copy could not be made; the message says why."""


def backup(url: str | None, destination: Path) -> Path:
    """Write a consistent copy of the database to destination (a .sqlite3 file or a pg_dump custom archive)."""
    url = normalize_url(url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(url):
        source = sqlite_path(url)
        if source is None or not source.exists():
            raise BackupError(f"no SQLite database at {source}")
        # The online backup API copies a consistent snapshot even while the bot is writing.
        with sqlite3.connect(source) as src, sqlite3.connect(destination) as dst:
            src.backup(dst)
        return destination
    if shutil.which("pg_dump") is None:
        raise BackupError("pg_dump is not installed (Debian package postgresql-client)")
    completed = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={destination}", libpq_url(url)],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    if completed.returncode != 0:
        raise BackupError(
            f"pg_dump failed: {completed.stderr.strip().splitlines()[-1] if completed.stderr else ''}"
        )
    return destination


def libpq_url(url: str) -> str:
    """postgresql+asyncpg://… → postgresql://… for the command-line tools."""
    parts = urlsplit(url)
    return parts._replace(scheme="postgresql").geturl()
