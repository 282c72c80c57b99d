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
    example: str = ""


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", Role.STRANGER, "command_start"),
    CommandInfo("help", Role.STRANGER, "command_help"),
    CommandInfo("report", Role.CONTACT, "command_report", "/report MS-01 60% 路基完成"),
    CommandInfo("undo", Role.CONTACT, "command_undo", "/undo"),
    CommandInfo("projects", Role.CONTACT, "command_projects", "/projects"),
    CommandInfo("myflag", Role.CONTACT, "command_myflag", "/myflag"),
    CommandInfo("plan", Role.CONTACT, "command_plan", "/plan MS-03 征地滞后；增派施工队；张三；2027-01-31"),
    CommandInfo("ranking", Role.LEADER, "command_ranking", "/ranking 民生实事"),
    CommandInfo("unit", Role.LEADER, "command_unit", "/unit 人社局"),
    CommandInfo("lagging", Role.LEADER, "command_lagging", "/lagging"),
    CommandInfo("history", Role.LEADER, "command_history", "/history MS-01 2026-09-01 2026-10-31"),
    CommandInfo("plans", Role.LEADER, "command_plans", "/plans"),
    CommandInfo(
        "interview", Role.LEADER, "command_interview", "/interview 交通运输局 约谈 主要负责人说明情况"
    ),
    CommandInfo("units", Role.ADMIN, "command_units", "/units"),
    CommandInfo("addunit", Role.ADMIN, "command_addunit", "/addunit 民政局 县直部门"),
    CommandInfo("categories", Role.ADMIN, "command_categories", "/categories"),
    CommandInfo("invite", Role.ADMIN, "command_invite", "/invite 人社局 head"),
    CommandInfo("grant", Role.ADMIN, "command_grant", "/grant leader @zhang"),
    CommandInfo("revoke", Role.ADMIN, "command_revoke", "/revoke leader @zhang"),
    CommandInfo("bind", Role.ADMIN, "command_bind", "/bind leaders"),
    CommandInfo("unbind", Role.ADMIN, "command_unbind", "/unbind"),
    CommandInfo("review", Role.ADMIN, "command_review", "/review 2026-10"),
    CommandInfo("override", Role.ADMIN, "command_override", "/override 人社局 民生实事 none 数据有误"),
    CommandInfo("export", Role.ADMIN, "command_export", "/export 2026-10"),
    CommandInfo("holiday", Role.ADMIN, "command_holiday", "/holiday 2026-10-10 work"),
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


def help_text(role: Role, *, lang: str = "zh", unit: str | None = None) -> str:
    """/help: the caller's commands with examples."""
    lines = []
    if role == Role.STRANGER:
        lines.append(message("help_stranger", lang))
    elif unit:
        lines.append(message("help_unit", lang, unit=plain(unit)))
    lines.append(message("help_commands", lang))
    for info in commands_for(role, has_unit=unit is not None):
        text = f"/{info.name} — {message(info.key, lang)}"
        if info.example and info.example != f"/{info.name}":
            text += "\n" + message("help_example", lang, example=plain(info.example))
        lines.append(text)
    if unit is not None:
        lines.append(message("help_tip", lang))
    return "\n".join(lines)
