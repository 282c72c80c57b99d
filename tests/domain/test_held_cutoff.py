"""When a held report stops keeping its message time (SPEC §4): the first submission deadline at or after it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.periods import next_cutoff

TZ = ZoneInfo("Asia/Shanghai")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=TZ)  # type: ignore[arg-type,misc]


@pytest.mark.parametrize(
    ("sent", "cutoff"),
    [
        (at(2026, 10, 20, 10, 0), at(2026, 11, 6)),  # in Sep–Oct: its deadline is the end of Nov 5
        (at(2026, 11, 5, 23, 59), at(2026, 11, 6)),  # the last evening
        (at(2026, 11, 2, 9, 0), at(2026, 11, 6)),  # in the grace days: still Sep–Oct's deadline
        (at(2026, 11, 6, 0, 0), at(2027, 1, 6)),  # after it: Nov–Dec's
        (at(2026, 12, 31, 23, 0), at(2027, 1, 6)),
        (at(2027, 1, 3, 8, 0), at(2027, 1, 6)),  # across the year end
    ],
)
def test_the_first_deadline_at_or_after_the_message(sent: datetime, cutoff: datetime) -> None:
    assert next_cutoff(sent, months=2, grace_days=5, tz=TZ) == cutoff


def test_a_utc_message_date_is_read_in_the_county_zone() -> None:
    sent = datetime(2026, 11, 5, 17, 0, tzinfo=ZoneInfo("UTC"))  # 01:00 on Nov 6 in Shanghai
    assert next_cutoff(sent, months=2, grace_days=5, tz=TZ) == at(2027, 1, 6)
