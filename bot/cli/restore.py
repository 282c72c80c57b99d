"""`flagbot restore FILE --yes`: check the backup, keep a safety copy, then replace the database or leave it."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from bot.render.language import shared_language
from bot.render.marks import plain
from bot.render.texts import message
from bot.settings import Settings
from storage.backup import BackupError, backup
from storage.db import is_sqlite, normalize_url, sqlite_path
from storage.restore import RestoreRefused, check_backup, check_tools, replace

# why storage.restore refused → what the shell says
REFUSALS = {
    "tool_missing": "restore_tool_missing",
    "needs_sqlite_file": "restore_needs_sqlite_file",
    "needs_pg_archive": "restore_needs_pg_archive",
    "unreadable": "restore_unreadable",
    "not_flagbot": "restore_not_flagbot",
    "unknown_version": "restore_unknown_version",
    "in_memory": "restore_in_memory",
    "no_safety_copy": "restore_no_safety_copy",
}


async def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    """Nothing is touched until the backup is read whole and fits; a safety copy comes first (its path is
    printed); the replacement then happens in one transaction, so a failure leaves the database as it was."""
    from bot.runtime.leader import LeaderRunning, no_bot_running

    lang = shared_language(fixed=settings.language or None)

    def say(key: str, **params: object) -> str:
        return plain(message(key, lang, **params))

    source = Path(args.file)
    if not source.is_file():
        print(say("shell_no_such_backup", path=source), file=sys.stderr)
        return 1
    if not args.yes:
        print(say("shell_restore_needs_yes"), file=sys.stderr)
        return 1
    url = normalize_url(settings.database_url)
    try:
        check_tools(url)  # before even the leader's lock: a missing pg_restore touches nothing
        async with no_bot_running(url):
            with tempfile.TemporaryDirectory(prefix="flagbot-restore-") as work:
                checked = await asyncio.to_thread(check_backup, url, source, Path(work))
                safety = await _safety_copy(url, settings)
                if safety is not None:
                    print(say("restore_safety_copy", path=safety))
                try:
                    await replace(url, checked)
                except RestoreRefused:
                    raise
                except Exception as error:  # noqa: BLE001 - rolled back: say why, and that nothing changed
                    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
                    print(say("restore_failed", reason=(reason or ["?"])[0][:300]), file=sys.stderr)
                    return 1
    except LeaderRunning:
        print(say("shell_bot_running"), file=sys.stderr)
        return 1
    except RestoreRefused as refused:
        print(say(REFUSALS[refused.why], **refused.params), file=sys.stderr)
        print(say("restore_untouched"), file=sys.stderr)
        return 1
    print(say("shell_restored", path=source))
    return 0


async def _safety_copy(url: str, settings: Settings) -> Path | None:
    """The current database, written beside where `flagbot backup` writes (None: no SQLite file yet)."""
    if is_sqlite(url):
        current = sqlite_path(url)
        if current is None or not current.exists():
            return None
    stamp = datetime.now(settings.tz).strftime("%Y%m%d-%H%M%S")
    path = Path(f"flagbot-before-restore-{stamp}.{'sqlite3' if is_sqlite(url) else 'pgdump'}")
    try:
        return await asyncio.to_thread(backup, url, path)
    except BackupError as error:
        raise RestoreRefused("no_safety_copy", reason=str(error)) from error
