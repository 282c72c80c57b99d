"""Load test — a county's worst day: 200 contacts reporting in the hour before the deadline while the leaders
keep asking for /ranking, against two `flagbot run` processes in webhook mode on one PostgreSQL.

    python scripts/load_test.py                  # 10 minutes
    python scripts/load_test.py --minutes 2      # a quicker run
    python scripts/load_test.py --db postgresql://postgres@127.0.0.1:5432/flagbot_load --latency-ms 50

The Bot API simulator runs in this process, and a relay plays Telegram's webhook delivery: each update is
POSTed (with the secret) to the two processes in turn, like a load balancer, and retried on the other one
until answered 200. Contacts report at random (Poisson) moments — by default 2 reports a minute each, about
six times the real worst hour (200 contacts × a few messages) — with cumulative values that only grow;
each leader sends /ranking, waits for the answer, and asks again 10 s later.

At the end (after up to a minute for the stragglers) it prints: updates sent, errors (internal-error replies,
Bot API calls that failed, non-200 webhook answers, ERROR log lines of the bots), p50/p95/max reply latency
(send → the bot's reply reaching the Bot API), reports lost (never acknowledged), reports stored twice, the
largest inbox backlog /healthz showed, which process led, and the machine's 1-minute load average during
the run (other work on the machine slows the bot: report it with the figures).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bot.render.texts import message  # noqa: E402
from bot.simulator import BotApiSimulator, SimUser  # noqa: E402
from storage.db import normalize_url  # noqa: E402
from tests.faults.harness import (  # noqa: E402
    ACK,
    CONTACT_BASE,
    BotProcess,
    WebhookRelay,
    bot_env,
    free_port,
    prepare_county,
    stored_reports,
    webhook_env,
)

LEADER_BASE = 800000
# Apologies a user could get: a bug, "will be done shortly" (the database away), "send it again".
APOLOGIES = {message(key, "zh") for key in ("internal_error", "will_retry", "failed_try_again")}


@dataclass
class Tally:
    sent_reports: dict[tuple[int, int], float] = field(default_factory=dict)  # (user, value) -> sent at
    rankings_sent: int = 0
    ranking_latencies: list[float] = field(default_factory=list)
    rankings_unanswered: int = 0
    max_inbox_backlog: int = 0
    load_averages: list[float] = field(default_factory=list)  # the machine's 1-minute load, every 2 s
    roles: list[str] = field(default_factory=list)


async def ensure_database(url: str) -> str:
    """The load test's own database (created when missing), so it never touches anyone else's."""
    url = normalize_url(url)
    base, name = url.rsplit("/", 1)
    admin = create_async_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            exists = (
                await conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            ).first()
            if not exists:
                await conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return url


async def contact_loop(
    contact: SimUser, project: str, *, rate_per_s: float, until: float, rng: random.Random, tally: Tally
) -> None:
    value = 0
    while True:
        at = time.time() + rng.expovariate(rate_per_s)
        if at >= until:
            await asyncio.sleep(max(0.0, until - time.time()))
            return
        await asyncio.sleep(at - time.time())
        value += rng.randint(1, 50)
        tally.sent_reports[(contact.id, value)] = time.time()
        contact.send(f"/report {project} {value}")


async def leader_loop(leader: SimUser, *, every_s: float, until: float, tally: Tally) -> None:
    await asyncio.sleep(random.uniform(0, every_s))
    while time.time() < until:
        before = len(leader.chat.bot_messages())
        started = time.time()
        leader.send("/ranking")
        tally.rankings_sent += 1
        while len(leader.chat.bot_messages()) == before and time.time() - started < 30:
            await asyncio.sleep(0.02)
        if len(leader.chat.bot_messages()) == before:
            tally.rankings_unanswered += 1
        else:
            tally.ranking_latencies.append(time.time() - started)
        await asyncio.sleep(min(every_s, max(0.0, until - time.time())))


async def sample_health(bots: list[BotProcess], *, until: float, tally: Tally) -> None:
    while time.time() < until:
        tally.load_averages.append(os.getloadavg()[0])
        for bot in bots:
            try:
                _, body = await bot.health()
                tally.max_inbox_backlog = max(tally.max_inbox_backlog, int(body.get("inbox_backlog") or 0))
            except Exception:  # noqa: BLE001, S110 - a sample missed is not a result
                pass
        await asyncio.sleep(2)


def reply_latencies(sim: BotApiSimulator, contacts: list[SimUser], tally: Tally) -> tuple[list[float], int]:
    """Each acknowledged report's latency, and how many reports were never acknowledged."""
    call_ts = {
        (call.chat_id, (call.result or {}).get("message_id")): call.ts
        for call in sim.sent(method="sendMessage", ok=True)
    }
    latencies, acked = [], set()
    for contact in contacts:
        for msg in contact.chat.bot_messages():
            match = ACK.search(msg.get("text") or "")
            key = (contact.id, int(match.group(1))) if match else None
            if key is None or key not in tally.sent_reports or key in acked:
                continue
            acked.add(key)
            ts = call_ts.get((contact.id, msg["message_id"]))
            if ts is not None:
                latencies.append(ts - tally.sent_reports[key])
    return latencies, len(set(tally.sent_reports) - acked)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p * len(ordered)) - 1))]


