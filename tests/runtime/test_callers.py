"""Who is calling, remembered for a few seconds: never past a change of their name, role or unit."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.roles import Caller, Role
from bot.runtime.callers import TTL_S, CallerCache
from storage.changes import people_generation
from storage.tables import Person, Unit
from tests.conftest import Db

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
KEY = (42, "张三", "zhangsan", "zh-hans")
CONTACT = Caller(user_id=42, name="张三", role=Role.CONTACT, unit_id=1, unit_name="民政局")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_caller_is_remembered_for_the_same_telegram_profile_only() -> None:
    cache = CallerCache()
    cache.put(KEY, CONTACT, generation=people_generation())
    assert cache.get(KEY) == CONTACT
    assert cache.get((42, "张三丰", "zhangsan", "zh-hans")) is None  # renamed: the database must hear it
    assert cache.get(KEY) is None  # and the old entry is gone


def test_a_caller_is_forgotten_after_the_ttl() -> None:
    clock = FakeClock()
    cache = CallerCache(clock=clock)
    cache.put(KEY, CONTACT, generation=people_generation())
    clock.now += TTL_S - 0.1
    assert cache.get(KEY) == CONTACT
    clock.now += 0.2
    assert cache.get(KEY) is None


async def test_any_change_to_people_or_units_forgets_every_caller(db: Db) -> None:
    cache = CallerCache()
    async with db.sessions.begin() as session:
        session.add(Unit(id=1, name="民政局", group_name="县直部门", created_at=NOW))
        await session.flush()  # the unit before the person bound to it (no relationship orders them)
        session.add(Person(user_id=42, name="张三", unit_id=1, created_at=NOW, updated_at=NOW))
    cache.put(KEY, CONTACT, generation=people_generation())
    assert cache.get(KEY) == CONTACT

    async with db.sessions.begin() as session:  # e.g. /revoke: the contact leaves the unit
        person = await session.get(Person, 42)
        assert person is not None
        person.unit_id = None
        session.add(person)
    assert cache.get(KEY) is None


async def test_a_read_that_raced_a_change_is_not_remembered(db: Db) -> None:
    cache = CallerCache()
    before_reading = people_generation()
    async with db.sessions.begin() as session:  # someone else's /grant commits while we were reading
        session.add(Unit(id=2, name="交通局", group_name="县直部门", created_at=NOW))
    cache.put(KEY, CONTACT, generation=before_reading)
    assert cache.get(KEY) is None
