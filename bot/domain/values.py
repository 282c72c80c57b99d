"""Reading numbers the way county staff type them: full-width digits, ％, thousands separators."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％，－＋", "0123456789.%,-+")
_NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d*)?$")


def normalize_text(text: str) -> str:
    """Full-width digits and signs to ASCII; full-width spaces to spaces."""
    return text.translate(_FULL_WIDTH).replace("\u3000", " ")


@dataclass(frozen=True)
class ReportedValue:
    """A cumulative amount as typed: either in the project's measure or a percentage of the target."""

    number: float
    percent: bool

    def amount(self, *, target: float) -> float:
        """The cumulative amount in the project's measure."""
        return self.number * target / 100 if self.percent else self.number


class ValueProblem(ValueError):
    """Why a typed value is not usable: 'not_number' or 'negative'."""

    def __init__(self, kind: str, text: str) -> None:
        super().__init__(f"{kind}: {text!r}")
        self.kind = kind
        self.text = text


def parse_reported_value(text: str) -> ReportedValue:
    """'12', '1,200', '３５．５', '60%', '60％' → ReportedValue; ValueProblem otherwise."""
    raw = normalize_text(text).strip()
    percent = raw.endswith("%")
    digits = raw[:-1].strip() if percent else raw
    if not digits or not _NUMBER_RE.match(digits) or not any(ch.isdigit() for ch in digits):
        raise ValueProblem("not_number", text)
    number = float(digits.replace(",", ""))
    if not math.isfinite(number):
        raise ValueProblem("not_number", text)
    if number < 0:
        raise ValueProblem("negative", text)
    return ReportedValue(number=number, percent=percent)
