"""Score sheets of indicator-scored categories (SPEC §7): preview, import, and what a review reads.

All or nothing, like a ledger: a sheet with any bad row changes nothing. Importing a period again replaces
that period's scores in the categories the sheet names, and the preview shows each change (old → new).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import Kind, indicator_score, load_rules, policy_for
from bot.domain.policy import Policy
from bot.domain.views_scores import ScoreChange, ScorePreview
from bot.ledger.parse import ParsedLedger, RowError
from bot.ledger.scores import ParsedScores, ScoreRow, ledger_errors, sheet_errors
from bot.services.errors import UserError
from storage.queries import ledger as ledger_q
from storage.queries import people as people_q
from storage.queries import reviews as reviews_q
from storage.queries import scores as scores_q
from storage.tables import Category, IndicatorScore, Unit

PENDING_KIND = "scores"  # a previewed sheet waiting on Confirm
WAIT_KIND = "scores_wait"  # /scores said; the next document is the sheet
WAIT_FOR = timedelta(minutes=30)


def unit_names(units: Sequence[Unit]) -> dict[str, int]:
    """Each unit by its name and (when no other unit has it) its short name."""
    names = {u.name: u.id for u in units if u.id is not None}
    shorts = [u.short_name for u in units if u.short_name]
    for u in units:
        if u.short_name and u.id is not None and shorts.count(u.short_name) == 1:
            names.setdefault(u.short_name, u.id)
    return names


async def preview_scores(
    session: AsyncSession,
    parsed: ParsedScores,
    *,
    period: str,
    apply: bool = False,
    actor: str = "",
    now: datetime | None = None,
) -> ScorePreview:
    """What the sheet changes in the period; with apply=True it is stored (only when there is no error)."""
    unit_rows = await ledger_q.list_units(session)
    units = unit_names(unit_rows)
    categories = {c.name: c for c in await ledger_q.list_categories(session)}
    project_scored = {n for n, c in categories.items() if c.kind != Kind.INDICATOR}
    errors = sheet_errors(parsed, units=units, project_categories=project_scored)
    if errors:
        return ScorePreview(period=period, errors=errors)
    named = tuple(dict.fromkeys(row.category for row in parsed.rows))
    new = tuple(n for n in named if n not in categories)
    old = await _shown_scores(session, period)
    names = {u.id: u.name for u in unit_rows if u.id is not None}
    before = {
        (names[unit_id], c.name): score
        for c in categories.values()
        if c.name in named
        for (unit_id, category_id), score in old.items()
        if category_id == c.id
    }
    after = {(names[units[r.unit]], r.category): indicator_score(r.score, r.bonus) for r in parsed.rows}
    changes = tuple(
        ScoreChange(unit=unit, category=category, old=before.get(key), new=after.get(key))
        for (unit, category), key in (
            (k, k) for k in sorted(before.keys() | after.keys(), key=lambda k: (named.index(k[1]), k[0]))
        )
        if before.get(key) != after.get(key)
    )
    preview = ScorePreview(
        period=period,
        rows=len(parsed.rows),
        categories=named,
        new_categories=new,
        changes=changes,
        replacing=bool(before),
    )
    if not apply:
        return preview
    assert now is not None
    for name in new:
        categories[name] = await scores_q.add_indicator_category(session, name=name, now=now)
    await scores_q.replace_period_scores(
        session,
        period,
        [c.id for n, c in categories.items() if n in named and c.id is not None],
        [
            _stored(
                row,
                period=period,
                unit_id=units[row.unit],
                category=categories[row.category],
                now=now,
                actor=actor,
            )
            for row in parsed.rows
        ],
    )
    await reviews_q.add_audit(
        session,
        at=now,
        actor=actor,
        action="scores.import",
        target=period,
        detail={
            "rows": len(parsed.rows),
            "categories": list(named),
            "changes": [[c.unit, c.category, _text(c.old), _text(c.new)] for c in changes],
        },
    )
    return ScorePreview(
        period=period,
        rows=len(parsed.rows),
        categories=named,
        new_categories=new,
        changes=changes,
        replacing=bool(before),
        applied=True,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _stored(
    row: ScoreRow, *, period: str, unit_id: int, category: Category, now: datetime, actor: str
) -> IndicatorScore:
    assert category.id is not None
    return IndicatorScore(
        period=period,
        unit_id=unit_id,
        category_id=category.id,
        score=str(row.score),
        bonus=str(row.bonus),
        note=row.note,
        imported_at=now,
        imported_by=actor[:60],
    )


async def _shown_scores(session: AsyncSession, period: str) -> dict[tuple[int, int], Decimal]:
    return {
        (s.unit_id, s.category_id): indicator_score(Decimal(s.score), Decimal(s.bonus))
        for s in await scores_q.list_period_scores(session, period)
    }


@dataclass(frozen=True)
class CategorySetup:
    """What a review needs per category: its kind, its policy, and the period's given scores."""

    kinds: dict[int, Kind]
    policies: dict[int, Policy]  # only categories that override a knob
    given: dict[tuple[int, int], Decimal]  # (unit id, category id) → shown score, indicator categories only

    def policy(self, category_id: int, default: Policy) -> Policy:
        return self.policies.get(category_id, default)

    def kind(self, category_id: int) -> Kind:
        return self.kinds.get(category_id, Kind.PROJECTS)

    def stored(self, names: Mapping[int | None, str], default: Policy) -> dict[str, dict[str, object]]:
        """What the review keeps of it (with its policy): each special category's kind and own knobs."""
        base = default.to_json()
        kept: dict[str, dict[str, object]] = {}
        for category_id, name in names.items():
            if category_id is None:
                continue
            own = {k: v for k, v in self.policy(category_id, default).to_json().items() if base.get(k) != v}
            if own or self.kind(category_id) is Kind.INDICATOR:
                kept[name] = {"kind": self.kind(category_id).value, **own}
        return kept