async def run(args: argparse.Namespace) -> int:
    url = await ensure_database(args.db)
    leaders = [LEADER_BASE + i for i in range(1, args.leaders + 1)]
    print(f"preparing {args.contacts} units, projects and contacts and {args.leaders} leaders in {url}")
    await prepare_county(url, args.contacts, leaders=leaders)
    sim = BotApiSimulator(bot_username="load_bot", latency_ms=args.latency_ms)
    await sim.start()
    workdir = Path(tempfile.mkdtemp(prefix="flagbot-load-"))
    bots = [
        BotProcess(bot_env(sim, url, LOG_LEVEL="WARNING", **webhook_env(free_port())), workdir, f"bot{i}")
        for i in range(1, args.processes + 1)
    ]
    tally = Tally()
    rng = random.Random(args.seed)
    contacts = [sim.user(CONTACT_BASE + u, f"联络员{u}") for u in range(1, args.contacts + 1)]
    leader_users = [sim.user(uid, "县领导") for uid in leaders]
    try:
        for bot in bots:
            await bot.start()
        for bot in bots:
            await bot.wait_healthy(60)
        await asyncio.sleep(1.0)
        targets = [f"http://127.0.0.1:{bot.port}/telegram/webhook" for bot in bots]
        async with WebhookRelay(sim, targets) as relay:
            started = time.time()
            until = started + args.minutes * 60
            print(f"running for {args.minutes} min: {len(bots)} webhook processes, logs in {workdir}")
            tasks = [
                asyncio.create_task(
                    contact_loop(
                        c, f"P{u}", rate_per_s=args.reports_per_min / 60, until=until, rng=rng, tally=tally
                    )
                )
                for u, c in enumerate(contacts, start=1)
            ]
            tasks += [
                asyncio.create_task(
                    leader_loop(leader, every_s=args.ranking_every_s, until=until, tally=tally)
                )
                for leader in leader_users
            ]
            tasks.append(asyncio.create_task(sample_health(bots, until=until, tally=tally)))
            await asyncio.gather(*tasks)
            deadline = time.time() + 60  # the stragglers
            while time.time() < deadline and reply_latencies(sim, contacts, tally)[1]:
                await asyncio.sleep(0.5)
            elapsed = time.time() - started
            for bot in bots:
                tally.roles.append((await bot.health())[1]["scheduler"])
            refused = dict(relay.refused)
    finally:
        codes = [await bot.stop() for bot in bots]
        await sim.stop()
    latencies, lost = reply_latencies(sim, contacts, tally)
    rows, keys, _ = await stored_reports(url)
    apologies = sum(
        1
        for u in [*contacts, *leader_users]
        for m in u.chat.bot_messages()
        if (m.get("text") or "") in APOLOGIES
    )
    failed_calls = sum(1 for call in sim.log if not call.ok)
    error_lines = sum(bot.logs().count("level=ERROR") for bot in bots)
    updates = len(tally.sent_reports) + tally.rankings_sent
    all_latencies = latencies + tally.ranking_latencies
    print()
    print(
        f"updates sent        {updates} in {elapsed:.0f} s ({updates / elapsed:.1f}/s): "
        f"{len(tally.sent_reports)} reports, {tally.rankings_sent} /ranking"
    )
    print(
        f"errors              apologies to users {apologies}, failed Bot API calls {failed_calls}, "
        f"non-200 webhook answers {sum(refused.values())} {refused or ''}, ERROR log lines {error_lines}"
    )
    print(
        f"reply latency       p50 {1000 * statistics.median(all_latencies):.0f} ms, "
        f"p95 {1000 * percentile(all_latencies, 0.95):.0f} ms, max {1000 * max(all_latencies):.0f} ms "
        f"(reports p95 {1000 * percentile(latencies, 0.95):.0f} ms, "
        f"/ranking p95 {1000 * percentile(tally.ranking_latencies, 0.95):.0f} ms)"
    )
    print(
        f"lost                {lost} reports never acknowledged, {tally.rankings_unanswered} /ranking unanswered"
    )
    print(f"stored              {rows} report rows, {keys} distinct messages ({rows - keys} stored twice)")
    print(f"inbox backlog       at most {tally.max_inbox_backlog} (sampled every 2 s)")
    print(f"processes           scheduler: {', '.join(tally.roles)}; exit codes {codes}")
    loads = tally.load_averages or [0.0]
    print(
        f"machine             {os.cpu_count()} CPUs; 1-minute load average during the run "
        f"min {min(loads):.2f}, mean {statistics.fmean(loads):.2f}, max {max(loads):.2f}"
    )
    errors = apologies + failed_calls + sum(refused.values()) + error_lines
    ok = errors == 0 and lost == 0 and rows == keys and tally.roles.count("leader") == 1 and not any(codes)
    return 0 if ok else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/flagbot_load")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--contacts", type=int, default=200)
    parser.add_argument("--leaders", type=int, default=10)
    parser.add_argument("--reports-per-min", type=float, default=2.0, help="per contact")
    parser.add_argument("--ranking-every-s", type=float, default=10.0, help="per leader, after each answer")
    parser.add_argument("--latency-ms", type=float, default=20.0, help="added to every Bot API call")
    parser.add_argument("--seed", type=int, default=1)
    raise SystemExit(asyncio.run(run(parser.parse_args())))


if __name__ == "__main__":
    main()
