"""The meeting's documents of a review (SPEC §11): what they are drawn from, and their file names.

The 通报's 文号 is given in the publishing transaction (a running number per year, storage/queries/
documents.py), so the document built after the commit — or rebuilt after a crash, or exported later —
carries the same number. A review not yet published is exported as a 讨论稿 without a number.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.periods import Period
from bot.domain.review import ReviewResult
from bot.domain.views_documents import Letterhead, ReviewPapers
from bot.domain.views_export import ReviewWorkbook
from bot.outbound.export import workbook_data
from bot.render.notice import review_notice
from bot.render.notice_text import document_number
from bot.render.periods import period_label
from bot.render.slides import review_slides
from bot.render.texts import message
from bot.render.workbook import review_workbook
from bot.services.errors import UserError
from bot.services.reviews import compute_review
from bot.settings import Settings
from storage.queries import documents as documents_q
from storage.queries.outbox import enqueue

log = logging.getLogger("flagbot.publication")

SUFFIXES = {".docx": "notice", ".pptx": "slides", ".xlsx": "workbook"}


@dataclass(frozen=True)
class PaperSettings:
    """The settings the documents need (handed to the building process as they are)."""

    county: str = ""
    org: str = "县考核办"
    prefix: str = "考核办"
    template: str = ""  # DOC_TEMPLATE: a .docx path, or "" for the built-in layout
    plan_due_days: int = 7

    @classmethod
    def of(cls, settings: Settings) -> PaperSettings:
        return cls(
            county=settings.county_name,
            org=settings.org_name,
            prefix=settings.doc_number_prefix,
            template=settings.doc_template,
            plan_due_days=settings.plan_due_days,
        )


async def give_number(
    session: AsyncSession, period_name: str, *, now: datetime, tz: tzinfo
) -> tuple[int, int]:
    """The period's 文号 (year, n), given at publication: the next of the publication date's year."""
    row = await documents_q.add_document_number(session, period_name, year=now.astimezone(tz).year, at=now)
    return row.year, row.number


def _template(path: str) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        log.warning("DOC_TEMPLATE %s cannot be read: the built-in 通报 layout is used", path)
        return None


async def review_papers(
    session: AsyncSession,
    result: ReviewResult,
    workbook: ReviewWorkbook,
    *,
    paper: PaperSettings,
    tz: tzinfo,
    now: datetime,
) -> ReviewPapers:
    """What the 通报 and the slides of a review are drawn from (its number read, its template loaded)."""
    stored = await documents_q.get_document_number(session, result.period.name)
    issued_at = result.published_at or now
    issued = issued_at.astimezone(tz).date()
    head = Letterhead(
        county=paper.county,
        org=paper.org,
        prefix=paper.prefix,
        number=(stored.year, stored.number) if stored is not None else None,
        issued=issued,
        plan_due=issued + timedelta(days=paper.plan_due_days),
    )
    return ReviewPapers(result, head, workbook.ledger, _template(paper.template))


def file_name(kind: str, result: ReviewResult, lang: str) -> str:
    """'2026年9—10月双月讲评.xlsx', '…双月讲评通报.docx', '…双月讲评会.pptx'."""
    label = period_label(result.period, lang)
    if kind == "notice":
        return message("documents_file_notice", lang, period=label) + ".docx"
    if kind == "slides":
        return message("documents_file_slides", lang, period=label) + ".pptx"
    return message("documents_file_workbook", lang, period=label) + ".xlsx"


def export_targets(output: str | None) -> tuple[set[str], Path | None]:
    """What `flagbot export -o OUTPUT` writes: the kinds, and the folder (made) when they go by name.

    A path ending in / or naming a folder: all three; X.xlsx / X.docx / X.pptx: that one; none: the
    workbook in the working folder. Any other ending is refused with a sentence saying what to write."""
    if output is None:
        return {"workbook"}, Path(".")
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        Path(output).mkdir(parents=True, exist_ok=True)
        return set(SUFFIXES.values()), Path(output)
    suffix = Path(output).suffix.lower()
    if suffix in SUFFIXES:
        return {SUFFIXES[suffix]}, None
    raise UserError("documents_export_suffix", path=output)


async def export_papers(
    session: AsyncSession, period: Period, *, settings: Settings, now: datetime, lang: str, kinds: set[str]
) -> dict[str, tuple[str, bytes]]:
    """The review's documents by kind ('workbook', 'notice', 'slides'): file name and bytes.

    The review is computed as a draft first when it was not yet (as /export does); built in a thread."""
    tz = settings.tz
    result = await compute_review(session, period, policy=settings.policy, tz=tz, now=now)
    workbook = await workbook_data(
        session, period, policy=result.policy, tz=tz, now=now, lang=lang, result=result
    )
    paper = PaperSettings.of(settings)
    papers = await review_papers(session, result, workbook, paper=paper, tz=tz, now=now)
    makers: dict[str, Callable[[], bytes]] = {
        "workbook": lambda: review_workbook(workbook, lang=lang, tz=tz, county=paper.county),
        "notice": lambda: review_notice(papers, lang),
        "slides": lambda: review_slides(papers, tz=tz, lang=lang),
    }
    out: dict[str, tuple[str, bytes]] = {}
    for kind in ("workbook", "notice", "slides"):
        if kind in kinds:
            out[kind] = (file_name(kind, result, lang), await asyncio.to_thread(makers[kind]))
    return out


# The dedupe-key endings of the three documents' outbox rows (file_maker.py builds each by its ending).
DOCUMENT_SUFFIXES = (":workbook", ":notice", ":slides")


async def queue_documents(
    session: AsyncSession,
    result: ReviewResult,
    *,
    chat_id: int,
    source: str,
    key: str,
    number: tuple[int, int] | None,
    prefix: str,
    lang: str,
    now: datetime,
) -> None:
    """The workbook, the 通报 and the slides queued to a chat, built after the commit from `source`."""
    label = period_label(result.period, lang)
    number_text = document_number(prefix, number, lang)
    captions = (
        message("workbook_caption", lang, period=label),
        message("documents_caption_notice", lang, period=label, number=number_text),
        message("documents_caption_slides", lang, period=label),
    )
    for suffix, caption in zip(DOCUMENT_SUFFIXES, captions, strict=True):
        await enqueue(
            session,
            chat_id=chat_id,
            kind="document",
            text=caption,
            file_pending=source,
            payload={"filename": file_name(suffix.lstrip(":"), result, lang)},
            now=now,
            dedupe_key=f"{key}{suffix}",
        )