async def category_setup(
    session: AsyncSession, period: str, *, policy: Policy, categories: Iterable[Category] | None = None
) -> CategorySetup:
    """Kinds, per-category policies and the period's indicator scores (the categories when not given, and
    the scores when some category is indicator-scored: 0 to 2 queries)."""
    if categories is None:
        categories = await ledger_q.list_categories(session)
    listed = [c for c in categories if c.id is not None]
    kinds = {c.id: Kind(c.kind) for c in listed if c.id is not None}
    policies = {
        c.id: policy_for(policy, rules) for c in listed if c.id is not None and (rules := load_rules(c.rules))
    }
    given: dict[tuple[int, int], Decimal] = {}
    if Kind.INDICATOR in kinds.values():
        given = {
            key: score
            for key, score in (await _shown_scores(session, period)).items()
            if kinds.get(key[1]) is Kind.INDICATOR
        }
    return CategorySetup(kinds=kinds, policies=policies, given=given)


async def ledger_conflicts(session: AsyncSession, parsed: ParsedLedger) -> tuple[RowError, ...]:
    """Rows of a ledger that would give projects to an indicator-scored category (the ledger is refused)."""
    indicator = {c.name for c in await ledger_q.list_categories(session) if c.kind == Kind.INDICATOR}
    if not indicator:
        return ()
    return ledger_errors([(row.row_number, row.category) for row in parsed.rows], indicator)


# --- the chat's side: /scores waits for a file, a preview waits on Confirm


async def wait_for_sheet(session: AsyncSession, *, user_id: int, period: str, now: datetime) -> None:
    """/scores PERIOD without a file: the admin's next document is that period's score sheet."""
    await people_q.add_pending(
        session, kind=WAIT_KIND, user_id=user_id, chat_id=user_id, payload={"period": period}, now=now
    )


async def waiting_period(session: AsyncSession, *, user_id: int, now: datetime) -> str | None:
    """The period a recent /scores asked a sheet for (None when the admin is not about to send one).

    The wait lasts WAIT_FOR until a sheet is previewed: a refused sheet can be fixed and sent again."""
    pending = await people_q.open_pending(session, user_id=user_id, kind=WAIT_KIND)
    if pending is None or pending.created_at + WAIT_FOR < now:
        return None
    return str(pending.payload.get("period", ""))


async def hold_sheet(
    session: AsyncSession, parsed: ParsedScores, preview: ScorePreview, *, user_id: int, now: datetime
) -> int:
    """Keep a previewed sheet for its Confirm button (ending any /scores wait); the button's id."""
    for waiting in await people_q.list_open_pending(session, user_id=user_id, kinds=[WAIT_KIND]):
        assert waiting.id is not None
        await people_q.resolve_pending(session, waiting.id, outcome="received", at=now)
    rows = [[r.row_number, r.unit, r.category, str(r.score), str(r.bonus), r.note] for r in parsed.rows]
    pending = await people_q.add_pending(
        session,
        kind=PENDING_KIND,
        user_id=user_id,
        chat_id=user_id,
        payload={"period": preview.period, "rows": rows},
        now=now,
    )
    assert pending.id is not None
    return pending.id


async def confirm_sheet(
    session: AsyncSession, pending_id: int, *, user_id: int, confirmed: bool, actor: str, now: datetime
) -> ScorePreview | None:
    """Import a held sheet (Confirm) or drop it (Cancel, → None); UserError when the button is spent."""
    pending = await people_q.get_pending(session, pending_id)
    if pending is None or pending.kind != PENDING_KIND or pending.user_id != user_id:
        raise UserError("button_done")
    outcome = "confirmed" if confirmed else "cancelled"
    if not await people_q.resolve_pending(session, pending_id, outcome=outcome, at=now):
        raise UserError("button_done")
    if not confirmed:
        return None
    rows = tuple(
        ScoreRow(int(n), str(u), str(c), Decimal(s), Decimal(b), str(note))
        for n, u, c, s, b, note in pending.payload.get("rows", [])
    )
    period = str(pending.payload.get("period", ""))
    parsed = ParsedScores(rows=rows, errors=())
    return await preview_scores(session, parsed, period=period, apply=True, actor=actor, now=now)
