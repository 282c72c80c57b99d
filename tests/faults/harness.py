"""Fault-test tooling: a county in the database, `python -m bot run` as a real process, a webhook relay.

The Bot API simulator runs in the test process; the bot runs as its own process, so it can be killed.
WebhookRelay plays Telegram's side of webhook mode (the simulator itself only serves getUpdates): it takes
the queued updates and POSTs each to a bot's webhook with the secret header, retrying — on another
process, like a load balancer — until one answers 200, and only then drops it.
Also used by scripts/load_test.py.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import signal
import socket
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select, text

from bot.simulator import BotApiSimulator, SimUser
from storage.db import make_engine, make_sessionmaker, normalize_url, sqlite_path
from storage.migrate import upgrade
from storage.tables import Category, ChatBinding, Person, Project, Report, Unit

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:FAULTSFAULTSFAULTSFAULTSFAULTS"
SECRET = "fault-tests_webhook-secret"
CONTACT_BASE = 700000
ACK = re.compile(r"累计完成(\d+)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def reset_database(url: str) -> None:
    """An empty, migrated database (PostgreSQL: a fresh public schema; SQLite: a new file)."""
    url = normalize_url(url)
    path = sqlite_path(url)
    if path is not None:
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
    engine = make_engine(url)
    try:
        if not url.startswith("sqlite"):
            async with engine.begin() as conn:
                await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
        await upgrade(engine)
    finally:
        await engine.dispose()


async def prepare_county(
    url: str,
    contacts: int,
    *,
    leaders: Iterable[int] = (),
    leaders_chat: int | None = None,
    workgroup_chat: int | None = None,
) -> None:
    """A fresh database: unit u with project P<u> (target 100,000, in the ledger since last year) and contact
    700000+u; some leaders, and the leaders' group (and the work group) bound."""
    await reset_database(url)
    engine = make_engine(normalize_url(url))
    now = datetime.now(UTC)
    since = datetime(now.year - 1, 1, 1, tzinfo=UTC)  # long before any period a review may look at
    try:
        async with make_sessionmaker(engine).begin() as session:
            session.add(Category(id=1, name="民生实事", created_at=since))
            for u in range(1, contacts + 1):
                session.add(Unit(id=u, name=f"单位{u}", group_name="县直部门", created_at=since))
            await session.flush()
            for u in range(1, contacts + 1):
                session.add(
                    Project(
                        id=u,
                        code=f"P{u}",
                        name=f"项目{u}",
                        unit_id=u,
                        category_id=1,
                        target=100000.0,
                        start=date(now.year - 1, 1, 1),
                        due=date(now.year + 1, 12, 31),
                        created_at=since,
                        updated_at=since,
                    )
                )
            await session.flush()
            for u in range(1, contacts + 1):
                session.add(
                    Person(
                        user_id=CONTACT_BASE + u, name=f"联络员{u}", unit_id=u, created_at=now, updated_at=now
                    )
                )
            for leader in leaders:
                session.add(
                    Person(user_id=leader, name="县领导", is_leader=True, created_at=now, updated_at=now)
                )
            if leaders_chat is not None:
                session.add(
                    ChatBinding(
                        kind="leaders", chat_id=leaders_chat, title="县领导群", bound_by=0, bound_at=now
                    )
                )
            if workgroup_chat is not None:
                session.add(
                    ChatBinding(
                        kind="workgroup", chat_id=workgroup_chat, title="工作群", bound_by=0, bound_at=now
                    )
                )
    finally:
        await engine.dispose()


async def stored_reports(url: str) -> tuple[int, int, set[tuple[int, float]]]:
    """(rows in report, distinct source keys, {(project id, value)})."""
    engine = make_engine(normalize_url(url))
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (await session.execute(select(Report.project_id, Report.value, Report.source_key))).all()
            keys = (await session.execute(select(func.count(func.distinct(Report.source_key))))).scalar_one()
    finally:
        await engine.dispose()
    return len(rows), int(keys), {(int(p), float(v or 0)) for p, v, _ in rows}


def bot_env(sim: BotApiSimulator, url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{sim.url}/bot",
        "TELEGRAM_FILE_BASE_URL": f"{sim.url}/file/bot",
        "DATABASE_URL": url,
        "ADMIN_IDS": "",
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(ROOT),
    }
    env.update(extra)
    return env


def webhook_env(port: int, secret: str = SECRET) -> dict[str, str]:
    return {
        "WEBHOOK_URL": "https://bot.example.org/telegram/webhook",
        "WEBHOOK_SECRET": secret,
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": str(port),
    }


