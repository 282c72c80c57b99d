"""Every sentence flagbot says, in Simplified Chinese (default) and English: access to the catalogue. Pure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.domain.compliance import Status
from bot.domain.flags import OFFICIAL_FLAG_NAMES, Badge, FlagColor, Transition
from bot.domain.periods import Period
from bot.render.catalogue import (
    access_more,
    admin,
    announcement,
    categories,
    charts,
    cli_help,
    commands,
    common,
    delivery,
    doctor,
    documents,
    ledger_changes,
    ledger_read,
    look,
    look_more,
    official,
    periods,
    rectify,
    rectify_more,
    reminders,
    report,
    restore,
    review,
    shell,
    workbook,
)
from bot.render.language import side
from bot.render.marks import from_tags
from bot.render.numbers import Month

# The area files merged into one catalogue; a new area file is added to this tuple.
AREAS = (
    common, report, look, look_more, admin, delivery, reminders, doctor, commands, review, shell, periods,
    announcement, charts, workbook, restore, ledger_changes, ledger_read, categories, access_more, official, rectify,
    documents, cli_help, rectify_more,
)  # fmt: skip

MESSAGES: dict[str, tuple[str, str]] = {}
for _area in AREAS:
    _clash = MESSAGES.keys() & _area.MESSAGES.keys()
    assert not _clash, f"{_area.__name__} repeats {sorted(_clash)}"
    MESSAGES.update(_area.MESSAGES)
# Sentences are written with <b>, <i> and entities; what render hands on is marked text (bot/render/marks.py).
MESSAGES = {key: (from_tags(zh), from_tags(en)) for key, (zh, en) in MESSAGES.items()}

STATUS_KEYS: dict[Status, str] = {
    Status.DONE: "status_done",
    Status.AHEAD: "status_ahead",
    Status.ON_SCHEDULE: "status_on_schedule",
    Status.LAGGING: "status_lagging",
    Status.SERIOUS: "status_serious",
}
FLAG_KEYS: dict[FlagColor | None, str] = {
    FlagColor.RED: "flag_red",
    FlagColor.YELLOW: "flag_yellow",
    None: "flag_none",
}
TRANSITION_KEYS: dict[Transition, str] = {
    Transition.NEW_RED: "transition_new_red",
    Transition.KEPT_RED: "transition_kept_red",
    Transition.YELLOW_TO_RED: "transition_yellow_to_red",
    Transition.LOST_RED: "transition_lost_red",
    Transition.RED_TO_YELLOW: "transition_red_to_yellow",
    Transition.NEW_YELLOW: "transition_new_yellow",
    Transition.KEPT_YELLOW: "transition_kept_yellow",
    Transition.SHED_YELLOW: "transition_shed_yellow",
}
BADGE_KEYS: dict[Badge, str] = {
    Badge.DOUBLE_RED: "badge_double_red",
    Badge.FLAG_WINNER: "badge_flag_winner",
}
ROLE_KEYS: dict[str, str] = {
    "CONTACT": "role_contact",
    "HEAD": "role_head",
    "LEADER": "role_leader",
    "ADMIN": "role_admin",
}
REASON_KEYS: dict[str, str] = {
    "decrease": "reason_decrease",
    "above_target": "reason_above_target",
}


def either(zh: str, en: str, lang: str) -> str:
    """A sentence made outside the catalogue in both languages (the ledger parser's reasons), in `lang`."""
    return side((zh, en), lang)


def _official(value: Any, lang: str) -> Any:
    """A period or a day given as such is written the official way: '2026年9—10月', '2026年11月17日'."""
    if isinstance(value, Period):
        key = "periods_label_one" if value.months == 1 else "periods_label"
        first = Month(value.first_day.month)
        return message(key, lang, year=value.year, first=first, month=Month(value.month))
    if isinstance(value, date) and not isinstance(value, datetime):
        return message("date_day", lang, year=value.year, month=Month(value.month), day=value.day)
    return value


# The county's names for the flags in Chinese sentences (FLAG_NAMES), set once when the process starts.
# A setting of the whole process, like the catalogue itself; English sentences keep "red flag".
_flag_names: dict[str, str] = {}


def use_flag_names(names: tuple[str, str]) -> None:
    """Write the flags as the county calls them (from the settings): ('先进红旗', '后进黄旗')."""
    _flag_names.clear()
    _flag_names.update({old: new for old, new in zip(OFFICIAL_FLAG_NAMES, names, strict=True) if old != new})


def _catalogue_side(key: str, lang: str) -> str:
    sentence = side(MESSAGES[key], lang)
    for practice_name, county_name in _flag_names.items():
        sentence = sentence.replace(practice_name, county_name)
    return sentence


def message(key: str, lang: str = "zh", **params: Any) -> str:
    """A sentence by key, filled in (a Period or a date param in its official form)."""
    if key == "note_required":
        params = {**params, "reason": message(REASON_KEYS[params.get("reason", "decrease")], lang)}
    if "choices" in params and isinstance(params["choices"], list):
        params = {**params, "choices": "\n".join(params["choices"])}
    params = {name: _official(value, lang) for name, value in params.items()}
    return _catalogue_side(key, lang).format(**params)


def transition_label(transition: Transition, streak: int, lang: str = "zh") -> str:
    """'守旗·连续3期' — the transition with its streak where the streak says something."""
    if transition is Transition.NONE:
        return ""
    label = message(TRANSITION_KEYS[transition], lang)
    if transition in (Transition.KEPT_RED, Transition.KEPT_YELLOW) and streak >= 2:
        return message("transition_streak", lang, label=label, streak=streak)
    return label


def status_label(
    status: Status, *, not_reported: bool = False, stalled: bool = False, lang: str = "zh"
) -> str:
    """'滞后 · 未报送 · 停滞'."""
    parts = [message(STATUS_KEYS[status], lang)]
    if not_reported:
        parts.append(message("status_not_reported", lang))
    if stalled:
        parts.append(message("status_stalled", lang))
    return " · ".join(parts)


def flag_label(flag: FlagColor | None, lang: str = "zh") -> str:
    """'红旗', '黄旗' or '—'."""
    return message(FLAG_KEYS[flag], lang)


def badge_label(badge: Badge, lang: str = "zh") -> str:
    """'双红旗' or '夺旗模范'."""
    return message(BADGE_KEYS[badge], lang)


def role_label(role: str, lang: str = "zh") -> str:
    """A role by its name (CONTACT, HEAD, LEADER, ADMIN, any case), e.g. '县领导'."""
    return message(ROLE_KEYS[role.upper()], lang)
