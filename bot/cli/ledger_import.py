"""`flagbot import FILE` (SPEC §5.1): applies unattended and prints what changed, field by field."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ledger.limits import UploadTooBig, check_upload
from bot.ledger.parse import LedgerFileError, parse_ledger
from bot.outbound.rectify import close_reached
from bot.render.ledger import import_summary_text, preview_text, reading_lines, reason_text
from bot.render.marks import plain
from bot.services.ledger import import_ledger
from bot.services.ledger_diff import preview_import

if TYPE_CHECKING:
    from bot.cli.commands import Shell


async def run_import(args: argparse.Namespace, shell: Shell) -> int:
    """Applies unattended and prints what changed; --dry-run only shows it. A decrease of 累计完成 needs
    --allow-decrease and --note (as a chat report needs a confirmation and a note)."""
    path = Path(args.file)
    if not path.is_file():
        print(shell.say("shell_no_such_file", path=path), file=sys.stderr)
        return 1
    data = path.read_bytes()
    try:  # what it would cost to read, before reading it (bot/ledger/limits.py)
        check_upload(data, path.name)
    except UploadTooBig as too_big:
        print(shell.say(too_big.key, **too_big.params), file=sys.stderr)
        return 1
    try:
        parsed = parse_ledger(data, path.name, today=shell.now().date())
    except LedgerFileError as error:
        print(reason_text(error, shell.lang), file=sys.stderr)
        return 1
    note = (args.note or "").strip()
    if not parsed.errors:
        async with shell.sessions.begin() as session:
            preview = await preview_import(session, parsed, now=shell.now(), tz=shell.settings.tz)
        refused = bool(preview.decreases) and not (args.allow_decrease and note)
        if args.dry_run or refused:
            print(plain(preview_text(preview, head="ledger_dry_run_head", note=note, lang=shell.lang)))
            for line in reading_lines(parsed, lang=shell.lang):  # what the file held that is not imported
                print(plain(line))
        if refused:
            print(shell.say("ledger_decrease_refused", count=len(preview.decreases)), file=sys.stderr)
            print(shell.say("shell_import_decrease"), file=sys.stderr)
            return 1
        if args.dry_run:
            return 0
    async with shell.sessions.begin() as session:
        summary = await import_ledger(
            session,
            parsed,
            actor=shell.actor,
            user_id=None,
            now=shell.now(),
            tz=shell.settings.tz,
            default_group=shell.settings.default_group,
            note=note,
            allow_decrease=args.allow_decrease,
        )
        # 累计完成 that brings a project to 序时 closes its rectification items, as a report would
        await close_reached(session, summary.reported, settings=shell.settings, now=shell.now())
    if summary.rejected:
        print(plain(import_summary_text(summary, lang=shell.lang)), file=sys.stderr)
        return 1
    print(plain(preview_text(summary.preview, head="ledger_applied_head", note=note, lang=shell.lang)))
    print(plain(import_summary_text(summary, lang=shell.lang, details=False)))
    return 0
