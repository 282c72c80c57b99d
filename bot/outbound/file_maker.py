"""Building a published review's charts and workbook in a process of its own (review_files.py says when).

The process reads what it draws from the database itself — the stored review and the workbook's data,
in one read transaction on its own connection — draws the charts, builds the workbook and returns the
bytes. Why a process, and why it reads for itself:
- matplotlib and openpyxl are Python-heavy; in a thread they held the GIL against the event loop in 5 ms
  slices for as long as they ran (minutes for a province), and every reply queued behind them.
- The workbook's data (50,000 ledger lines, 100,000 reports on a province) took half of the publishing
  transaction to read as ORM objects, on SQLite in the event loop's own thread, and 30 MB to pickle
  across to a process. Read here, it costs the bot nothing. A published review is frozen, so reading it
  after the commit gives what the publishing transaction saw; this is also exactly what a recovery after
  a crash does, so that path is the everyday one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.flags import OFFICIAL_FLAG_NAMES
from bot.domain.periods import parse_period
from bot.domain.review import ReviewResult
from bot.domain.views_documents import ReviewPapers
from bot.outbound.export import workbook_data
from bot.outbound.papers import PaperSettings, review_papers
from bot.render.chart import ranking_charts
from bot.render.notice import review_notice
from bot.render.slides import review_slides
from bot.render.texts import use_flag_names
from bot.render.wide_chart import category_charts
from bot.render.workbook import ReviewWorkbook, review_workbook
from bot.services.reviews import load_review
from storage.db import make_engine, make_sessionmaker
from storage.queries import outbox as outbox_q
from storage.queries import reviews as reviews_q

log = logging.getLogger("flagbot.publication")

CHART_KEY = re.compile(r":chart:(\d+)$")
WIDE_KEY = re.compile(r":wide:(\d+)$")  # a category's 16:9 chart, sent as a document
WORKBOOK_SUFFIX = ":workbook"
NOTICE_SUFFIX = ":notice"
SLIDES_SUFFIX = ":slides"
KILL_WAIT_S = 10.0  # a killed child's output ends at once; this only bounds the unexpected


def source_of(period_name: str, lang: str, *, draft: bool = False) -> str:
    """What builds a review's files, as stored in outbox.file_pending: `review:<period>:<lang>` for a
    published review, `draft:<period>:<lang>` for the documents sent with an approval request."""
    return f"{'draft' if draft else 'review'}:{period_name}:{lang}"


@dataclass(frozen=True)
class BuildOrder:
    """What the building process is told: a few values, not the data (it reads that itself)."""

    source: str  # review:<period>:<lang>
    database_url: str
    tz: tzinfo
    period_months: int
    now: datetime  # the workbook's "generated at"
    paper: PaperSettings = PaperSettings()  # the 通报's and the slides' settings
    # FLAG_NAMES: the child writes the flags as the bot does
    flag_names: tuple[str, str] = OFFICIAL_FLAG_NAMES


@dataclass(frozen=True)
class ReviewFiles:
    """What a review's files are drawn from: plain data, no session."""

    source: str
    result: ReviewResult
    lang: str
    tz: tzinfo
    charts: bool  # chart rows wait for their images
    workbook: ReviewWorkbook | None  # None: no workbook row waits (nor a 通报 or slides row)
    papers: ReviewPapers | None = None  # the 通报's and slides' data, when one of them waits
    notice: bool = False
    slides: bool = False
    wide: bool = False  # the 16:9 charts wait
    county: str = ""


@dataclass
class BuiltFiles:
    """The bytes of each file, or why it could not be built."""

    charts: list[bytes]
    workbook: bytes | None
    errors: dict[str, str]  # "charts" / "workbook" / "review" / "notice" / "slides" / "wide" -> the error
    notice: bytes | None = None
    slides: bytes | None = None
    wide: list[bytes] = field(default_factory=list)


async def stored_files(
    session: AsyncSession,
    source: str,
    *,
    tz: tzinfo,
    period_months: int,
    now: datetime,
    paper: PaperSettings | None = None,
) -> ReviewFiles | None:
    """A published review's files to build, read from the database: only those still waiting."""
    parts = source.split(":")
    if len(parts) != 3 or parts[0] not in ("review", "draft"):
        return None
    period = parse_period(parts[1], months=period_months)
    review = await reviews_q.get_review(session, period.name)
    if review is None or (parts[0] == "review" and review.status != "published"):
        return None  # a draft's documents are built from the review as stored (draft or published since)
    pending = await outbox_q.pending_files(session, source)
    lang = parts[2]
    result = await load_review(session, period, tz=tz, now=now)
    paper = paper or PaperSettings()
    workbook, papers = None, None
    notice = any(key.endswith(NOTICE_SUFFIX) for key in pending)
    slides = any(key.endswith(SLIDES_SUFFIX) for key in pending)
    if notice or slides or any(key.endswith(WORKBOOK_SUFFIX) for key in pending):
        workbook = await workbook_data(
            session, period, policy=result.policy, tz=tz, now=now, lang=lang, result=result
        )
    if workbook is not None and (notice or slides):
        papers = await review_papers(session, result, workbook, paper=paper, tz=tz, now=now)
    charts = any(CHART_KEY.search(key) for key in pending)
    wide = any(WIDE_KEY.search(key) for key in pending)
    return ReviewFiles(
        source, result, lang, tz, charts=charts, workbook=workbook, papers=papers, notice=notice,
        slides=slides, wide=wide, county=paper.county,
    )  # fmt: skip


