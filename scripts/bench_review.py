"""Benchmark: a full review over a province-sized synthetic county, against one hand-written SQL query.

    python scripts/bench_review.py --db sqlite            # SQLite file in /tmp
    python scripts/bench_review.py --db postgresql://postgres@127.0.0.1:5432/test
    python scripts/bench_review.py --units 100            # a county-sized run

Generates UNITS × 25 projects × 12 reports (default 2,000 units: 50,000 projects, 600,000 reports) with
month-end plan points, then, each in a fresh child process so peak memory is the review's own:
  1. the baseline: one SQL query that fetches each project's latest report before the deadline;
  2. the review: `compute_review` (projects, plans, latest values, scores, ranks, flags, stored as a draft).
Prints wall times, peak RSS and the ratio review ÷ baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text  # noqa: E402

from bot.domain.compliance import Plan, expected  # noqa: E402
from bot.domain.periods import Period, month_end  # noqa: E402
from bot.domain.policy import Policy  # noqa: E402
from storage.db import make_engine, make_sessionmaker, normalize_url  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.tables import Category, PlanMonth, Project, Report, Unit, plan_json, plan_points  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
PERIOD = Period(2026, 10)
PROJECTS_PER_UNIT = 25
REPORTS_PER_PROJECT = 12
CATEGORIES = ["民生实事", "重点项目", "闯创干", "真抓实干"]

BASELINE_SQL = """
SELECT project_id, value FROM (
  SELECT project_id, value,
         row_number() OVER (PARTITION BY project_id ORDER BY reported_at DESC, id DESC) AS position
  FROM report WHERE reported_at < :cutoff AND value IS NOT NULL
) latest WHERE position = 1
"""


def database_url(arg: str) -> str:
    return "sqlite+aiosqlite:////tmp/flagbot-bench.sqlite3" if arg == "sqlite" else normalize_url(arg)


async def generate(url: str, units: int, seed: int = 1) -> None:
    """A fresh database with the synthetic county."""
    if url.startswith("sqlite"):
        Path(url.split(":///", 1)[1]).unlink(missing_ok=True)
    engine = make_engine(url)
    if not url.startswith("sqlite"):
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    await upgrade(engine)
    rng = random.Random(seed)
    now = datetime(2026, 11, 20, tzinfo=UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(Category.__table__),
            [{"id": i + 1, "name": n, "created_at": now} for i, n in enumerate(CATEGORIES)],
        )
        await conn.execute(
            insert(Unit.__table__),
            [
                {
                    "id": u,
                    "name": f"单位{u:05d}",
                    "short_name": "",
                    "group_name": "乡镇" if u % 3 == 0 else "县直部门",
                    "created_at": now,
                }
                for u in range(1, units + 1)
            ],
        )
        projects = []
        for u in range(1, units + 1):
            for k in range(PROJECTS_PER_UNIT):
                pid = (u - 1) * PROJECTS_PER_UNIT + k + 1
                target = float(rng.randrange(10, 1000))
                projects.append(
                    {
                        "id": pid,
                        "code": f"P{pid:06d}",
                        "name": f"项目{pid}",
                        "unit_id": u,
                        "category_id": k % len(CATEGORIES) + 1,
                        "target": target,
                        "measure": "个",
                        "start": date(2026, 1, 1),
                        "due": date(2026, 12, 31),
                        "weight": float(1 + k % 3),
                        # Every month's planned amount, as a ledger with all 1月…11月 columns gives.
                        "plan": plan_json((month_end(2026, m), target * m / 12) for m in range(1, 12)),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        await conn.execute(insert(Project.__table__), projects)
        # What an import stores besides the plan: expected at each month end (storage.tables.PlanMonth).
        months = []
        for project in projects:
            plan = Plan(
                target=project["target"],
                start=project["start"],
                due=project["due"],
                points=plan_points(project["plan"]),
            )
            months.extend(
                {
                    "project_id": project["id"],
                    "month_end": month_end(2026, m),
                    "expected": expected(plan, month_end(2026, m)),
                }
                for m in range(1, 13)
            )
        for i in range(0, len(months), 100_000):
            await conn.execute(insert(PlanMonth.__table__), months[i : i + 100_000])
    report_id = 0
    async with engine.begin() as conn:
        batch = []
        for project in projects:
            pace = rng.uniform(0.6, 1.3)
            for m in range(1, REPORTS_PER_PROJECT + 1):
                report_id += 1
                day = date(2026, min(m, 11), 1) + timedelta(days=rng.randrange(0, 27))
                at = datetime(day.year, day.month, day.day, rng.randrange(8, 18), tzinfo=TZ)
                batch.append(
                    {
                        "id": report_id,
                        "project_id": project["id"],
                        "kind": "report",
                        "value": round(project["target"] * min(1.0, pace * m / 12), 2),
                        "note": "",
                        "reported_at": at,
                        "received_at": at,
                        "user_id": 1000 + project["unit_id"],
                        "reporter": "",
                        "source": "bench",
                        "source_key": f"bench:{report_id}",
                    }
                )
                if len(batch) == 50_000:
                    await conn.execute(insert(Report.__table__), batch)
                    batch = []
        if batch:
            await conn.execute(insert(Report.__table__), batch)
    if not url.startswith("sqlite"):
        async with engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    await engine.dispose()


async def run_baseline(url: str) -> dict[str, float]:
    engine = make_engine(url)
    cutoff = PERIOD.cutoff(grace_days=5, tz=TZ).astimezone(UTC)
    bound = cutoff.replace(tzinfo=None) if url.startswith("sqlite") else cutoff
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
        started = time.perf_counter()
        rows = (await conn.execute(text(BASELINE_SQL), {"cutoff": bound})).all()
        elapsed = time.perf_counter() - started
    await engine.dispose()
    return {"seconds": elapsed, "rows": len(rows)}


async def run_review(url: str) -> dict[str, float]:
    from bot.services.reviews import compute_review

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    started = time.perf_counter()
    async with sessions.begin() as session:
        result = await compute_review(
            session, PERIOD, policy=Policy(), tz=TZ, now=datetime(2026, 11, 10, tzinfo=TZ)
        )
    elapsed = time.perf_counter() - started
    await engine.dispose()
    flags = sum(1 for e in result.entries if e.flag)
    return {"seconds": elapsed, "entries": len(result.entries), "flags": flags}


def peak_rss_mb() -> float:
    """This process's peak RSS. VmHWM starts afresh at exec; ru_maxrss would carry the parent's peak over."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, url: str) -> dict[str, float]:
    """Run one measurement in a fresh interpreter; peak RSS is that process's own."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--url", url], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child")
    parser.add_argument("--url")
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    if args.child:
        result = asyncio.run(run_baseline(args.url) if args.child == "baseline" else run_review(args.url))
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return
    url = database_url(args.db)
    if not args.skip_generate:
        started = time.perf_counter()
        asyncio.run(generate(url, args.units))
        print(
            f"generated {args.units} units, {args.units * PROJECTS_PER_UNIT} projects, "
            f"{args.units * PROJECTS_PER_UNIT * REPORTS_PER_PROJECT} reports in {time.perf_counter() - started:.1f} s"
        )
    baselines = [child("baseline", url) for _ in range(args.repeat)]
    reviews = [child("review", url) for _ in range(args.repeat)]
    base = sorted(b["seconds"] for b in baselines)[len(baselines) // 2]
    review = sorted(r["seconds"] for r in reviews)[len(reviews) // 2]
    runs = ", ".join(format(r["seconds"], ".2f") for r in reviews)
    print(f"backend: {url.split(':')[0]}")
    print(
        f"baseline query (latest report per project): median {base:.2f} s over {args.repeat} runs, "
        f"{baselines[0]['rows']:.0f} rows, peak RSS {max(b['peak_rss_mb'] for b in baselines):.0f} MB"
    )
    print(
        f"full review: median {review:.2f} s (runs: {runs}), "
        f"{reviews[0]['entries']:.0f} unit×category entries, {reviews[0]['flags']:.0f} flags, "
        f"peak RSS {max(r['peak_rss_mb'] for r in reviews):.0f} MB"
    )
    print(f"ratio review / baseline: {review / base:.2f}")


if __name__ == "__main__":
    main()