class BotProcess:
    """`python -m bot run` with its output in a file (never a pipe that could fill up and block it)."""

    def __init__(self, env: dict[str, str], workdir: Path, name: str = "bot") -> None:
        self.env, self.workdir, self.name = env, workdir, name
        self.log_path = workdir / f"{name}.log"
        self.process: asyncio.subprocess.Process | None = None
        self.port = int(env["WEBHOOK_PORT"]) if env.get("WEBHOOK_URL") else None

    async def start(self) -> BotProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        out = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", env=self.env, cwd=self.workdir, stdout=out, stderr=out
        )
        out.close()
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, like a power cut or the OOM killer."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)

    async def wait(self) -> int:
        assert self.process is not None
        return await self.process.wait()

    async def stop(self, timeout: float = 40.0) -> int:
        """SIGTERM and wait; the exit code."""
        if self.process is None:
            return 0
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return int(self.process.returncode or 0)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    async def health(self, timeout: float = 5.0) -> tuple[int, dict[str, Any]]:
        assert self.port is not None
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as http,
            http.get(f"http://127.0.0.1:{self.port}/healthz") as response,
        ):
            return response.status, await response.json()

    async def wait_healthy(self, timeout: float = 30.0) -> dict[str, Any]:
        """Until /healthz answers 200 (webhook mode)."""
        deadline = time.monotonic() + timeout
        while True:
            if not self.running:
                code = self.process.returncode if self.process else None
                raise AssertionError(f"{self.name} exited ({code}):\n{self.logs()[-3000:]}")
            try:
                status, body = await self.health()
                if status == 200:
                    return body
            except (aiohttp.ClientError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name} not healthy after {timeout}s:\n{self.logs()[-3000:]}")
            await asyncio.sleep(0.1)


async def wait_until(predicate: Callable[[], bool], timeout: float, what: str | Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what() if callable(what) else what}")
        await asyncio.sleep(0.05)


def acked(user: SimUser) -> list[int]:
    """The values the bot acknowledged to this contact ("累计完成N…"), in the order it said them."""
    values = []
    for message in user.chat.bot_messages():
        match = ACK.search(message.get("text") or "")
        if match:
            values.append(int(match.group(1)))
    return values


def send_reports(contacts: list[SimUser], per_contact: int, *, first: int = 1) -> None:
    """Contact u reports P<u> = k for k in first..first+per_contact-1, interleaved across contacts; message
    dates a second apart, in the past, so each report's "previous value" is the one before it."""
    base = int(time.time()) - 600
    for k in range(first, first + per_contact):
        for u, contact in enumerate(contacts, start=1):
            contact.send(f"/report P{u} {k}", date=base + k)


def missing_acks(contacts: list[SimUser], values: Iterable[int]) -> dict[int, list[int]]:
    wanted = set(values)
    missing = {}
    for contact in contacts:
        gap = sorted(wanted - set(acked(contact)))
        if gap:
            missing[contact.id] = gap
    return missing


def _sender_of(update: dict[str, Any]) -> int:
    for kind in ("message", "edited_message", "callback_query", "my_chat_member"):
        body = update.get(kind)
        if isinstance(body, dict) and isinstance(body.get("from"), dict):
            return int(body["from"]["id"])
    return 0


class WebhookRelay:
    """Telegram's webhook delivery, for the simulator: each update POSTed to one of `targets` with the secret
    header, one user's updates one after another, other users' concurrently; a non-200 answer or a dead
    process means "try again" (on the next target), and an update is dropped only once answered 200."""

    def __init__(
        self, sim: BotApiSimulator, targets: list[str], *, secret: str = SECRET, concurrency: int = 40
    ) -> None:
        self.sim, self.targets, self.secret = sim, targets, secret
        self.concurrency = concurrency
        self.delivered = 0
        self.refused: dict[int, int] = defaultdict(int)  # HTTP status (0: no answer) -> count
        self._next = itertools.count()
        self._task: asyncio.Task[None] | None = None
        self._http: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> WebhookRelay:
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._http is not None:
            await self._http.close()

    async def _run(self) -> None:
        slots = asyncio.Semaphore(self.concurrency)
        while True:
            batch = self.sim.take_updates(100)
            if not batch:
                await asyncio.sleep(0.01)
                continue
            by_user: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for update in batch:
                by_user[_sender_of(update)].append(update)

            async def deliver_all(updates: list[dict[str, Any]]) -> None:
                async with slots:
                    for update in updates:
                        await self._deliver(update)

            await asyncio.gather(*(deliver_all(updates) for updates in by_user.values()))
            self.sim.confirm(int(batch[-1]["update_id"]) + 1)

    async def _deliver(self, update: dict[str, Any]) -> None:
        assert self._http is not None
        body = json.dumps(update, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": self.secret}
        while True:
            target = self.targets[next(self._next) % len(self.targets)]
            try:
                async with self._http.post(target, data=body, headers=headers) as response:
                    status = response.status
            except (aiohttp.ClientError, TimeoutError):
                status = 0
            if status == 200:
                self.delivered += 1
                return
            self.refused[status] += 1
            await asyncio.sleep(0.2)


def review_due_now(now: datetime | None = None) -> dict[str, str]:
    """Settings under which a review became due in the last few days (so a bot starting now publishes it at
    its start-up catch-up): monthly periods and a submission grace chosen for today's date."""
    from bot.settings import Settings
    from bot.when.calendar import WorkingDays
    from bot.when.moments import due_review, review_moment

    days = WorkingDays()
    for grace in range(0, 40):
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, period_months=1, report_grace_days=grace, review_schedule="0 0 * * *"
        )
        now_here = (now or datetime.now(UTC)).astimezone(settings.tz)
        period = due_review(now_here, settings=settings, workdays=days)
        if period is None:
            continue
        late = now_here - review_moment(period, settings=settings, workdays=days)
        if late.days < 5:
            return {"PERIOD_MONTHS": "1", "REPORT_GRACE_DAYS": str(grace), "REVIEW_SCHEDULE": "0 0 * * *"}
    raise AssertionError("no grace makes a review due now")