def build(files: ReviewFiles) -> BuiltFiles:
    """Draw the charts and build the workbook. Each may fail alone (its rows fail, the other goes)."""
    charts: list[bytes] = []
    workbook: bytes | None = None
    errors: dict[str, str] = {}
    if files.charts:
        try:
            charts = ranking_charts(files.result, lang=files.lang)
        except Exception as error:  # noqa: BLE001 - the workbook still goes; the chart rows fail
            log.exception("the ranking chart of %s could not be drawn", files.source)
            errors["charts"] = f"{type(error).__name__}: {error}"
    if files.workbook is not None:
        try:
            workbook = review_workbook(files.workbook, lang=files.lang, tz=files.tz, county=files.county)
        except Exception as error:  # noqa: BLE001
            log.exception("the workbook of %s could not be built", files.source)
            errors["workbook"] = f"{type(error).__name__}: {error}"
    built = BuiltFiles(charts, workbook, errors)
    _build_papers(files, built)
    return built


def _build_papers(files: ReviewFiles, built: BuiltFiles) -> None:
    """The 通报, the slides and the 16:9 charts, each on its own (one failing, the others still go)."""
    papers, lang, tz = files.papers, files.lang, files.tz
    if files.notice and papers is not None:
        try:
            built.notice = review_notice(papers, lang)
        except Exception as error:  # noqa: BLE001
            log.exception("the 通报 of %s could not be built", files.source)
            built.errors["notice"] = f"{type(error).__name__}: {error}"
    if files.slides and papers is not None:
        try:
            built.slides = review_slides(papers, tz=tz, lang=lang)
        except Exception as error:  # noqa: BLE001
            log.exception("the slides of %s could not be built", files.source)
            built.errors["slides"] = f"{type(error).__name__}: {error}"
    if files.wide:
        try:
            built.wide = [
                png for _, png in category_charts(files.result, county=files.county, tz=tz, lang=lang)
            ]
        except Exception as error:  # noqa: BLE001
            log.exception("the 16:9 charts of %s could not be drawn", files.source)
            built.errors["wide"] = f"{type(error).__name__}: {error}"


async def read_and_build(order: BuildOrder) -> BuiltFiles:
    """Read the review's files from the database (one read transaction, then closed) and build them."""
    engine = make_engine(order.database_url, pool_size=1, max_overflow=0)
    try:
        async with make_sessionmaker(engine)() as session:
            files = await stored_files(
                session,
                order.source,
                tz=order.tz,
                period_months=order.period_months,
                now=order.now,
                paper=order.paper,
            )
    finally:
        await engine.dispose()
    if files is None:
        return BuiltFiles([], None, {"review": "no published review"})
    return build(files)


async def build_elsewhere(order: BuildOrder) -> BuiltFiles:
    """read_and_build in a fresh interpreter: `python -m bot.outbound.file_maker`, the order on its stdin,
    the files on its stdout (pickled). A plain child process rather than multiprocessing: nothing of the
    bot's (threads, connections, the loop, or a script's top-level code) is copied or re-run there."""
    root = str(Path(__file__).resolve().parents[2])  # where `bot` is importable from
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    returncode, out = await ask_child(
        [sys.executable, "-m", "bot.outbound.file_maker"],
        pickle.dumps(order),
        env={**os.environ, "PYTHONPATH": path},
    )
    if returncode != 0:
        raise RuntimeError(f"the file builder exited with {returncode}")
    built = pickle.loads(out)  # noqa: S301 - our own child's answer
    assert isinstance(built, BuiltFiles)
    return built


async def ask_child(args: list[str], data: bytes, *, env: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Run `args` with `data` on its stdin: (its exit code, its stdout). Cancelled (the bot stops), it kills
    the child and raises once the child is gone: the rows stay pending, built at the next start."""
    process = await asyncio.create_subprocess_exec(
        *args, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env
    )
    try:
        out, _ = await process.communicate(data)
    except asyncio.CancelledError:
        await _kill(process)
        raise
    assert process.returncode is not None
    return process.returncode, out


async def _kill(process: asyncio.subprocess.Process) -> None:
    """Kill a child whose answer is no longer wanted, and wait until it is gone.

    Process.wait() returns only once the child's pipes are closed too. A cancelled communicate() stops
    reading the child's stdout; with more than 2 × 64 KiB of it unread, asyncio pauses the pipe, which then
    never sees its end, and wait() waited forever with the event loop idle (a stopping bot, in the tests,
    while a child was sending its files: docs/decisions.md). Reading what is left lets the pipe close."""
    with contextlib.suppress(ProcessLookupError):
        process.kill()
    try:
        async with asyncio.timeout(KILL_WAIT_S):
            if process.stdout is not None:
                await process.stdout.read()
            await process.wait()
    except TimeoutError:  # something else holds the pipe open: give up on it rather than hang the stop
        log.warning("the file builder (pid %s) did not close its output after a kill", process.pid)


def main() -> None:
    """The child: an order on stdin, the built files on stdout."""
    os.nice(10)  # background work: the bot's replies come first when the cores are busy
    order = pickle.load(sys.stdin.buffer)  # noqa: S301 - from our own parent
    use_flag_names(order.flag_names)
    built = asyncio.run(read_and_build(order))
    sys.stdout.buffer.write(pickle.dumps(built))
    sys.stdout.flush()


if __name__ == "__main__":
    # Through the module's own name, so the pickled classes are bot.outbound.file_maker's, not __main__'s.
    from bot.outbound.file_maker import main as run_child

    run_child()
