"""The assessment policy: every knob of SPEC §6–§7, stored with each review so it can be explained later."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Policy:
    """Knobs of compliance, scoring and flag awarding; defaults are SPEC's."""

    period_months: int = 2
    grace_days: int = 5
    score_cap: float = 1.5
    on_schedule_tolerance: float = 0.05
    serious_lag_below: float = 0.8
    stall_after_days: int = 30
    red_top_n: int = 3
    red_min_score: Decimal = Decimal("100")
    yellow_below: Decimal = Decimal("80")
    yellow_bottom_n: int = 0

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict (Decimals as strings) for storing with a review."""
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Policy:
        """The inverse of to_json; unknown keys are ignored so old reviews stay readable."""
        known = {f.name: f for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key in known:
                values[key] = Decimal(str(value)) if key in ("red_min_score", "yellow_below") else value
        return cls(**values)
