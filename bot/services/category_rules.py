"""Per-category policy knobs (SPEC §7): what /categories lists and sets. A category with no setting uses
the global knobs; a setting is kept in the category's row and recorded in the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.categories import (
    KNOBS,
    Kind,
    KnobError,
    dump_rules,
    knob_name,
    load_rules,
    parse_knob,
    policy_for,
)
from bot.domain.policy import Policy
from bot.domain.views_scores import CategorySetting
from bot.services.directory import find_category
from bot.services.errors import UserError
from storage.queries import ledger as ledger_q
from storage.queries import reviews as reviews_q
from storage.queries import scores as scores_q
from storage.tables import Category

RESET_WORDS = {"默认", "恢复默认", "default", "reset"}


def _setting(category: Category, projects: int, policy: Policy) -> CategorySetting:
    rules = load_rules(category.rules)
    return CategorySetting(
        name=category.name,
        kind=Kind(category.kind),
        projects=projects,
        policy=policy_for(policy, rules),
        own=frozenset(rules),
    )


async def category_settings(session: AsyncSession, *, policy: Policy) -> list[CategorySetting]:
    """Every category (creation order) with its kind, projects and knobs in force."""
    projects = await ledger_q.count_projects_by_category(session)
    return [_setting(c, projects.get(c.id or 0, 0), policy) for c in await ledger_q.list_categories(session)]


def parse_assignments(words: Sequence[str]) -> dict[str, str | None]:
    """'红旗最低分=90', 'yellow_below=70', '黄旗线=默认', or '默认' alone (every knob) → knob → value or None.

    KnobError for an unknown knob or a bad value; UserError when a word is not an assignment.
    """
    if len(words) == 1 and words[0].strip().lower() in RESET_WORDS:
        return dict.fromkeys(KNOBS)
    changes: dict[str, str | None] = {}
    for word in words:
        text = word.replace("＝", "=").replace("：", "=").replace(":", "=")
        if "=" not in text:
            raise UserError("category_rules_word", word=word)
        name, value = (part.strip() for part in text.split("=", 1))
        knob = knob_name(name)
        changes[knob] = None if value.lower() in RESET_WORDS else parse_knob(knob, value)
    return changes


async def set_rules(
    session: AsyncSession, ref: str, words: Sequence[str], *, policy: Policy, actor: str, now: datetime
) -> CategorySetting:
    """Set (or reset to the global value) some knobs of one category; UserError naming what was wrong."""
    if not words:
        raise UserError("category_rules_word", word="")
    try:
        changes = parse_assignments(words)
    except KnobError as error:
        if error.problem == "unknown":
            raise UserError("category_knob_unknown", knob=error.knob) from None
        raise UserError("category_knob_value", knob=KNOBS[error.knob][0], value=error.value) from None
    found = await find_category(session, ref)
    category = await ledger_q.get_category_by_name(session, found.name)
    assert category is not None
    before = load_rules(category.rules)
    after = dict(before)
    for knob, value in changes.items():
        if value is None:
            after.pop(knob, None)
        else:
            after[knob] = value
    await scores_q.set_category_rules(session, category, dump_rules(after))
    await reviews_q.add_audit(
        session,
        at=now,
        actor=actor,
        action="category.rules",
        target=category.name,
        detail={"from": before, "to": after},
    )
    projects = (await ledger_q.count_projects_by_category(session)).get(category.id or 0, 0)
    return _setting(category, projects, policy)
