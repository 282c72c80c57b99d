"""The bimonthly rhythm (SPEC §7–§8): the reminders that follow the laggards, and escalations.

Everything is queued in the outbox in the caller's transaction, with a dedupe key naming the kind, the day
(or the period) and the person: a second run, a second trigger or a restart cannot queue it twice (the key
is unique in the schema). Reminders go to people, never to a group: each one concerns one unit. The only
group message here is the escalation to the leaders' chat, which SPEC §7 asks for.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import FlagColor
from bot.domain.review import Entry, ReviewResult
from bot.domain.views import ProjectNow, Standings
from bot.outbound.admin_notes import tell_admins
from bot.outbound.recipients import Recipient, group, person, unit_contacts
from bot.outbound.rectify import remind_plans
from bot.render import reminders as render
from bot.render.chat import split_message
from bot.render.marks import plain
from bot.services.calendar_overrides import working_days
from bot.services.forecast import PACE_WINDOW_DAYS, forecast_all
from bot.services.looking import last_published
from bot.services.standing import live_standings, worst_first
from bot.settings import Settings
from bot.when.calendar import WorkingDays, missing_calendar_warning
from bot.when.reminder_days import deadline_period, forecast_period, reminders_due, stalled_day
from storage.queries import outbox as outbox_q
from storage.queries import people as people_q


async def queue_private(
    session: AsyncSession,
    to: Recipient,
    text: str,
    *,
    key: str,
    now: datetime,
    markup: dict[str, Any] | None = None,
) -> bool:
    """One private message (split to Telegram's limit, buttons under the last part), queued once."""
    parts = split_message(text)
    queued = False
    for number, part in enumerate(parts, start=1):
        payload = {"reply_markup": markup} if markup is not None and number == len(parts) else {}
        queued |= await outbox_q.enqueue(
            session,
            chat_id=to.user_id,
            text=part,
            now=now,
            payload=payload,
            dedupe_key=key if number == 1 else f"{key}:{number}",
        )
    return queued


async def _queue_all(
    session: AsyncSession, recipients: list[Recipient], texts: dict[str, str], *, key: str, now: datetime
) -> int:
    """The same message (per language) to several people, each once; how many were queued now."""
    count = 0
    for r in recipients:
        count += await queue_private(session, r, texts[r.lang], key=f"{key}:{r.user_id}", now=now)
    return count


def _langs(recipients: list[Recipient]) -> set[str]:
    """The languages to render a message in (once each)."""
    return {r.lang for r in recipients}


# ------------------------------------------------------------------------------------- daily reminders


async def send_reminders(session: AsyncSession, *, settings: Settings, now: datetime) -> dict[str, int]:
    """Every reminder due today, on working days from REMIND_AT on; kind → messages queued now."""
    tz = settings.tz
    local = now.astimezone(tz)
    today = local.date()
    days = await working_days(session, today)
    if not reminders_due(local, settings=settings, days=days):
        return {}
    standings = await live_standings(session, as_of=now, policy=settings.policy, tz=tz)
    return {
        "deadline": await remind_deadline(session, settings=settings, now=now, days=days),
        "daily": await remind_yellow_units(session, standings, settings=settings, now=now),
        "stalled": await remind_stalled(session, standings, settings=settings, now=now, days=days),
        "calendar": await warn_missing_calendar(session, settings=settings, now=now),
        "forecast": await warn_heading_for_yellow(session, settings=settings, now=now, days=days),
        "plans": await remind_plans(session, settings=settings, now=now),
    }


async def remind_deadline(
    session: AsyncSession, *, settings: Settings, now: datetime, days: WorkingDays
) -> int:
    """Before the deadline: each unit with projects not yet reported in the period (and not done before
    it began) is told which, with how many units have reported everything."""
    tz = settings.tz
    today = now.astimezone(tz).date()
    period = deadline_period(today, settings=settings, days=days)
    if period is None:
        return 0
    standings = await live_standings(session, as_of=now, policy=settings.policy, tz=tz, period=period)
    missing: dict[int, list[ProjectNow]] = defaultdict(list)
    counted: dict[int, str] = {}
    for p in standings.projects:
        if p.started:
            counted[p.unit_id] = p.unit
            if p.not_reported:
                missing[p.unit_id].append(p)
    deadline = period.deadline_day(grace_days=settings.report_grace_days)
    queued = 0
    for unit_id, projects in sorted(missing.items()):
        recipients = await unit_contacts(session, unit_id, settings=settings)
        texts = {
            lang: render.deadline_reminder(
                unit=counted[unit_id],
                period=period,
                deadline=deadline,
                days_left=(deadline - today).days,
                projects=projects,
                units_reported=len(counted) - len(missing),
                units_total=len(counted),
                lang=lang,
            )
            for lang in _langs(recipients)
        }
        queued += await _queue_all(session, recipients, texts, key=f"remind:deadline:{today}", now=now)
    return queued


async def remind_yellow_units(
    session: AsyncSession, standings: Standings, *, settings: Settings, now: datetime
) -> int:
    """每天一调度: each yellow-flag unit of the last published review, from the working day after the
    publication, while any of its projects is behind schedule (until the next review)."""
    tz = settings.tz
    today = now.astimezone(tz).date()
    review = await last_published(session, now=now, tz=tz)
    if review is None or review.published_at is None or review.published_at.astimezone(tz).date() >= today:
        return 0
    yellow: dict[int, list[str]] = defaultdict(list)
    for e in review.entries:
        if e.flag is FlagColor.YELLOW:
            yellow[e.unit_id].append(e.category)
    queued = 0
    for unit_id, categories in sorted(yellow.items()):
        projects = [p for p in standings.projects_of(unit_id) if p.started]
        behind = [p for p in worst_first(projects) if p.is_behind]
        if not behind:
            continue  # back on schedule
        recipients = await unit_contacts(session, unit_id, settings=settings)
        texts = {
            lang: render.daily_status(
                unit=behind[0].unit,
                period=review.period,
                categories=categories,
                on=today,
                behind=behind,
                others=len(projects) - len(behind),
                lang=lang,
                tz=tz,
            )
            for lang in _langs(recipients)
        }
        queued += await _queue_all(session, recipients, texts, key=f"remind:daily:{today}", now=now)
    return queued


async def remind_stalled(
    session: AsyncSession, standings: Standings, *, settings: Settings, now: datetime, days: WorkingDays
) -> int:
    """Weekly, on the first working day of the ISO week: each unit's stalled projects."""
    tz = settings.tz
    today = now.astimezone(tz).date()
    if not stalled_day(today, days):
        return 0
    stalled: dict[int, list[ProjectNow]] = defaultdict(list)
    for p in standings.projects:
        if p.started and p.stalled:
            stalled[p.unit_id].append(p)
    queued = 0
    for unit_id, projects in sorted(stalled.items()):
        recipients = await unit_contacts(session, unit_id, settings=settings)
        texts = {
            lang: render.stalled_reminder(
                unit=projects[0].unit,
                projects=projects,
                stall_days=settings.stall_after_days,
                lang=lang,
                tz=tz,
            )
            for lang in _langs(recipients)
        }
        queued += await _queue_all(session, recipients, texts, key=f"remind:stalled:{today}", now=now)
    return queued


async def warn_missing_calendar(session: AsyncSession, *, settings: Settings, now: datetime) -> int:
    """From November 1, weekly: the admins hear that chinese-calendar does not know next year yet."""
    today = now.astimezone(settings.tz).date()
    year = missing_calendar_warning(today)
    if year is None:
        return 0
    week = today.isocalendar()
    return await tell_admins(
        session,
        key="remind_calendar_missing",
        params={"year": year},
        settings=settings,
        now=now,
        dedupe_key=f"remind:calendar:{year}:{week.year}-W{week.week:02d}",
    )


async def warn_heading_for_yellow(
    session: AsyncSession, *, settings: Settings, now: datetime, days: WorkingDays
) -> int:
    """Mid-period (the first working day from the first day of the period's last month): each unit that
    is heading for a yellow flag at its current pace, with the projects that would change that."""
    tz = settings.tz
    today = now.astimezone(tz).date()
    period = forecast_period(today, settings=settings, days=days)
    if period is None:
        return 0
    forecast = await forecast_all(session, now=now, settings=settings, period=period)
    queued = 0
    for unit_id, categories in sorted(forecast.heading_for_yellow().items()):
        recipients = await unit_contacts(session, unit_id, settings=settings)
        texts = {
            lang: render.forecast_warning(
                unit=categories[0].unit,
                period=period,
                on=forecast.on,
                window_days=PACE_WINDOW_DAYS,
                categories=categories,
                yellow_line=settings.yellow_below,
                lang=lang,
            )
            for lang in _langs(recipients)
        }
        queued += await _queue_all(session, recipients, texts, key=f"remind:forecast:{today}", now=now)
    return queued


# ------------------------------------------------------------------------------------------ escalation


async def queue_escalations(
    session: AsyncSession, result: ReviewResult, *, settings: Settings, now: datetime
) -> int:
    """At publication: a second consecutive yellow flag goes to the unit's head(s) and to the leaders'
    chat (to each leader privately when no leaders' chat is bound); each once. How many were queued.

    A unit with no head bound is not said to be told: the leaders read that no head was bound, and the
    admins are asked to invite one."""
    by_unit: dict[int, list[Entry]] = defaultdict(list)
    for e in result.entries:
        if e.escalates:
            by_unit[e.unit_id].append(e)
    if not by_unit:
        return 0
    period = result.period
    plan_due = (now + timedelta(days=settings.plan_due_days)).astimezone(settings.tz).date()
    queued = 0
    units: list[tuple[str, list[Entry], bool]] = []
    for unit_id, entries in sorted(by_unit.items()):
        unit = entries[0].unit
        heads = await unit_contacts(session, unit_id, settings=settings, heads_only=True)
        units.append((unit, entries, bool(heads)))
        if not heads:  # nobody to tell: never say they were; the admins are asked to bind a head
            await tell_admins(
                session,
                key="escalate_no_head_admin",
                params={"unit": plain(unit), "period": result.period},
                settings=settings,
                now=now,
                dedupe_key=f"escalate:{period.name}:nohead:{unit_id}",
            )
            continue
        texts = {
            lang: render.escalation_to_head(
                unit=unit, period=period, entries=entries, plan_due=plan_due, lang=lang
            )
            for lang in _langs(heads)
        }
        queued += await _queue_all(session, heads, texts, key=f"escalate:{period.name}", now=now)
    binding = await people_q.get_binding(session, "leaders")
    if binding is not None:
        chat = group(binding.chat_id, settings=settings)
        text = render.escalation_to_leaders(period=period, by_unit=units, lang=chat.lang)
        queued += await queue_private(session, chat, text, key=f"escalate:{period.name}:leaders", now=now)
        return queued
    leaders = [
        person(p.user_id, p.language, settings=settings)
        for p in await people_q.list_people(session, leaders=True)
        if p.reachable
    ]
    texts = {
        lang: render.escalation_to_leaders(period=period, by_unit=units, lang=lang)
        for lang in _langs(leaders)
    }
    return queued + await _queue_all(session, leaders, texts, key=f"escalate:{period.name}:leader", now=now)
