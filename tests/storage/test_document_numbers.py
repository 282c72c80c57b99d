"""The 通报's 文号: a running number per year, given once per period (SPEC §11)."""

from __future__ import annotations

from bot.outbound.papers import give_number
from tests.conftest import TZ, Db, shanghai


async def test_numbers_run_per_year_and_a_period_keeps_its_number(db: Db) -> None:
    async with db.sessions.begin() as s:
        assert await give_number(s, "2026-08", now=shanghai(2026, 9, 10, 9, 0), tz=TZ) == (2026, 1)
        assert await give_number(s, "2026-10", now=shanghai(2026, 11, 10, 9, 0), tz=TZ) == (2026, 2)
    async with db.sessions.begin() as s:
        # published again (a rebuild, a second process): the same number, nothing new given
        assert await give_number(s, "2026-10", now=shanghai(2026, 11, 11, 9, 0), tz=TZ) == (2026, 2)
        # Nov–Dec is published in January: the first 通报 of 2027 (the year of the 成文日期)
        assert await give_number(s, "2026-12", now=shanghai(2027, 1, 11, 9, 0), tz=TZ) == (2027, 1)
        # 1 January 07:00 in Shanghai is still 31 December in UTC: the county's year counts
        assert await give_number(s, "2027-02", now=shanghai(2027, 1, 1, 7, 0), tz=TZ) == (2027, 2)
