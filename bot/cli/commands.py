"""`flagbot …`: the shell commands. Thin: parse, open the database, call a service, print."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.cli.aliases import add_parser as add_alias_parser
from bot.cli.scores import add_scores_parser
from bot.domain.periods import Period, last_closed_period, parse_period
from bot.logs import redact, secrets_of
from bot.render.language import shared_language
from bot.render.marks import plain
from bot.render.review import review_json, review_text
from bot.render.texts import message, use_flag_names
from bot.services.errors import UserError
from bot.settings import Settings, SettingsError, load_settings
from storage.backup import BackupError, backup
from storage.db import make_engine, make_sessionmaker, normalize_url
from storage.migrate import upgrade

log = logging.getLogger("flagbot")


@dataclass
class Shell:
    """What a shell command gets: settings, the database, the language and the clock."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @property
    def lang(self) -> str:
        return shared_language(fixed=self.settings.language or None)

    def say(self, key: str, **params: object) -> str:
        """A catalogue sentence in the shell's language, as plain text."""
        return plain(message(key, self.lang, **params))

    def now(self) -> datetime:
        return datetime.now(self.settings.tz)

    @property
    def actor(self) -> str:
        return f"cli:{_login()}"

    def period(self, text: str | None) -> Period:
        months = self.settings.period_months
        if not text:
            return last_closed_period(self.now().date(), months=months)
        try:
            return parse_period(text, months=months)
        except ValueError:
            raise UserError("period_invalid", text=text) from None


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - containers may have no passwd entry
        return "shell"


Command = Callable[[argparse.Namespace, Shell], Awaitable[int]]


async def cmd_db_upgrade(args: argparse.Namespace, shell: Shell) -> int:
    print(shell.say("shell_db_up_to_date"))
    return 0


async def cmd_import(args: argparse.Namespace, shell: Shell) -> int:
    from bot.cli.ledger_import import run_import

    return await run_import(args, shell)


async def cmd_report(args: argparse.Namespace, shell: Shell) -> int:
    from bot.domain.views_report import NeedsConfirmation
    from bot.outbound.rectify import close_reached
    from bot.render.report import confirm_detail, shell_stored_text
    from bot.services.projects import state_at
    from bot.services.reports import ReportRequest, submit_report

    tz = shell.settings.tz
    at = shell.now()
    if args.at:
        try:
            at = datetime.fromisoformat(args.at)
        except ValueError:
            raise UserError("time_invalid", text=args.at) from None
        at = at if at.tzinfo else at.replace(tzinfo=tz)
    request = ReportRequest(
        project_ref=args.project,
        value_text=args.value,
        note=args.note or "",
        reported_at=at,
        source="cli",
        reporter=shell.actor,
        confirmed=args.yes,
    )
    as_of = min(at, shell.now())  # a backdated report is shown as things stood then, not today
    async with shell.sessions.begin() as session:
        outcome = await submit_report(session, request, now=shell.now(), policy=shell.settings.policy, tz=tz)
        if not isinstance(outcome, NeedsConfirmation):
            if not outcome.duplicate and outcome.live.project.project_id:  # at 序时: its items close (销号)
                await close_reached(
                    session,
                    {outcome.live.project.project_id: outcome.report.reported_at},
                    settings=shell.settings,
                    now=shell.now(),
                )
            live = await state_at(
                session, outcome.live.project.code, at=as_of, policy=shell.settings.policy, tz=tz
            )
    if isinstance(outcome, NeedsConfirmation):
        print(
            plain(
                message(
                    "confirm_needed_cli",
                    shell.lang,
                    detail=confirm_detail(
                        outcome.project,
                        value=outcome.value,
                        previous=outcome.previous,
                        reason=outcome.reason,
                        lang=shell.lang,
                    ),
                )
            ),
            file=sys.stderr,
        )
        return 1
    value = outcome.report.value or 0
    print(
        plain(
            shell_stored_text(
                live,
                value=value,
                previous=outcome.previous,
                first=outcome.first,
                as_of=as_of,
                tz=tz,
                lang=shell.lang,
            )
        )
    )
    return 0


