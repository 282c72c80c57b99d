"""Benchmark: 3,000 /report messages from 100 contacts through the real bot, against a bare PTB echo bot.

    python scripts/bench_chat.py                       # SQLite and PostgreSQL (TEST_DATABASE_URL or local)
    python scripts/bench_chat.py --db sqlite --messages 600

The Bot API simulator runs in this process; the bot (`python -m bot run`) and the echo bot
(scripts/echo_bot.py, PTB defaults) run as their own processes, so their peak RSS is their own. Each
condition is run with an instant Bot API and with 50 ms added to every call. All messages are sent at
once, interleaved across users; we wait for every reply, then count replies per second (first send to
last reply), replies lost, replies out of order within a user, and the p50/p95 latency from send to reply.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from bot.simulator import BotApiSimulator  # noqa: E402
from storage.db import make_engine, make_sessionmaker, normalize_url  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import Category, Person, Project, Unit  # noqa: E402

TOKEN = "123456789:BENCHBENCHBENCHBENCHBENCHBENCH"
ROOT = Path(__file__).resolve().parents[1]
VALUE = re.compile(r"(?:累计完成：?|^/report P\d+ )(\d+)")  # "累计完成30个，…"


@dataclass
class Outcome:
    rate: float
    lost: int
    out_of_order: int
    p50_ms: float
    p95_ms: float
    peak_rss_mb: float
    cpu_ms: float  # the bot process's CPU time (user + system) per reply: steady whatever else runs
    sim_cpu_ms: (
        float  # this process's (the simulator's) CPU per reply: when it nears 1000/rate, it is the limit
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def prepare(url: str, users: int) -> None:
    """A fresh database: one unit, one project and one bound contact per user."""
    if url.startswith("sqlite"):
        for stale in Path("/tmp").glob("flagbot-bench-chat.sqlite3*"):
            stale.unlink()
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(engine)
    now = datetime.now(UTC)
    async with make_sessionmaker(engine).begin() as session:
        session.add(Category(id=1, name="民生实事", created_at=now))
        for u in range(1, users + 1):
            session.add(Unit(id=u, name=f"单位{u}", group_name="县直部门", created_at=now))
        await session.flush()  # the unit of work does not order rows without relationships
        for u in range(1, users + 1):
            session.add(
                Project(
                    id=u,
                    code=f"P{u}",
                    name=f"项目{u}",
                    unit_id=u,
                    category_id=1,
                    target=100000.0,
                    start=date(now.year, 1, 1),
                    due=date(now.year, 12, 31),
                    created_at=now,
                    updated_at=now,
                )
            )
        await session.flush()  # units and projects before the people bound to them
        for u in range(1, users + 1):
            session.add(
                Person(user_id=700000 + u, name=f"联络员{u}", unit_id=u, created_at=now, updated_at=now)
            )
    await engine.dispose()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run_one(kind: str, url: str, *, users: int, per_user: int, latency_ms: float) -> Outcome:
    sim = BotApiSimulator(bot_username="bench_bot", latency_ms=latency_ms)
    await sim.start()
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{sim.url}/bot",
        "TELEGRAM_FILE_BASE_URL": f"{sim.url}/file/bot",
        "DATABASE_URL": url,
        "LOG_LEVEL": "WARNING",
    }
    if kind == "flagbot":
        await prepare(url, users)
        command = [sys.executable, "-m", "bot", "run"]
    else:
        command = [sys.executable, str(ROOT / "scripts" / "echo_bot.py")]
    process = await asyncio.create_subprocess_exec(*command, env=env, cwd="/tmp")
    try:
        contacts = [sim.user(700000 + u, f"联络员{u}") for u in range(1, users + 1)]
        warm = contacts[0]
        warm.send("/help")
        await warm.wait_replies(1, timeout=60)
        sent_at: dict[tuple[int, int], float] = {}
        cpu_before, sim_cpu_before = cpu_seconds(process.pid), time.process_time()
        started = time.time()
        for k in range(1, per_user + 1):
            for u, contact in enumerate(contacts, start=1):
                sent_at[(contact.id, k)] = time.time()
                contact.send(f"/report P{u} {k}")
        total = users * per_user
        deadline = time.time() + 300
        while time.time() < deadline:
            if sum(len(c.chat.bot_messages()) for c in contacts) >= total + 1:
                break
            await asyncio.sleep(0.05)
        finished = time.time()
        cpu_used = cpu_seconds(process.pid) - cpu_before
        sim_cpu_used = time.process_time() - sim_cpu_before
        rss = peak_rss_mb(process.pid)
    finally:
        process.terminate()
        await process.wait()
        await sim.stop()
    latencies, lost, out_of_order = [], 0, 0
    calls = {
        (call.chat_id, (call.result or {}).get("message_id")): call.ts
        for call in sim.sent(method="sendMessage", ok=True)
    }
    last_reply = started
    for contact in contacts:
        values = []
        for message in contact.chat.bot_messages():
            match = VALUE.search(message.get("text") or "")
            if match:
                values.append(int(match.group(1)))
                reply_ts = calls.get((contact.id, message["message_id"]))
                if reply_ts is not None:
                    latencies.append(reply_ts - sent_at[(contact.id, int(match.group(1)))])
                    last_reply = max(last_reply, reply_ts)
        lost += per_user - len(values)
        out_of_order += sum(1 for a, b in zip(values, values[1:], strict=False) if b < a)
    elapsed = (last_reply if latencies else finished) - started
    latencies.sort()
    return Outcome(
        rate=(total - lost) / elapsed if elapsed > 0 else 0.0,
        lost=lost,
        out_of_order=out_of_order,
        p50_ms=1000 * statistics.median(latencies) if latencies else 0.0,
        p95_ms=1000 * latencies[int(len(latencies) * 0.95) - 1] if latencies else 0.0,
        peak_rss_mb=rss,
        cpu_ms=1000 * cpu_used / max(total - lost, 1),
        sim_cpu_ms=1000 * sim_cpu_used / max(total - lost, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--no-echo", action="store_true", help="only flagbot (e.g. to profile it)")
    parser.add_argument(
        "--latency", type=int, nargs="*", default=[0, 50], help="ms added to each Bot API call"
    )
    args = parser.parse_args()
    per_user = max(1, args.messages // args.users)
    pg = normalize_url(
        os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_chat")
    )
    backends = {"sqlite": "sqlite+aiosqlite:////tmp/flagbot-bench-chat.sqlite3", "postgresql": pg}
    chosen = list(backends) if args.db == "both" else [args.db]
    print(f"{args.users} contacts × {per_user} /report = {args.users * per_user} messages, sent at once")
    for latency in args.latency:
        print(f"\nBot API latency {latency} ms")
        echo = None
        if not args.no_echo:
            echo = asyncio.run(run_one("echo", "", users=args.users, per_user=per_user, latency_ms=latency))
            print(
                f"  echo bot (PTB defaults): {echo.rate:7.1f} msg/s, p50 {echo.p50_ms:7.0f} ms, p95 {echo.p95_ms:7.0f} ms, "
                f"lost {echo.lost}, out of order {echo.out_of_order}, peak RSS {echo.peak_rss_mb:.0f} MB, "
                f"CPU {echo.cpu_ms:.2f} ms/reply (simulator {echo.sim_cpu_ms:.2f})"
            )
        for name in chosen:
            out = asyncio.run(
                run_one("flagbot", backends[name], users=args.users, per_user=per_user, latency_ms=latency)
            )
            versus = f" ({out.rate / echo.rate:.0%} of echo)" if echo else ""
            print(
                f"  flagbot on {name:10s}: {out.rate:7.1f} reports/s{versus}, "
                f"p50 {out.p50_ms:7.0f} ms, p95 {out.p95_ms:7.0f} ms, lost {out.lost}, "
                f"out of order {out.out_of_order}, peak RSS {out.peak_rss_mb:.0f} MB, "
                f"CPU {out.cpu_ms:.2f} ms/reply (simulator {out.sim_cpu_ms:.2f})"
            )


if __name__ == "__main__":
    main()
