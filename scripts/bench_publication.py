"""Benchmark: publish a province-sized review while 100 contacts keep sending /report through the real bot.

    python scripts/bench_publication.py --db sqlite
    python scripts/bench_publication.py --db postgresql://postgres@127.0.0.1:5432/bench_pub
    python scripts/bench_publication.py --db sqlite --units 300 --skip-generate   # a quicker look

The county is scripts/bench_review.py's (UNITS × 25 projects × 12 reports; default 2,000 units), plus
the leaders' chat and the work group bound, an admin, and 100 contacts (units 1–100), each with a project
of its own to report on. The bot runs as its own process (`python -m bot run`) against the Bot API
simulator in this process. Each contact sends /report, waits for the answer, sends the next (a closed
loop: latency is the bot's, not a queue's), at most one every --interval seconds (default 2: 100
contacts send about 50 reports/s; --interval 0 sends the next at once, a stress test). After a few seconds of that the admin sends
`/review publish 2026-10`. Phases, by when a report was sent:
  before      — the warm-up, nothing being published;
  publishing  — from the admin's command to the admin's answer (the publishing transaction);
  building    — from the admin's answer until every chart and the workbook are attached to the outbox;
  after       — a few seconds more (the sender is delivering the files meanwhile).
Prints p50 / p95 / max reply latency and the number of replies per phase.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_review import PROJECTS_PER_UNIT, database_url, generate  # noqa: E402
from sqlalchemy import delete, func, insert, select, text  # noqa: E402

from bot.simulator import BotApiSimulator  # noqa: E402
from storage.db import make_engine, normalize_url  # noqa: E402
from storage.tables import (  # noqa: E402
    AuditLog,
    ChatBinding,
    DocumentNumber,
    Inbox,
    Outbox,
    PendingAction,
    Person,
    Project,
    RectificationItem,
    Report,
    Review,
    Score,
    UnitMeasure,
)

TOKEN = "123456789:BENCHBENCHBENCHBENCHBENCHBENCH"
ADMIN = 900001
LEADERS, WORKGROUP = -100900, -100901
CONTACT_BASE = 700000
ACK = re.compile(r"累计完成：?\d")  # "累计完成30个，占年度目标的25.0%"
OWN_PROJECT_BASE = 9_000_000  # the contacts' own projects: reported on during the run, after the cut-off


async def prepare(url: str, contacts: int) -> None:
    """On top of the generated county: the bindings, the contacts and their projects; no review yet."""
    engine = make_engine(url)
    now = datetime.now(UTC)
    try:
        async with engine.begin() as conn:
            # what an earlier run left: its review, the rectification list it opened, the 通报's number
            earlier = (Outbox, Inbox, PendingAction, AuditLog, RectificationItem, UnitMeasure, DocumentNumber)
            for table in (*earlier, Score, Review):
                await conn.execute(delete(table))
            await conn.execute(delete(Report).where(Report.project_id >= OWN_PROJECT_BASE))
            await conn.execute(delete(Person))
            await conn.execute(delete(ChatBinding))
            await conn.execute(delete(Project).where(Project.id >= OWN_PROJECT_BASE))
            if not url.startswith("sqlite"):  # the county's rows came with their ids: move the sequences on
                for table in ("report", "project", "unit", "category"):
                    await conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                        )
                    )
            await conn.execute(
                insert(ChatBinding.__table__),
                [
                    {
                        "kind": "leaders",
                        "chat_id": LEADERS,
                        "title": "领导群",
                        "bound_by": ADMIN,
                        "bound_at": now,
                    },
                    {
                        "kind": "workgroup",
                        "chat_id": WORKGROUP,
                        "title": "工作群",
                        "bound_by": ADMIN,
                        "bound_at": now,
                    },
                ],
            )
            await conn.execute(
                insert(Project.__table__),
                [
                    {
                        "id": OWN_PROJECT_BASE + u,
                        "code": f"C{u:03d}",
                        "name": f"联络员项目{u}",
                        "unit_id": u,
                        "category_id": 1,
                        "target": 1e9,
                        "measure": "个",
                        "start": date(2026, 1, 1),
                        "due": date(max(now.year, 2026), 12, 31),
                        "weight": 1.0,
                        "plan": "[]",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for u in range(1, contacts + 1)
                ],
            )
            await conn.execute(
                insert(Person.__table__),
                [
                    {
                        "user_id": CONTACT_BASE + u,
                        "name": f"联络员{u}",
                        "unit_id": u,
                        "is_head": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for u in range(1, contacts + 1)
                ],
            )
    finally:
        await engine.dispose()


async def files_pending(url: str) -> int:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            query = select(func.count()).select_from(Outbox).where(Outbox.file_pending.is_not(None))
            return int((await conn.execute(query)).scalar_one())
    finally:
        await engine.dispose()


def summary(latencies: list[float]) -> str:
    if not latencies:
        return "no replies"
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (
        f"p50 {1000 * statistics.median(ordered):6.0f} ms  p95 {1000 * p95:6.0f} ms  "
        f"max {1000 * ordered[-1]:6.0f} ms  ({len(ordered)} replies)"
    )


async def run(
    url: str, *, contacts: int, interval_s: float, warm_s: float, after_s: float
) -> dict[str, list[float]]:
    sim = BotApiSimulator(bot_username="bench_bot")
    await sim.start()
    env = {
        **os.environ,
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"{sim.url}/bot",
        "TELEGRAM_FILE_BASE_URL": f"{sim.url}/file/bot",
        "DATABASE_URL": url,
        "ADMIN_IDS": str(ADMIN),
        "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
    }
    admin = sim.user(ADMIN, "考核办", username="kaohe")
    sim.group(LEADERS, "领导群")
    sim.group(WORKGROUP, "工作群")
    people = [sim.user(CONTACT_BASE + u, f"联络员{u}") for u in range(1, contacts + 1)]
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", env=env, cwd="/tmp")
    marks: dict[str, float] = {}
    samples: list[tuple[float, float]] = []  # (sent, latency)
    stop = asyncio.Event()

    async def contact(index: int) -> None:
        person, value = people[index], 0
        await asyncio.sleep(interval_s * index / contacts)  # spread over the interval
        while not stop.is_set():
            value += 1
            sent = time.monotonic()
            person.send(f"/report C{index + 1:03d} {value}")
            while True:  # the answer to this report (a follow-up of the review may come in between)
                (reply,) = await person.wait_replies(1, timeout=120)
                if ACK.search(reply.get("text") or ""):
                    break
            samples.append((sent, time.monotonic() - sent))
            await asyncio.sleep(max(0.0, sent + interval_s - time.monotonic()))

    try:
        admin.send("/help")
        await admin.wait_replies(1, timeout=120)
        loops = [asyncio.create_task(contact(i)) for i in range(contacts)]
        await asyncio.sleep(warm_s)
        marks["publish"] = time.monotonic()
        admin.send("/review publish 2026-10")
        (answer,) = await admin.wait_replies(1, timeout=600)
        marks["published"] = time.monotonic()
        print(
            f"    admin's answer after {marks['published'] - marks['publish']:.1f} s: {answer['text'][:40]!r}"
        )
        # Asked from a thread with its own loop: SQLite runs in the calling thread (storage.db), and a
        # read waiting on the bot's write must not stall the simulator, which answers the bot.
        while await asyncio.to_thread(asyncio.run, files_pending(url)) > 0:
            await asyncio.sleep(0.5)
        marks["built"] = time.monotonic()
        print(f"    files attached {marks['built'] - marks['published']:.1f} s after the answer")
        await asyncio.sleep(after_s)
        stop.set()
        await asyncio.gather(*loops)
    finally:
        process.terminate()
        await process.wait()
        await sim.stop()
    if os.environ.get("BENCH_TIMELINE"):  # when the slow replies were sent, from the admin's answer
        building = [s for s in samples if marks["published"] <= s[0] < marks["built"]]
        slow = sorted(building, key=lambda s: -s[1])[:12]
        print("    slowest while building (sent at, from the answer):")
        print("     ", ", ".join(f"{t - marks['published']:+.1f}s:{lat * 1000:.0f}ms" for t, lat in slow))
    phases: dict[str, list[float]] = {"before": [], "publishing": [], "building": [], "after": []}
    for sent, latency in samples:
        if sent < marks["publish"]:
            phases["before"].append(latency)
        elif sent < marks["published"]:
            phases["publishing"].append(latency)
        elif sent < marks["built"]:
            phases["building"].append(latency)
        else:
            phases["after"].append(latency)
    return phases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite", help="sqlite or a PostgreSQL URL")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--contacts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--interval", type=float, default=2.0, help="seconds between a contact's reports (0: closed loop)"
    )
    parser.add_argument("--warm", type=float, default=5.0, help="seconds of reports before publishing")
    parser.add_argument("--after", type=float, default=3.0, help="seconds of reports after the files")
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    url = database_url(args.db) if args.db == "sqlite" else normalize_url(args.db)
    if not args.skip_generate:
        started = time.perf_counter()
        asyncio.run(generate(url, args.units))
        print(
            f"generated {args.units} units × {PROJECTS_PER_UNIT} projects in {time.perf_counter() - started:.0f} s"
        )
    print(f"backend: {url.split(':')[0]}, {args.contacts} contacts, a report each every {args.interval} s")
    for number in range(1, args.repeat + 1):
        asyncio.run(prepare(url, args.contacts))
        print(f"  run {number}")
        phases = asyncio.run(
            run(url, contacts=args.contacts, interval_s=args.interval, warm_s=args.warm, after_s=args.after)
        )
        during = phases["publishing"] + phases["building"]
        for name, latencies in phases.items():
            print(f"    {name:10s} {summary(latencies)}")
        print(f"    {'during':10s} {summary(during)}  (publishing + building)")


if __name__ == "__main__":
    main()
