"""The 文号 of each review's 通报: a running number per year, given once (SPEC §11)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.tables import DocumentNumber


async def get_document_number(session: AsyncSession, period: str) -> DocumentNumber | None:
    """The number given to the period's 通报, if any."""
    query = select(DocumentNumber).where(DocumentNumber.period == period)
    return (await session.execute(query)).scalars().first()


async def add_document_number(
    session: AsyncSession, period: str, *, year: int, at: datetime
) -> DocumentNumber:
    """The period's number, given now (the next of the year) unless it has one already.

    Called in the publishing transaction, which publishes a period once; two counties' reviews never
    race here (one county per deployment), and the (year, number) key refuses a duplicate if they did.
    """
    existing = await get_document_number(session, period)
    if existing is not None:
        return existing
    last = (
        await session.execute(select(func.max(DocumentNumber.number)).where(DocumentNumber.year == year))
    ).scalar()
    row = DocumentNumber(period=period, year=year, number=(last or 0) + 1, issued_at=at)
    session.add(row)
    await session.flush()
    return row