async def cmd_review(args: argparse.Namespace, shell: Shell) -> int:
    from bot.outbound.publication import publish_now
    from bot.services.reviews import compute_review

    period = shell.period(args.period)
    settings = shell.settings
    if args.publish:  # the same path as the schedule and the Publish button: announced, files built
        publication = await publish_now(
            shell.sessions, period, settings=settings, now=shell.now(), actor=shell.actor
        )
        result = publication.result
    else:
        async with shell.sessions.begin() as session:
            result = await compute_review(
                session, period, policy=settings.policy, tz=settings.tz, now=shell.now()
            )
    if args.json:
        print(json.dumps(review_json(result, tz=settings.tz), ensure_ascii=False, indent=2))
    else:
        print(review_text(result, tz=settings.tz, lang=shell.lang))
    return 0


async def cmd_export(args: argparse.Namespace, shell: Shell) -> int:
    """The review's documents: by the output's extension, or all three into a folder (docs/documents.md)."""
    from bot.outbound.papers import export_papers, export_targets

    period = shell.period(args.period)
    kinds, folder = export_targets(args.output)
    async with shell.sessions.begin() as session:
        files = await export_papers(
            session, period, settings=shell.settings, now=shell.now(), lang=shell.lang, kinds=kinds
        )
    for name, data in files.values():
        output = folder / name if folder is not None else Path(args.output)
        output.write_bytes(data)
        print(shell.say("shell_exported", path=output))
    return 0


async def cmd_backup(args: argparse.Namespace, shell: Shell) -> int:
    stamp = shell.now().strftime("%Y%m%d-%H%M%S")
    is_pg = not normalize_url(shell.settings.database_url).startswith("sqlite")
    output = Path(args.output or f"flagbot-backup-{stamp}.{'pgdump' if is_pg else 'sqlite3'}")
    try:
        await asyncio.to_thread(backup, shell.settings.database_url, output)
    except BackupError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(shell.say("shell_backup_written", path=output))
    return 0


class _Formatter(argparse.HelpFormatter):
    """argparse's own words ('usage:') in the shell's language."""

    def __init__(self, prog: str, *, say: Callable[[str], str]) -> None:
        super().__init__(prog)
        self._say = say

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        # prefix '' is argparse computing a subcommand's prog: no words there
        super().add_usage(usage, actions, groups, prefix=self._say("cli_usage") if prefix is None else prefix)


