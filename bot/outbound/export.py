"""The review workbook (SPEC §4 /export): ranking and flags, the ledger at the cut-off, the raw reports."""

from __future__ import annotations

import asyncio
from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.compliance import Status, schedule_status
from bot.domain.periods import Period
from bot.domain.policy import Policy
from bot.domain.review import ReviewResult
from bot.domain.views_export import LedgerLine, RankingLine, RawReportLine, ReviewWorkbook
from bot.render.periods import period_label
from bot.render.texts import message, status_label, transition_label
from bot.render.workbook import review_workbook
from bot.services.history import ledger_changes
from bot.services.rectify import review_items
from bot.services.reviews import ProjectAtCutoff, compute_review, projects_at_cutoff
from storage.queries import ledger as ledger_q
from storage.queries import reports as reports_q

_KINDS = {
    "report": "workbook_kind_report",
    "withdrawal": "workbook_kind_withdrawal",
    "correction": "workbook_kind_correction",
}
_STATES = {"published": "workbook_published", "draft": "workbook_draft"}


async def export_review(
    session: AsyncSession,
    period: Period,
    *,
    policy: Policy,
    tz: tzinfo,
    now: datetime,
    lang: str = "zh",
) -> bytes:
    """The .xlsx of a period's review (computed as a draft first if it was not yet), built in a thread."""
    data = await workbook_data(session, period, policy=policy, tz=tz, now=now, lang=lang)
    return await build_workbook(data, lang=lang, tz=tz)


async def build_workbook(data: ReviewWorkbook, *, lang: str, tz: tzinfo, county: str = "") -> bytes:
    """The .xlsx from data read before: off the event loop (openpyxl takes seconds on a province)."""
    return await asyncio.to_thread(review_workbook, data, lang=lang, tz=tz, county=county)


async def workbook_data(
    session: AsyncSession,
    period: Period,
    *,
    policy: Policy,
    tz: tzinfo,
    now: datetime,
    lang: str = "zh",
    counted: list[ProjectAtCutoff] | None = None,
    result: ReviewResult | None = None,
) -> ReviewWorkbook:
    """What the review workbook shows, read from the database (computed as a draft first if it was not yet).

    `counted`: the period's projects_at_cutoff under the review's own policy, and `result` the review,
    when the caller has them (publication computed them a moment ago); otherwise they are read here.
    """
    if result is None:
        result = await compute_review(session, period, policy=policy, tz=tz, now=now, counted=counted)
    stored_policy = result.policy
    units = {u.id: u for u in await ledger_q.list_units(session)}
    categories = {c.id: c for c in await ledger_q.list_categories(session)}
    projects = {p.id: p for p in await ledger_q.list_projects(session)}
    ranking = [
        RankingLine(
            category=e.category,
            group=e.group,
            unit=e.unit,
            score=float(e.score),
            rank=e.rank,
            flag=e.flag.value if e.flag else None,
            transition=transition_label(e.transition, e.streak, lang) or None,
            counted_projects=e.projects_counted,
        )
        for e in result.entries
    ]
    ledger = []
    period_reports = await reports_q.list_reports(session, since=period.start(tz=tz), before=result.cutoff)
    notes: dict[int, str] = {}  # each project's latest words in the period (存在问题、下步措施)
    for r in sorted(period_reports, key=lambda r: r.reported_at):
        if r.note and r.kind != "withdrawal":
            notes[r.project_id] = r.note
    latest = await reports_q.latest_values(session, before=result.cutoff)
    if counted is None:
        counted = await projects_at_cutoff(session, period, policy=stored_policy, tz=tz)
    for item in counted:
        project = projects[item.project_id]
        status = schedule_status(
            actual=item.actual,
            expected=item.expected,
            target=item.target,
            tolerance=stored_policy.on_schedule_tolerance,
            serious_below=stored_policy.serious_lag_below,
        )
        ledger.append(
            LedgerLine(
                code=project.code,
                name=project.name,
                unit=units[project.unit_id].name,
                group=units[project.unit_id].group_name,
                category=categories[project.category_id].name,
                measure=project.measure,
                target=project.target,
                weight=project.weight,
                start=project.start,
                due=project.due,
                expected=item.expected,
                actual=item.actual,
                compliance=item.compliance,
                status=status_label(status, not_reported=not item.reported_in_period, lang=lang),
                last_report_at=latest[item.project_id].reported_at if item.project_id in latest else None,
                lagging=status in (Status.LAGGING, Status.SERIOUS),
                reported=item.reported_in_period,
                note=notes.get(item.project_id, ""),
            )
        )
    reports = [
        RawReportLine(
            reported_at=r.reported_at,
            received_at=r.received_at,
            code=projects[r.project_id].code,
            project=projects[r.project_id].name,
            unit=units[projects[r.project_id].unit_id].name,
            value=r.value,
            note=r.note,
            reporter=r.reporter or (str(r.user_id) if r.user_id else ""),
            source=r.source,
            kind=message(_KINDS[r.kind], lang) if r.kind in _KINDS else r.kind,
            evidence=r.evidence,
        )
        for r in period_reports
    ]
    return ReviewWorkbook(
        title=message("workbook_title", lang, period=period_label(period, lang)),
        period=period.name,
        status=message(_STATES[result.status], lang),
        cutoff=result.cutoff,
        generated_at=now,
        ranking=ranking,
        ledger=ledger,
        reports=reports,
        policy={  # the global knobs, then each special category's kind and own knobs ("闯创干 · kind")
            **stored_policy.to_json(),
            **{f"{name} · {k}": v for name, rules in result.category_rules.items() for k, v in rules.items()},
        },
        ledger_changes=await ledger_changes(session, None),
        rectification=await review_items(session, period.name, now=now, tz=tz),
    )
