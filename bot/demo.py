"""`flagbot demo`: the whole story offline — a sample county reports over two periods, two reviews."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from bot.domain.periods import last_reviewable_period
from bot.ledger.parse import parse_ledger
from bot.render.ledger import import_summary_text
from bot.render.review import review_text
from bot.sample_county import ledger_csv, sample_projects, sample_reports
from bot.services.export import export_review
from bot.services.ledger import import_ledger
from bot.services.reports import ReportRequest, submit_report
from bot.services.reviews import publish_review
from bot.settings import Settings
from storage.db import make_engine, make_sessionmaker
from storage.migrate import upgrade


async def run_demo(settings: Settings, *, output: str | None = None) -> int:
    """Run the shell demo into a fresh folder and say where everything is."""
    folder = Path(output) if output else Path(tempfile.mkdtemp(prefix="flagbot-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "demo.sqlite3"
    database.unlink(missing_ok=True)
    tz, policy = settings.tz, settings.policy
    now = datetime.now(tz)
    second = last_reviewable_period(now, months=policy.period_months, grace_days=policy.grace_days)
    first = second.previous()
    engine = make_engine(f"sqlite+aiosqlite:///{database}")
    transcript: list[str] = []

    def say(text: str) -> None:
        print(text)
        transcript.append(text)

    try:
        await upgrade(engine)
        sessions = make_sessionmaker(engine)
        projects = sample_projects(
            first.first_day.year if first.first_day.year == second.year else second.year
        )
        ledger = ledger_csv(projects)
        (folder / "sample-ledger.csv").write_bytes(ledger)
        say("== 1. 考核办导入台账 sample-ledger.csv ==")
        async with sessions.begin() as session:
            parsed = parse_ledger(ledger, "sample-ledger.csv", today=now.date())
            summary = await import_ledger(
                session,
                parsed,
                actor="demo:考核办",
                user_id=None,
                now=now,
                tz=tz,
                default_group=settings.default_group,
            )
        say(import_summary_text(summary))
        reports = sample_reports(projects, (first, second), tz=tz)
        say(f"\n== 2. 各单位报送进度：{len(reports)} 条（{first.label_zh()}、{second.label_zh()}）==")
        async with sessions.begin() as session:
            for index, r in enumerate(reports):
                request = ReportRequest(
                    project_ref=r.code,
                    value_text=f"{r.value:g}",
                    note=r.note,
                    reported_at=r.at,
                    source="demo",
                    source_key=f"demo:{index}",
                    reporter=f"{r.unit}联络员",
                )
                await submit_report(session, request, now=now, policy=policy, tz=tz)
        for period in (first, second):
            say(f"\n== 3. 发布 {period.label_zh()} 双月讲评 ==")
            async with sessions.begin() as session:
                result = await publish_review(
                    session, period, policy=policy, tz=tz, now=now, actor="demo:考核办"
                )
            say(review_text(result, tz=tz))
        async with sessions.begin() as session:
            workbook = await export_review(session, second, policy=policy, tz=tz, now=now)
        (folder / f"review-{second.name}.xlsx").write_bytes(workbook)
    finally:
        await engine.dispose()
    (folder / "transcript.txt").write_text("\n".join(transcript) + "\n", encoding="utf-8")
    print(f"\n演示完成。记录、台账和讲评表在：{folder.resolve()}")
    return 0
