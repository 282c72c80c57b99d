"""Read models of the meeting's documents (SPEC §11): the 通报, the slides and what they share. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.review import ReviewResult
from bot.domain.views_export import LedgerLine


@dataclass(frozen=True)
class Letterhead:
    """Who issues the documents and how they are numbered and dated."""

    county: str  # "青川县" or "" (then the documents name no county)
    org: str  # 发文机关: "县考核办"
    prefix: str  # of the 文号: "青考核办" in "青考核办〔2026〕3号"
    number: tuple[int, int] | None  # (year, running number) of the 文号; None for a draft (not numbered)
    issued: date  # 成文日期
    plan_due: date  # yellow-flag units send their 整改措施 by this day


@dataclass(frozen=True)
class ReviewPapers:
    """Everything the 通报 and the slides are drawn from."""

    result: ReviewResult
    head: Letterhead
    ledger: Sequence[LedgerLine]  # the projects at the cut-off (the yellow units' lagging ones are listed)
    template: bytes | None = None  # the county's .docx (DOC_TEMPLATE), or None for the built-in layout
