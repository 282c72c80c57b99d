"""Which unit a name means: exact names, the aliases admins keep (/alias), and names that differ only by
the 县/县委/县人民政府 prefix or the 人民政府 suffix (bot.ledger.units, docs/ledgers.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.views_units import AliasLine
from bot.ledger.units import TOWNSHIP_GROUP, clean_name, is_township, unit_key
from bot.services.errors import UserError
from storage.queries import aliases as aliases_q
from storage.queries import ledger as ledger_q
from storage.queries.reviews import add_audit
from storage.tables import Unit

MAX_NAME = 200


@dataclass
class UnitResolver:
    """The units and aliases of the database, loaded once for a whole import and kept up to date."""

    by_name: dict[str, Unit] = field(default_factory=dict)
    by_key: dict[str, list[Unit]] = field(default_factory=dict)
    aliases: dict[str, Unit] = field(default_factory=dict)

    @classmethod
    async def load(cls, session: AsyncSession) -> UnitResolver:
        resolver = cls()
        for unit in await ledger_q.list_units(session):
            resolver._know(unit)
        for alias, unit in await aliases_q.list_aliases(session):
            resolver.aliases[alias.alias_key] = unit
        return resolver

    def _know(self, unit: Unit) -> None:
        self.by_name[unit.name] = unit
        self.by_key.setdefault(unit_key(unit.name), []).append(unit)

    def find(self, name: str) -> Unit | None:
        """The unit a name means, or None (also when it could mean two units: then only the full name will do)."""
        for text in (name, clean_name(name)):
            if text in self.by_name:
                return self.by_name[text]
        key = unit_key(name)
        if key in self.aliases:
            return self.aliases[key]
        same = self.by_key.get(key, [])
        return same[0] if len(same) == 1 else None

    def candidates(self, name: str) -> list[Unit]:
        return list(self.by_key.get(unit_key(name), []))

    async def get_or_add(
        self, session: AsyncSession, name: str, *, group: str | None, default_group: str, now: datetime
    ) -> tuple[Unit, bool]:
        """(the unit, created?); a new township (镇/乡/街道/办事处) goes to the 乡镇 group unless the row says."""
        found = self.find(name)
        if found is not None:
            return found, False
        group = group or (TOWNSHIP_GROUP if is_township(name) else default_group)
        unit = await ledger_q.add_unit(session, name=clean_name(name), group=group, now=now)
        self._know(unit)
        return unit, True


async def list_aliases(session: AsyncSession) -> list[AliasLine]:
    """Every alias with the unit it names."""
    return [AliasLine(alias=a.alias, unit=u.name) for a, u in await aliases_q.list_aliases(session)]


async def add_alias(
    session: AsyncSession, *, alias: str, unit_name: str, actor: str, now: datetime
) -> AliasLine:
    """'交通局 = 县交通运输局': from now on the alias means that unit, in ledgers and in /alias."""
    alias, unit_name = clean_name(alias), clean_name(unit_name)
    if not alias or not unit_name:
        raise UserError("alias_usage")
    if len(alias) > MAX_NAME:
        raise UserError("unit_name_too_long", limit=MAX_NAME)
    resolver = await UnitResolver.load(session)
    unit = resolver.find(unit_name)
    if unit is None:
        several = resolver.candidates(unit_name)
        if len(several) > 1:
            raise UserError("alias_ambiguous", name=unit_name, units="、".join(u.name for u in several))
        raise UserError("alias_no_unit", unit=unit_name)
    key = unit_key(alias)
    if key in resolver.aliases:
        raise UserError("alias_taken", alias=alias, unit=resolver.aliases[key].name)
    named = resolver.by_name.get(alias) or next(iter(resolver.by_key.get(key, [])), None)
    if named is not None:
        raise UserError("alias_is_unit", alias=alias, unit=named.name)
    assert unit.id is not None
    try:
        async with session.begin_nested():
            await aliases_q.add_alias(session, alias=alias, key=key, unit_id=unit.id, now=now, actor=actor)
    except IntegrityError:  # another admin added it a moment ago
        raise UserError("alias_taken", alias=alias, unit=unit.name) from None
    await add_audit(
        session, at=now, actor=actor, action="alias.add", target=alias, detail={"unit": unit.name}
    )
    return AliasLine(alias=alias, unit=unit.name)


async def remove_alias(session: AsyncSession, *, alias: str, actor: str, now: datetime) -> AliasLine:
    """Forget an alias; the unit keeps its projects."""
    found = await aliases_q.get_alias_by_key(session, unit_key(alias))
    if found is None:
        raise UserError("alias_unknown", alias=clean_name(alias))
    unit = await ledger_q.get_unit(session, found.unit_id)
    line = AliasLine(alias=found.alias, unit=unit.name if unit else "")
    await aliases_q.delete_alias(session, found)
    await add_audit(
        session, at=now, actor=actor, action="alias.remove", target=found.alias, detail={"unit": line.unit}
    )
    return line
