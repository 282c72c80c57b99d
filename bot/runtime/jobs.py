"""THE table of scheduled jobs (SPEC §7–§8): name, trigger, callback, declared here and nowhere else.

PTB does not persist jobs, so schedule_jobs re-creates them from the settings at every start-up and runs
the review check once (catching up on a review moment the bot was down for; the check is idempotent).
Reminders are not caught up at start-up, so a restart stays quiet; one after REMIND_AT skips that day's.
The triggers come from bot.when.moments (each in the county's timezone); this table adds a misfire grace
that lets a late run still happen (APScheduler's default of 1 s silently skips a run that is a second late;
a review an hour late must still run), and coalesce, so runs missed while the loop was busy collapse into
one. Callbacks are thin: one transaction, one service, commit, then wake the sender.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.triggers.base import BaseTrigger
from sqlalchemy.exc import DBAPIError
from telegram.ext import Application, Job

from bot.context import AppState, BotContext
from bot.outbound import reminders, scheduled_review
from bot.runtime.delivery import wake
from bot.services.errors import UserError
from bot.settings import Settings
from bot.when.moments import remind_trigger, review_check_trigger

log = logging.getLogger("flagbot.jobs")

MISFIRE_GRACE_S = 3600
RACE_ATTEMPTS, RACE_PAUSE_S = 3, 0.2


async def review_job(context: BotContext) -> None:
    """Publish the due review once (or ask the admins and leaders to approve it once)."""
    now = context.now()
    for attempt in range(1, RACE_ATTEMPTS + 1):
        try:
            async with context.db.begin() as session:
                check = await scheduled_review.scheduled_review(session, settings=context.settings, now=now)
            break
        except UserError as error:
            if error.key != "review_already_published":
                raise
            # Published a moment ago by someone else (an admin's button, another trigger): nothing to do.
            log.info("review check at %s: already published meanwhile", now.isoformat())
            return
        except DBAPIError:
            # A publication racing this one shows as a unique violation (PostgreSQL) or a lock (SQLite);
            # rolled back, the next attempt sees what the other one did.
            if attempt == RACE_ATTEMPTS:
                raise
            log.info("review check at %s collided with another publication; again", now.isoformat())
            await asyncio.sleep(RACE_PAUSE_S)
    log.info("review check at %s: %s %s", now.isoformat(), check.outcome, check.period or "")
    if check.files is not None:  # committed: the charts and the workbook are built now, off the lock
        context.state.file_builds.start(check.files)
    if check.outcome in (
        scheduled_review.ReviewOutcome.PUBLISHED,
        scheduled_review.ReviewOutcome.APPROVAL_ASKED,
        scheduled_review.ReviewOutcome.TOO_LATE,  # the admins may have been told (once) why
        scheduled_review.ReviewOutcome.NOTHING_TO_REVIEW,
    ):
        wake(context.application)


async def reminders_job(context: BotContext) -> None:
    """The day's reminders (working days only), each queued once per person and day."""
    now = context.now()
    async with context.db.begin() as session:
        counts = await reminders.send_reminders(session, settings=context.settings, now=now)
    if any(counts.values()):
        log.info("reminders at %s: %s", now.isoformat(), counts)
        wake(context.application)


@dataclass(frozen=True)
class JobSpec:
    name: str
    trigger: Callable[[Settings], BaseTrigger]
    callback: Callable[[BotContext], Awaitable[None]]
    misfire_grace_time: int = MISFIRE_GRACE_S
    at_start_up: bool = False  # also run once when the bot starts, to catch up after a downtime


JOBS: tuple[JobSpec, ...] = (
    JobSpec("review", review_check_trigger, review_job, at_start_up=True),
    JobSpec("reminders", remind_trigger, reminders_job),
)


def add_jobs(app: Application) -> list[Job]:  # type: ignore[type-arg]
    """(Re-)create every job of the table on the application's JobQueue."""
    queue = app.job_queue
    if queue is None:
        raise RuntimeError("the JobQueue is missing: install python-telegram-bot[job-queue]")
    state: AppState = app.bot_data
    jobs = []
    for spec in JOBS:
        for old in queue.get_jobs_by_name(spec.name):
            old.schedule_removal()
        jobs.append(
            queue.run_custom(
                spec.callback,  # type: ignore[arg-type]
                job_kwargs={
                    "trigger": spec.trigger(state.settings),
                    "misfire_grace_time": spec.misfire_grace_time,
                    "coalesce": True,
                },
                name=spec.name,
            )
        )
    return jobs


async def schedule_jobs(app: Application) -> None:  # type: ignore[type-arg]
    """At start-up: the jobs from the table, then the catch-up run of the review check."""
    jobs = add_jobs(app)
    for spec, job in zip(JOBS, jobs, strict=True):
        if spec.at_start_up:
            await job.run(app)
