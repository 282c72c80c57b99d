"""Benchmark: 1,000 reminders through the outbox and its sender, against Telegram's flood limits.

    python scripts/bench_reminders.py                  # SQLite (a file in /tmp)
    python scripts/bench_reminders.py --db postgresql://postgres@127.0.0.1:5432/bench_reminders
    python scripts/bench_reminders.py --rate 25        # the sender's overall budget (default: SenderOptions')

A county of 1,000 units, each with one project not yet reported and one contact. The reminders service
(bot/services/reminders.remind_deadline, the pre-deadline reminder with "N of M units have reported") queues
one reminder per contact in the outbox, on the last working day it would have run; then the real
OutboxSender (bot/delivery) delivers them to the Bot API simulator, which runs as its own process (its CPU
is not ours) with Telegram's limits: 30 messages/s overall, 1/s per chat, 20/min per group. The sender runs
alone, as the leader's sender task would, with its own Bot and HTTP pool, over loopback HTTP.

Two runs, each on a fresh database and a fresh simulator:
1. the limits only: the sustained rate (messages accepted from the first to the last; and from the 10% to
   the 90% message, without ramp and tail) and the 429s Telegram answered (the goal: none);
2. the limits and a 429 on 10% of the sends (seeded): every message delivered once, and how long it took.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from sqlmodel import col  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import Defaults, ExtBot  # noqa: E402

from bot.context import Clock  # noqa: E402
from bot.outbound.reminders import remind_deadline  # noqa: E402
from bot.runtime.delivery import OutboxSender, SenderOptions  # noqa: E402
from bot.runtime.transport import AiohttpRequest  # noqa: E402
from bot.services.calendar_overrides import working_days  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.when.reminder_days import deadline_period  # noqa: E402
from storage.db import make_engine, make_sessionmaker, normalize_url  # noqa: E402
from storage.queries import outbox as outbox_q  # noqa: E402
from storage.tables import Outbox  # noqa: E402
from tests.faults.harness import CONTACT_BASE, TOKEN, prepare_county  # noqa: E402

TELEGRAM_LIMITS = {"global_per_sec": 30, "per_chat_per_sec": 1, "per_group_per_min": 20}


class SimulatorProcess:
    """`python -m bot.simulator` as a child process, driven through its /_sim endpoints."""

    def __init__(self, latency_ms: float = 0.0) -> None:
        self.latency_ms = latency_ms
        self.process: asyncio.subprocess.Process | None = None
        self.url = ""
        self.http: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.simulator",
            "--port",
            "0",
            "--print-url",
            "--latency-ms",
            str(self.latency_ms),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        )
        assert self.process.stdout is not None
        self.url = (await asyncio.wait_for(self.process.stdout.readline(), 30)).decode().strip()

    async def control(self, path: str, body: dict[str, Any] | None = None) -> Any:
        if self.http is None:
            self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60))
        method, url = ("GET" if body is None else "POST"), f"{self.url}/_sim/{path}"
        async with self.http.request(method, url, json=body) as response:
            response.raise_for_status()
            return (await response.json())["result"]

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await self.process.wait()


@dataclass
class Outcome:
    queued: int
    delivered_once: int
    missing: int
    twice: int
    failed: int
    seconds: float  # sender start → the last message marked sent
    rate: float  # accepted messages per second, first to last
    steady: float  # accepted messages per second from the 10% mark to the 90% mark (no ramp, no tail)
    limit_429: int  # 429s the flood limits answered
    injected_429: int  # 429s injected on purpose


def reminder_moment(settings: Settings, days: Any) -> datetime:
    """REMIND_AT on the latest working day, up to today, on which the pre-deadline reminders run."""
    now = datetime.now(settings.tz)
    for back in range(0, 200):
        day = now.date() - timedelta(days=back)
        moment = datetime.combine(day, settings.remind_at, tzinfo=settings.tz)
        if moment <= now and days.is_working(day) and deadline_period(day, settings=settings, days=days):
            return moment
    raise RuntimeError("no pre-deadline reminder day in the last 200 days")


async def queue_reminders(url: str, count: int, settings: Settings) -> int:
    """A fresh county of `count` units and contacts; the reminders service queues its reminders."""
    await prepare_county(url, count)
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine).begin() as session:
            days = await working_days(session, datetime.now(settings.tz).date())
            now = reminder_moment(settings, days)
            return await remind_deadline(session, settings=settings, now=now, days=days)
    finally:
        await engine.dispose()


async def deliver(url: str, sim: SimulatorProcess, options: SenderOptions, settings: Settings) -> float:
    """Run the sender until the outbox is empty; the seconds it took."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    bot: ExtBot[None] = ExtBot(
        token=TOKEN,
        base_url=f"{sim.url}/bot",
        base_file_url=f"{sim.url}/file/bot",
        request=AiohttpRequest(connection_pool_size=options.max_in_flight + 2),
        defaults=Defaults(tzinfo=settings.tz, parse_mode=ParseMode.HTML),  # as the application's
    )
    sender = OutboxSender(
        bot=bot, sessions=sessions, clock=Clock(settings), settings=settings, options=options
    )
    started = time.monotonic()
    await sender.start()
    try:
        while True:
            async with sessions() as session:
                if await outbox_q.count_pending(session) == 0:
                    return time.monotonic() - started
            if time.monotonic() - started > 900:
                raise TimeoutError("the outbox did not drain in 15 minutes")
            await asyncio.sleep(0.1)
    finally:
        await sender.stop()
        await engine.dispose()


