"""The commands: who sees which, its description (a catalogue key) and an example; /help from them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.roles import Role
from bot.render.marks import plain
from bot.render.texts import message


@dataclass(frozen=True)
class CommandInfo:
    name: str
    role: Role
    key: str  # its one-line description in the catalogue
    example: str = (
        ""  # the catalogue key of an example (Chinese keywords on the Chinese side: 领导, 一把手, 无)
    )


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", Role.STRANGER, "command_start"),
    CommandInfo("help", Role.STRANGER, "command_help"),
    CommandInfo("report", Role.CONTACT, "command_report", "example_report"),
    CommandInfo("undo", Role.CONTACT, "command_undo"),
    CommandInfo("projects", Role.CONTACT, "command_projects"),
    CommandInfo("myflag", Role.CONTACT, "command_myflag"),
    CommandInfo("plan", Role.CONTACT, "command_plan", "example_plan"),
    CommandInfo("ranking", Role.LEADER, "command_ranking", "example_ranking"),
    CommandInfo("unit", Role.LEADER, "command_unit", "example_unit"),
    CommandInfo("lagging", Role.LEADER, "command_lagging"),
    CommandInfo("history", Role.LEADER, "command_history", "example_history"),
    CommandInfo("plans", Role.LEADER, "command_plans"),
    CommandInfo("interview", Role.LEADER, "command_interview", "example_interview"),
    CommandInfo("units", Role.ADMIN, "command_units"),
    CommandInfo("addunit", Role.ADMIN, "command_addunit", "example_addunit"),
    CommandInfo("alias", Role.ADMIN, "command_alias", "example_alias"),
    CommandInfo("categories", Role.ADMIN, "command_categories"),
    CommandInfo("scores", Role.ADMIN, "command_scores", "example_scores"),
    CommandInfo("invite", Role.ADMIN, "command_invite", "example_invite"),
    CommandInfo("grant", Role.ADMIN, "command_grant", "example_grant"),
    CommandInfo("revoke", Role.ADMIN, "command_revoke", "example_revoke"),
    CommandInfo("invites", Role.ADMIN, "command_invites"),
    CommandInfo("bind", Role.ADMIN, "command_bind", "example_bind"),
    CommandInfo("unbind", Role.ADMIN, "command_unbind"),
    CommandInfo("review", Role.ADMIN, "command_review", "example_review"),
    CommandInfo("override", Role.ADMIN, "command_override", "example_override"),
    CommandInfo("export", Role.ADMIN, "command_export", "example_export"),
    CommandInfo("holiday", Role.ADMIN, "command_holiday", "example_holiday"),
)


def commands_for(role: Role, *, has_unit: bool = False) -> list[CommandInfo]:
    """The commands a role may use. A unit's commands need a unit: a leader or admin without one does not
    see /report (a stranger sees only start and help)."""
    unit_commands = (Role.CONTACT, Role.HEAD)
    return [
        c
        for c in COMMANDS
        if c.role <= role and (c.role not in unit_commands or has_unit or role in unit_commands)
    ]


def help_text(role: Role, *, lang: str = "zh", unit: str | None = None, user_id: int = 0) -> str:
    """/help: the caller's commands with examples; a stranger reads how to get a unit (a contact's invite
    link) or a role (a leader gives the office the user ID shown)."""
    lines = []
    if role == Role.STRANGER:
        lines.append(message("help_stranger", lang, user_id=user_id))
    elif unit:
        lines.append(message("help_unit", lang, unit=plain(unit)))
    lines.append(message("help_commands", lang))
    for info in commands_for(role, has_unit=unit is not None):
        text = f"/{info.name} — {message(info.key, lang)}"
        if info.example:
            text += "\n" + message("help_example", lang, example=message(info.example, lang))
        lines.append(text)
    if unit is not None:
        lines.append(message("help_tip", lang))
    return "\n".join(lines)
