"""Per-category rules and indicator-scored categories (SPEC §7): which knobs a category may override,
how an override is read, and the score of an indicator category (得分 + 加减分). Pure."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from bot.domain.policy import Policy


class Kind(enum.StrEnum):
    """How a category's units are scored."""

    PROJECTS = "projects"  # from its projects' 序时 (SPEC §7 score)
    INDICATOR = "indicator"  # given by a score sheet (绩效考核, 闯创干, 评议)


# The knobs a category may override: name → (Chinese name, type). Decimal knobs are compared with scores.
KNOBS: dict[str, tuple[str, type]] = {
    "red_top_n": ("红旗名额", int),
    "red_min_score": ("红旗最低分", Decimal),
    "yellow_below": ("黄旗线", Decimal),
    "yellow_bottom_n": ("末位黄旗", int),
    "score_cap": ("得分上限", float),
}
_BY_CHINESE = {zh: name for name, (zh, _) in KNOBS.items()}
_ONE_DECIMAL = Decimal("0.1")


class KnobError(ValueError):
    """A knob setting that cannot be used: `problem` is 'unknown' or 'value'."""

    def __init__(self, problem: str, knob: str, value: str = "") -> None:
        super().__init__(f"{problem}: {knob}={value}")
        self.problem, self.knob, self.value = problem, knob, value


def knob_name(word: str) -> str:
    """The knob a word names (English or Chinese, case-insensitive); KnobError when none."""
    key = word.strip().lower()
    if key in KNOBS:
        return key
    if word.strip() in _BY_CHINESE:
        return _BY_CHINESE[word.strip()]
    raise KnobError("unknown", word.strip())


def parse_knob(name: str, text: str) -> str:
    """A knob's value as stored (a canonical number string); KnobError when it is not allowed.

    Counts are whole numbers ≥ 0 (red_top_n ≥ 1); scores and the cap are numbers ≥ 0 (cap > 0).
    """
    kind = KNOBS[name][1]
    try:
        number = Decimal(text.strip().replace("％", "").replace("%", ""))
    except InvalidOperation:
        raise KnobError("value", name, text) from None
    if not number.is_finite() or number < 0:
        raise KnobError("value", name, text)
    if kind is int:
        if number != number.to_integral_value() or (name == "red_top_n" and number < 1):
            raise KnobError("value", name, text)
        return str(int(number))
    if name == "score_cap" and number == 0:
        raise KnobError("value", name, text)
    return format(number.normalize(), "f")


def load_rules(stored: str | None) -> dict[str, str]:
    """A category's stored overrides (JSON text); unknown knobs are dropped so old rows stay readable."""
    try:
        data = json.loads(stored or "{}")
    except ValueError:
        return {}
    return {k: str(v) for k, v in data.items() if k in KNOBS} if isinstance(data, dict) else {}


def dump_rules(rules: Mapping[str, str]) -> str:
    """Overrides as stored, in knob order."""
    return json.dumps({k: rules[k] for k in KNOBS if k in rules}, ensure_ascii=False)


def policy_for(policy: Policy, rules: Mapping[str, Any]) -> Policy:
    """The global policy with a category's overrides applied; no overrides → the global policy itself."""
    changes: dict[str, Any] = {}
    for name, value in rules.items():
        if name in KNOBS:
            changes[name] = KNOBS[name][1](str(value))
    return replace(policy, **changes) if changes else policy


def indicator_score(score: Decimal, bonus: Decimal = Decimal(0)) -> Decimal:
    """The score shown, ranked and compared: 得分 + 加减分, rounded half-up to one decimal."""
    return (score + bonus).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)
