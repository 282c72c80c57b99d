"""`flagbot doctor`: is this installation ready? Settings, token, database, Bot API, calendar, font.

One line per check (✓ / ✗ / – skipped) saying what was found or what to fix; exit 0 when all pass, 1
otherwise. Read-only: it migrates nothing and creates no database file. The token is never printed — only
its bot id, the public part before ':'.
"""

from __future__ import annotations

import asyncio
import enum
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import aiohttp

from bot.logs import redact, secrets_of
from bot.render.language import shared_language
from bot.render.marks import plain
from bot.render.texts import message
from bot.settings import Settings, SettingsError, load_settings

DEFAULT_TIMEOUT_S = 5.0


class Status(enum.Enum):
    OK = "✓"
    FAILED = "✗"
    SKIPPED = "–"


@dataclass(frozen=True)
class Check:
    """One line of the report: which check, how it went, what was found or what to do."""

    key: str
    status: Status
    detail: str

    @property
    def ok(self) -> bool:
        return self.status is Status.OK


class Say:
    """The doctor's sentences in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: Any) -> str:
        return plain(message(key, self.lang, **params))

    def check(self, key: str, status: Status, detail_key: str, /, **params: Any) -> Check:
        return Check(key, status, self(detail_key, **params))

    def skipped(self, key: str, reason_key: str) -> Check:
        return Check(key, Status.SKIPPED, self("doctor_skipped", reason=self(reason_key)))


def _reason(error: BaseException, secrets: tuple[str, ...] = ()) -> str:
    """An exception in a few words, on one line, without secrets."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()
    first = text[0] if text else ""
    return redact(f"{type(error).__name__}: {first}" if first else type(error).__name__, secrets)[:200]


# ---------------------------------------------------------------- the checks


def check_settings(settings: Settings, say: Say) -> Check:
    if not settings.admin_ids:
        return say.check("doctor_settings", Status.FAILED, "doctor_no_admins")
    return say.check(
        "doctor_settings",
        Status.OK,
        "doctor_settings_ok",
        timezone=settings.timezone,
        admins=len(settings.admin_ids),
    )


def check_token(settings: Settings, say: Say) -> tuple[Check, str | None]:
    try:
        token = settings.require_token()
    except SettingsError as error:  # its sentences never quote the token
        return say.check("doctor_token", Status.FAILED, "doctor_settings_bad", reason=str(error)), None
    return say.check("doctor_token", Status.OK, "doctor_token_ok", bot_id=token.split(":")[0]), token