async def queued_rows(url: str) -> tuple[Counter[tuple[int, str]], int]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = (await session.execute(select(col(Outbox.chat_id), col(Outbox.text)))).all()
            failed = (
                await session.execute(
                    select(func.count()).select_from(Outbox).where(col(Outbox.failed_at).is_not(None))
                )
            ).scalar_one()
    finally:
        await engine.dispose()
    return Counter((int(c), t) for c, t in rows), int(failed)


def rate_between(stamps: list[float], first: int, last: int) -> float:
    """Messages per second from the first-th accepted message to the last-th (sorted times)."""
    span = stamps[last] - stamps[first] if len(stamps) > last > first else 0.0
    return (last - first) / span if span > 0 else 0.0


async def run(
    url: str, count: int, options: SenderOptions, rate_429: float, latency_ms: float = 0.0
) -> Outcome:
    settings = Settings(_env_file=None, telegram_token=TOKEN, database_url=url)  # type: ignore[call-arg]
    queued = await queue_reminders(url, count, settings)
    sim = SimulatorProcess(latency_ms)
    await sim.start()
    try:
        await sim.control("limits", TELEGRAM_LIMITS)
        for u in range(1, count + 1):  # the contacts exist and have started the bot
            await sim.control("block", {"user_id": CONTACT_BASE + u, "blocked": False})
        if rate_429:
            await sim.control("faults", {"rate_429": rate_429, "seed": 4})
        seconds = await deliver(url, sim, options, settings)
        calls = await sim.control("sent")
        stats = await sim.control("stats")
    finally:
        await sim.stop()
    accepted = [c for c in calls if c["ok"] and c["method"].lower() == "sendmessage"]
    stamps = sorted(c["ts"] for c in accepted)
    got = Counter((int(c["chat_id"]), c["params"]["text"]) for c in accepted)
    wanted, failed = await queued_rows(url)
    injected = int(stats["faults_injected"].get("429", 0))
    return Outcome(
        queued=queued,
        delivered_once=sum(1 for key in wanted if got[key] == 1),
        missing=sum(1 for key in wanted if got[key] == 0),
        twice=sum(1 for key in wanted if got[key] > 1) + sum(1 for key in got if key not in wanted),
        failed=failed,
        seconds=seconds,
        rate=rate_between(stamps, 0, len(stamps) - 1),
        steady=rate_between(stamps, len(stamps) // 10, len(stamps) * 9 // 10),
        limit_429=int(stats["429"]) - injected,
        injected_429=injected,
    )


def report(title: str, o: Outcome) -> None:
    print(f"\n{title}")
    print(f"  queued by the reminders service: {o.queued}")
    print(
        f"  delivered once: {o.delivered_once}   missing: {o.missing}   twice: {o.twice}   failed: {o.failed}"
    )
    print(f"  drained in {o.seconds:.1f} s; sustained rate {o.rate:.1f} msg/s (first to last accepted)")
    print(f"  steady rate {o.steady:.1f} msg/s (from the 10% to the 90% message)")
    print(f"  429s from the flood limits: {o.limit_429}   429s injected: {o.injected_429}")


async def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="sqlite", help="sqlite (a file in /tmp) or a PostgreSQL URL")
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--rate", type=int, default=SenderOptions().global_per_sec, help="sender budget/s")
    parser.add_argument("--margin", type=float, default=SenderOptions().margin_s, help="sender margin, s")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added to every Bot API call")
    parser.add_argument("--only", choices=["limits", "faults"], help="run one of the two runs")
    args = parser.parse_args()
    url = normalize_url(
        "sqlite+aiosqlite:////tmp/flagbot-bench-reminders.sqlite3" if args.db == "sqlite" else args.db
    )
    options = SenderOptions(global_per_sec=args.rate, margin_s=args.margin)
    print(
        f"{args.reminders} reminders, sender budget {args.rate}/s (margin {args.margin:g} s), "
        f"simulator limits {TELEGRAM_LIMITS}, {args.latency_ms:g} ms added to each call"
    )
    ok = True
    if args.only in (None, "limits"):
        clean = await run(url, args.reminders, options, rate_429=0.0, latency_ms=args.latency_ms)
        report("Telegram's limits:", clean)
        ok &= clean.missing == clean.twice == clean.limit_429 == 0 and clean.rate >= 27
    if args.only in (None, "faults"):
        faulty = await run(url, args.reminders, options, rate_429=0.10, latency_ms=args.latency_ms)
        report("Telegram's limits and a 429 on 10% of the sends:", faulty)
        ok &= faulty.missing == faulty.twice == faulty.failed == 0
    print("\ngoals met" if ok else "\ngoals NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
