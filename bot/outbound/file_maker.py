"""Drawing a review's charts and building its workbook, in a process of its own (review_files.py says when).

Why a process and not a thread: matplotlib and openpyxl are Python-heavy, and a thread drawing for tens of
seconds (a province: ~130 chart pages, 50,000 ledger lines) holds the GIL in 5 ms slices against the event
loop, so every reply waits for it (docs/benchmarks.md). A spawned process draws on the other core; its input
is plain data (pickled), its output the bytes. Kept lean: only domain and render are imported here.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import tzinfo

from bot.domain.review import ReviewResult
from bot.render.chart import ranking_charts
from bot.render.workbook import ReviewWorkbook, review_workbook

log = logging.getLogger("flagbot.publication")


@dataclass(frozen=True)
class ReviewFiles:
    """What a review's files are drawn from, read in a transaction: plain data, no session."""

    source: str
    result: ReviewResult
    lang: str
    tz: tzinfo
    charts: bool  # chart rows were queued (not without a CJK font)
    workbook: ReviewWorkbook | None  # None: no workbook row was queued (no leaders' chat)


@dataclass(frozen=True)
class BuiltFiles:
    """The bytes of each file, or why it could not be built."""

    charts: list[bytes]
    workbook: bytes | None
    errors: dict[str, str]  # "charts" / "workbook" -> the error


def build(files: ReviewFiles) -> BuiltFiles:
    """Draw the charts and build the workbook (CPU-bound: called in a thread). Each may fail alone."""
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
            workbook = review_workbook(files.workbook, lang=files.lang, tz=files.tz)
        except Exception as error:  # noqa: BLE001
            log.exception("the workbook of %s could not be built", files.source)
            errors["workbook"] = f"{type(error).__name__}: {error}"
    return BuiltFiles(charts, workbook, errors)


async def build_elsewhere(files: ReviewFiles) -> BuiltFiles:
    """build() in a fresh process (spawned: no copy of the bot's threads, connections or event loop)."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, build, files)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
