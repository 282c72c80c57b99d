"""约谈 and measures (SPEC §12): a leader records them against a unit (/interview); /unit and /history show
them beside the unit's rectification items. And what units said about their lagging projects (/lagging)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.views import ProjectNow
from bot.domain.views_rectify import MeasureKind, MeasureLine, SaidLine, UnitFollowUp
from bot.services.errors import UserError
from bot.services.looking import resolve_unit
from bot.services.rectify import MAX_FIELD_CHARS, unit_items
from storage.queries import rectify as rectify_q
from storage.queries import reports as reports_q
from storage.queries import reviews as reviews_q

KIND_WORDS = {
    "约谈": MeasureKind.INTERVIEW,
    "interview": MeasureKind.INTERVIEW,
    "调整岗位": MeasureKind.REASSIGN,
    "reassign": MeasureKind.REASSIGN,
    "扣减工作经费": MeasureKind.FUNDS,
    "扣减经费": MeasureKind.FUNDS,
    "funds": MeasureKind.FUNDS,
    "其他": MeasureKind.OTHER,
    "other": MeasureKind.OTHER,
}


async def record_measure(session: AsyncSession, text: str, *, user_id: int, now: datetime) -> MeasureLine:
    """/interview <unit> <约谈|调整岗位|扣减工作经费|其他> [note]: recorded and audited."""
    parts = text.split(maxsplit=2)
    if len(parts) < 2:
        raise UserError("measure_missing")
    unit = await resolve_unit(session, parts[0])
    kind = KIND_WORDS.get(parts[1].lower())
    if kind is None:
        raise UserError("measure_unknown_kind", kind=parts[1])
    note = (parts[2] if len(parts) > 2 else "").strip()[:MAX_FIELD_CHARS]
    if kind is MeasureKind.OTHER and not note:
        raise UserError("measure_other_needs_note")
    assert unit.id is not None
    await rectify_q.add_measure(session, unit_id=unit.id, kind=kind.value, note=note, at=now, by_user=user_id)
    await reviews_q.add_audit(
        session, at=now, actor=f"tg:{user_id}", action=f"measure.{kind.value}", target=unit.name, reason=note
    )
    return MeasureLine(unit=unit.name, kind=kind, note=note, at=now)


async def unit_followup(
    session: AsyncSession, unit_id: int, unit: str, *, now: datetime, tz: tzinfo
) -> UnitFollowUp:
    """The unit's 约谈 and measures (oldest first) and its rectification items at the last review."""
    measures = [
        MeasureLine(unit=unit, kind=MeasureKind(m.kind), note=m.note, at=m.at)
        for m in await rectify_q.list_measures(session, unit_id)
    ]
    return UnitFollowUp(measures=measures, items=await unit_items(session, unit_id, now=now, tz=tz))


async def unit_followup_by_ref(session: AsyncSession, ref: str, *, now: datetime, tz: tzinfo) -> UnitFollowUp:
    """unit_followup for /unit <ref>."""
    unit = await resolve_unit(session, ref)
    assert unit.id is not None
    return await unit_followup(session, unit.id, unit.name, now=now, tz=tz)


async def what_units_said(
    session: AsyncSession, projects: list[ProjectNow], *, now: datetime, tz: tzinfo
) -> list[SaidLine]:
    """For each lagging project: the latest report note and the plan item's 问题 and 措施, when there are any."""
    ids = [p.project_id for p in projects]
    notes: dict[int, tuple[str, datetime]] = {}
    for r in await reports_q.list_valid_reports(session, project_ids=ids, before=now):
        if r.note.strip():
            notes[r.project_id] = (r.note.strip(), r.reported_at)
    items: dict[str, tuple[str, str]] = {}
    for unit_id in sorted({p.unit_id for p in projects}):
        for i in await unit_items(session, unit_id, now=now, tz=tz):
            if i.problem or i.measure:
                items[i.code] = (i.problem, i.measure)
    said = []
    for p in projects:
        note, at = notes.get(p.project_id, ("", None))
        problem, measure = items.get(p.code, ("", ""))
        if note or problem or measure:
            said.append(
                SaidLine(code=p.code, unit=p.unit, note=note, noted_at=at, problem=problem, measure=measure)
            )
    return said
