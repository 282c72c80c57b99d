"""Units and categories as admins look after them (/units, /addunit, /categories)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.values import normalize_text
from bot.domain.views_admin import CategoryLine, CategoryRef, UnitLine, UnitRef
from bot.services.errors import UserError
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries.reviews import add_audit
from storage.tables import Category

MAX_NAME = 200  # as the ledger parser and the unit table allow


async def add_unit(
    session: AsyncSession, *, name: str, group: str, actor: str, now: datetime
) -> tuple[UnitRef, bool]:
    """A new unit in a group, and whether the group is new (a typo there makes a ranking pool of its own).

    A name that exists already is refused, saying which group it is in.
    """
    name, group = " ".join(normalize_text(name).split()), " ".join(normalize_text(group).split())
    if not name:
        raise UserError("unit_missing")
    if len(name) > MAX_NAME or len(group) > MAX_NAME:
        raise UserError("unit_name_too_long", limit=MAX_NAME)
    existing = await ledger_q.get_unit_by_name(session, name)
    if existing is not None:
        raise UserError("unit_exists", name=existing.name, group=existing.group_name)
    new_group = group not in {u.group_name for u in await ledger_q.list_units(session)}
    try:
        async with session.begin_nested():
            unit = await ledger_q.add_unit(session, name=name, group=group, now=now)
    except IntegrityError:  # another admin added it a moment ago
        raise UserError("unit_exists", name=name, group=group) from None
    await add_audit(session, at=now, actor=actor, action="unit.add", target=name, detail={"group": group})
    assert unit.id is not None
    return UnitRef(id=unit.id, name=unit.name, group=unit.group_name), new_group


async def units_overview(session: AsyncSession) -> list[UnitLine]:
    """Every unit with its group, its number of projects and of bound people."""
    projects = await ledger_q.count_projects_by_unit(session)
    people = await people_q.count_people_by_unit(session)
    return [
        UnitLine(
            name=u.name,
            group=u.group_name,
            projects=projects.get(u.id or 0, 0),
            people=people.get(u.id or 0, 0),
        )
        for u in await ledger_q.list_units(session)
    ]


async def categories_overview(session: AsyncSession) -> list[CategoryLine]:
    """Every category with its number of projects."""
    projects = await ledger_q.count_projects_by_category(session)
    return [
        CategoryLine(name=c.name, projects=projects.get(c.id or 0, 0))
        for c in await ledger_q.list_categories(session)
    ]


async def find_category(session: AsyncSession, ref: str) -> CategoryRef:
    """A category by exact name or an unambiguous part of it (case-insensitive)."""
    ref = normalize_text(ref).strip()
    if not ref:
        raise UserError("category_missing")
    categories = await ledger_q.list_categories(session)
    for category in categories:
        if category.name.casefold() == ref.casefold():
            return _ref(category)
    matches = [c for c in categories if ref.casefold() in c.name.casefold()]
    if len(matches) == 1:
        return _ref(matches[0])
    if not matches:
        raise UserError("category_not_found", ref=ref)
    raise UserError("category_ambiguous", ref=ref, choices=[c.name for c in matches[:8]])


def _ref(category: Category) -> CategoryRef:
    assert category.id is not None
    return CategoryRef(id=category.id, name=category.name)