def _parser_class(say: Callable[[str], str]) -> type[argparse.ArgumentParser]:
    """An ArgumentParser whose titles, usage prefix and -h help read in the shell's language."""

    class Parser(argparse.ArgumentParser):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("formatter_class", partial(_Formatter, say=say))
            kwargs["add_help"] = False
            super().__init__(*args, **kwargs)
            self._positionals.title = say("cli_positionals")
            self._optionals.title = say("cli_options")
            self.add_argument("-h", "--help", action="help", help=say("cli_help"))

        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(2, say("cli_error").format(prog=self.prog, detail=message) + "\n")

    return Parser


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The `flagbot` command line, its help in `lang` (the catalogue's cli_* keys)."""

    def say(key: str) -> str:
        return message(key, lang)

    parser_class = _parser_class(say)
    parser = parser_class(prog="flagbot", description=say("cli_description"))
    commands = parser.add_subparsers(
        dest="command", metavar=say("cli_command"), required=True, parser_class=parser_class
    )

    run = commands.add_parser("run", help=say("cli_run"))
    run.set_defaults(handler=None, run=True)

    demo = commands.add_parser("demo", help=say("cli_demo"))
    demo.add_argument("-o", "--output", help=say("cli_demo_output"))
    demo.set_defaults(handler=None, demo=True)

    db = commands.add_parser("db", help=say("cli_db"))
    db_commands = db.add_subparsers(dest="db_command", metavar="upgrade", required=True)
    db_commands.add_parser("upgrade", help=say("cli_db_upgrade")).set_defaults(handler=cmd_db_upgrade)

    imp = commands.add_parser("import", help=say("cli_import"))
    imp.add_argument("file", help=say("cli_file"))
    imp.add_argument("--dry-run", action="store_true", help=say("cli_import_dry_run"))
    imp.add_argument("--allow-decrease", action="store_true", help=say("cli_import_allow_decrease"))
    imp.add_argument("--note", help=say("cli_import_note"))
    imp.set_defaults(handler=cmd_import)

    add_alias_parser(commands, say)

    rep = commands.add_parser("report", help=say("cli_report"))
    rep.add_argument("project", help=say("cli_report_project"))
    rep.add_argument("value", help=say("cli_report_value"))
    rep.add_argument("--note", default="", help=say("cli_report_note"))
    rep.add_argument("--at", help=say("cli_report_at"))
    rep.add_argument("--yes", action="store_true", help=say("cli_report_yes"))
    rep.set_defaults(handler=cmd_report)

    rev = commands.add_parser("review", help=say("cli_review"))
    rev.add_argument("--period", help=say("cli_period"))
    rev.add_argument("--publish", action="store_true", help=say("cli_review_publish"))
    rev.add_argument("--json", action="store_true", help=say("cli_review_json"))
    rev.set_defaults(handler=cmd_review)

    add_scores_parser(commands, say)

    exp = commands.add_parser("export", help=say("cli_export"))
    exp.add_argument("--period", help=say("cli_period"))
    exp.add_argument("-o", "--output", help=say("cli_export_output"))
    exp.set_defaults(handler=cmd_export)

    bak = commands.add_parser("backup", help=say("cli_backup"))
    bak.add_argument("-o", "--output", help=say("cli_output"))
    bak.set_defaults(handler=cmd_backup)

    res = commands.add_parser("restore", help=say("cli_restore"))
    res.add_argument("file", help=say("cli_restore_file"))
    res.add_argument("--yes", action="store_true", help=say("cli_restore_yes"))
    res.set_defaults(handler=None, restore=True)

    doc = commands.add_parser("doctor", help=say("cli_doctor"))
    doc.add_argument("--timeout", type=float, default=5.0, help=say("cli_doctor_timeout"))
    doc.set_defaults(handler=None, doctor=True)
    return parser


def _help_language() -> str:
    """The shell's language before the settings are checked: LANGUAGE if the settings load, else Chinese."""
    try:
        fixed = load_settings().language or None
    except SettingsError:
        fixed = None
    return shared_language(fixed=fixed)


async def run_command(handler: Command, args: argparse.Namespace, settings: Settings) -> int:
    """Open the database (migrating it), run one command, close."""
    engine = make_engine(settings.database_url)
    try:
        await upgrade(engine)
        shell = Shell(settings=settings, engine=engine, sessions=make_sessionmaker(engine))
        return await handler(args, shell)
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `flagbot` console script."""
    args = build_parser(_help_language()).parse_args(argv)
    if getattr(args, "doctor", False):  # before settings are loaded and the database migrated: it checks both
        return cmd_doctor(args)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings()
    except SettingsError as error:
        print(str(error), file=sys.stderr)
        return 2
    lang = shared_language(fixed=settings.language or None)
    use_flag_names(settings.flag_names)
    try:
        if getattr(args, "run", False):
            from bot.runtime.runner import configure_logging, run_bot

            settings.require_token()
            configure_logging(settings)
            return asyncio.run(run_bot(settings))
        if getattr(args, "restore", False):  # not through run_command: the backup brings its own schema
            from bot.cli.restore import run_restore

            return asyncio.run(run_restore(args, settings))
        if getattr(args, "demo", False):
            from bot.cli.demo import run_demo

            return asyncio.run(run_demo(settings, output=args.output))
        return asyncio.run(run_command(args.handler, args, settings))
    except UserError as error:
        print(plain(message(error.key, lang, **error.params)), file=sys.stderr)
        return 1
    except SettingsError as error:
        print(str(error), file=sys.stderr)
        return 2
    except BrokenPipeError:  # `flagbot review --json | head` closed the pipe: not an error
        return 0
    except (OperationalError, DBAPIError, OSError, ConnectionError) as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:200]
        print(plain(message("shell_db_unavailable", lang, reason=reason)), file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - the shell never shows a traceback; FLAGBOT_DEBUG=1 does
        if os.environ.get("FLAGBOT_DEBUG"):
            raise
        text = plain(message("shell_internal_error", lang, kind=type(error).__name__, error=error))
        # PTB's InvalidToken quotes the token; HTTP errors quote request URLs, which contain it
        print(redact(text, secrets_of(settings.telegram_token)), file=sys.stderr)
        return 70


def cmd_doctor(args: argparse.Namespace) -> int:
    """`flagbot doctor`: one line per check (✓/✗ and what to fix); 0 when all pass, 1 otherwise."""
    from bot.cli.doctor import doctor

    return doctor(timeout_s=args.timeout)