async def check_database(settings: Settings, say: Say, *, timeout_s: float) -> Check:
    """Connects, then compares the schema's Alembic revision with the newest migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import Connection, make_url

    from storage.db import make_engine, normalize_url, sqlite_path
    from storage.migrate import alembic_config

    url = normalize_url(settings.database_url)
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unparsable URL is the finding (its text would show the password)
        return say.check(
            "doctor_database", Status.FAILED, "doctor_db_unreachable", url="DATABASE_URL", reason="not a URL"
        )
    shown = parsed.render_as_string(hide_password=True)
    password = (str(parsed.password),) if parsed.password else ()
    path = sqlite_path(url)
    if path is not None and not path.exists():  # connecting would create it: doctor changes nothing
        return say.check("doctor_database", Status.FAILED, "doctor_db_missing_file", path=str(path))

    def revisions(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    try:
        engine = make_engine(url)
    except Exception as error:  # noqa: BLE001 - unknown driver, bad options
        return say.check(
            "doctor_database",
            Status.FAILED,
            "doctor_db_unreachable",
            url=shown,
            reason=_reason(error, password),
        )
    try:
        async with asyncio.timeout(timeout_s), engine.connect() as connection:
            current = await connection.run_sync(revisions)
    except Exception as error:  # noqa: BLE001 - whatever stops the connection is the finding
        reason = "timeout" if isinstance(error, TimeoutError) else _reason(error, password)
        return say.check("doctor_database", Status.FAILED, "doctor_db_unreachable", url=shown, reason=reason)
    finally:
        await engine.dispose()

    script = ScriptDirectory.from_config(alembic_config())
    heads = set(script.get_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    if current == heads:
        return say.check(
            "doctor_database", Status.OK, "doctor_db_ok", url=shown, revision=", ".join(sorted(heads))
        )
    if not current:
        return say.check("doctor_database", Status.FAILED, "doctor_db_empty", url=shown)
    shown_current, shown_head = ", ".join(sorted(current)), ", ".join(sorted(heads))
    if current - known:
        return say.check(
            "doctor_database", Status.FAILED, "doctor_db_newer", url=shown, current=shown_current
        )
    return say.check(
        "doctor_database",
        Status.FAILED,
        "doctor_db_behind",
        url=shown,
        current=shown_current,
        head=shown_head,
    )


async def check_bot_api(settings: Settings, token: str, say: Say, *, timeout_s: float) -> Check:
    """getMe against TELEGRAM_API_BASE_URL with a short timeout."""
    parts = urlsplit(settings.telegram_api_base_url)
    where = f"{parts.scheme}://{parts.netloc}" if parts.netloc else settings.telegram_api_base_url
    secrets = secrets_of(token)
    try:
        # The same HTTP stack as every other Bot API call (bot/runtime/transport.py): aiohttp.
        timeout = aiohttp.ClientTimeout(total=timeout_s)
        async with (
            aiohttp.ClientSession(timeout=timeout) as client,
            client.post(f"{settings.telegram_api_base_url}{token}/getMe") as response,
        ):
            code, raw = response.status, await response.read()
    except (aiohttp.ClientError, OSError, ValueError, TimeoutError) as error:
        reason = "timeout" if isinstance(error, TimeoutError) else _reason(error, secrets)
        return say.check("doctor_api", Status.FAILED, "doctor_api_offline", where=where, reason=reason)
    status = f"HTTP {code}"
    if code in (401, 404):  # Telegram: 401 for a revoked token, 404 for a malformed one
        return say.check("doctor_api", Status.FAILED, "doctor_api_refused", where=where, status=status)
    try:
        body = json.loads(raw)
        me = body["result"] if body.get("ok") else None
    except (ValueError, AttributeError, KeyError):
        me = None
    if code != 200 or not isinstance(me, dict):
        return say.check("doctor_api", Status.FAILED, "doctor_api_unexpected", where=where, status=code)
    return say.check(
        "doctor_api",
        Status.OK,
        "doctor_api_ok",
        where=where,
        username=me.get("username", "?"),
        bot_id=me.get("id", "?"),
    )


def check_calendar(today: date, say: Say) -> Check:
    """This year must be covered; next year from November 1 (when the admins start being warned)."""
    import chinese_calendar

    from bot.when.calendar import missing_calendar_warning, package_covers

    version = getattr(chinese_calendar, "__version__", "?")
    year, next_year = today.year, today.year + 1
    if not package_covers(year):
        return say.check(
            "doctor_calendar", Status.FAILED, "doctor_calendar_this_missing", version=version, year=year
        )
    if missing_calendar_warning(today) is not None:
        return say.check(
            "doctor_calendar",
            Status.FAILED,
            "doctor_calendar_next_missing",
            version=version,
            year=year,
            next_year=next_year,
        )
    note = say(
        "doctor_calendar_next_ok" if package_covers(next_year) else "doctor_calendar_next_later",
        year=next_year,
    )
    return say.check(
        "doctor_calendar", Status.OK, "doctor_calendar_ok", version=version, year=year, next_note=note
    )


def check_font(say: Say) -> Check:
    from bot.render.fonts import CjkFontMissingError, cjk_font

    try:
        font = cjk_font()
    except CjkFontMissingError:
        return say.check("doctor_font", Status.FAILED, "doctor_font_missing")
    return say.check("doctor_font", Status.OK, "doctor_font_ok", name=font.name, path=font.path)


# ---------------------------------------------------------------- running them


async def run_checks(
    load: Callable[[], Settings] = load_settings,
    *,
    today: date | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    lang: str | None = None,
) -> list[Check]:
    """Every check, in order; the ones that need valid settings (or a token) are skipped without them."""
    try:
        settings: Settings | None = load()
    except SettingsError as error:
        settings, problem = None, str(error)
    say = Say(lang or shared_language(fixed=(settings.language if settings else "") or None))
    tz = settings.tz if settings else ZoneInfo("Asia/Shanghai")
    today = today or datetime.now(tz).date()
    checks: list[Check] = []
    if settings is None:
        checks.append(say.check("doctor_settings", Status.FAILED, "doctor_settings_bad", reason=problem))
        checks += [
            say.skipped(key, "doctor_needs_settings")
            for key in ("doctor_token", "doctor_database", "doctor_api")
        ]
    else:
        checks.append(check_settings(settings, say))
        token_check, token = check_token(settings, say)
        checks.append(token_check)
        checks.append(await check_database(settings, say, timeout_s=timeout_s))
        if token is None:
            checks.append(say.skipped("doctor_api", "doctor_needs_token"))
        else:
            checks.append(await check_bot_api(settings, token, say, timeout_s=timeout_s))
    checks.append(check_calendar(today, say))
    checks.append(check_font(say))
    return checks


def report(checks: list[Check], lang: str) -> str:
    """The lines to print: one per check, then a verdict."""
    say = Say(lang)
    lines = [say("doctor_line", status=c.status.value, check=say(c.key), detail=c.detail) for c in checks]
    failed = sum(1 for c in checks if c.status is Status.FAILED)
    lines.append(say("doctor_failed", count=failed) if failed else say("doctor_all_ok"))
    return "\n".join(lines)


def exit_code(checks: list[Check]) -> int:
    return 0 if all(c.status is not Status.FAILED for c in checks) else 1


def doctor(*, timeout_s: float = DEFAULT_TIMEOUT_S, lang: str | None = None) -> int:
    """`flagbot doctor`: run the checks, print the report, 0 if all pass."""
    if lang is None:
        try:
            lang = shared_language(fixed=load_settings().language or None)
        except SettingsError:
            lang = shared_language(fixed=None)
    checks = asyncio.run(run_checks(timeout_s=timeout_s, lang=lang))
    print(report(checks, lang))
    return exit_code(checks)
