"""A small county for the admin and permission tests: units, projects, reports and the people in them.

Every calendar-year project has target 120, so the plan expects 100 at Oct 31 (Sep–Oct period, cut-off
Nov 6 00:00): 人社局 120 → 120.0 (red), 应急管理局 100 → 100.0 (red), 交通运输局 60 → 60.0 (yellow).
"""

from __future__ import annotations

from datetime import datetime

from bot.simulator import SimUser
from storage.queries import ledger as ledger_q
from storage.tables import Person
from tests.conftest import Db, shanghai
from tests.factories import add_project, report

CREATED = shanghai(2026, 1, 1, 9, 0)


async def build_county(db: Db, *, reports: bool = True) -> None:
    """Three departments and a township with one 民生实事 project each; reports in Sep–Oct 2026."""
    async with db.sessions.begin() as s:
        await add_project(s, "MS-01", unit="人社局", name="城乡居民就业")
        await add_project(s, "MS-02", unit="应急管理局", name="应急避难场所")
        await add_project(s, "MS-03", unit="交通运输局", name="农村公路")
        await add_project(s, "ZD-01", unit="城关镇", group="乡镇", category="重点项目", name="集镇改造")
    if not reports:
        return
    async with db.sessions.begin() as s:
        await report(s, "MS-01", 120, shanghai(2026, 10, 20, 10, 0))
        await report(s, "MS-02", 100, shanghai(2026, 10, 21, 10, 0))
        await report(s, "MS-03", 60, shanghai(2026, 10, 22, 10, 0))
        await report(s, "ZD-01", 100, shanghai(2026, 10, 23, 10, 0))


async def add_person(
    db: Db,
    user_id: int,
    *,
    unit: str | None = None,
    head: bool = False,
    leader: bool = False,
    admin: bool = False,
    username: str | None = None,
    name: str = "",
    at: datetime = CREATED,
) -> None:
    """Someone the bot already knows, bound to a unit and/or holding a role."""
    async with db.sessions.begin() as s:
        unit_id = None
        if unit is not None:
            row = await ledger_q.get_unit_by_name(s, unit)
            assert row is not None, unit
            unit_id = row.id
        s.add(
            Person(
                user_id=user_id,
                name=name,
                username=username,
                unit_id=unit_id,
                is_head=head,
                is_leader=leader,
                is_admin=admin,
                created_at=at,
                updated_at=at,
            )
        )


async def ask(
    user: SimUser, text: str, *, chat: object = None, n: int = 1, timeout: float = 5.0
) -> list[str]:
    """Send a message and return the texts (or captions) of the next n bot messages in that chat."""
    user.send(text, chat=chat)  # type: ignore[arg-type]
    replies = await user.wait_replies(n, timeout=timeout, chat=chat)  # type: ignore[arg-type]
    return [str(m.get("text") or m.get("caption") or "") for m in replies]
