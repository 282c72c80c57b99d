"""The command catalogue: who sees which command, described in Chinese and English, with an example."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.roles import Role


@dataclass(frozen=True)
class CommandInfo:
    name: str
    role: Role
    zh: str
    en: str
    example: str = ""


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", Role.STRANGER, "开始 / 绑定邀请", "start / accept an invite"),
    CommandInfo("help", Role.STRANGER, "可用命令与示例", "commands and examples"),
    CommandInfo("report", Role.CONTACT, "报送项目进度", "report progress", "/report MS-01 60% 路基完成"),
    CommandInfo("undo", Role.CONTACT, "撤回30分钟内的报送", "withdraw a report (30 min)", "/undo"),
    CommandInfo("projects", Role.CONTACT, "本单位项目与序时进度", "your unit's projects", "/projects"),
    CommandInfo("myflag", Role.CONTACT, "本单位红黄旗与排名", "your unit's flags and rank", "/myflag"),
    CommandInfo(
        "plan", Role.CONTACT, "提交整改措施", "send a rectification plan", "/plan 增派施工队，11月底前完成"
    ),
    CommandInfo("ranking", Role.LEADER, "各类别排名", "standings per category", "/ranking 民生实事"),
    CommandInfo("unit", Role.LEADER, "查看某单位", "one unit in detail", "/unit 人社局"),
    CommandInfo("lagging", Role.LEADER, "滞后项目", "projects behind schedule", "/lagging"),
    CommandInfo(
        "history", Role.LEADER, "报送历史", "reports over time", "/history MS-01 2026-09-01 2026-10-31"
    ),
    CommandInfo("plans", Role.LEADER, "整改措施提交情况", "rectification plans sent or overdue", "/plans"),
    CommandInfo("units", Role.ADMIN, "单位列表", "list units", "/units"),
    CommandInfo("addunit", Role.ADMIN, "新增单位", "add a unit", "/addunit 民政局 县直部门"),
    CommandInfo("categories", Role.ADMIN, "考核类别", "assessment categories", "/categories"),
    CommandInfo("invite", Role.ADMIN, "生成邀请链接", "invite a contact", "/invite 人社局 head"),
    CommandInfo("grant", Role.ADMIN, "授予领导/管理员", "grant leader/admin", "/grant leader @zhang"),
    CommandInfo("revoke", Role.ADMIN, "撤销领导/管理员", "revoke leader/admin", "/revoke leader @zhang"),
    CommandInfo("bind", Role.ADMIN, "绑定领导群/工作群", "bind this group", "/bind leaders"),
    CommandInfo("unbind", Role.ADMIN, "解除群绑定", "unbind this group", "/unbind"),
    CommandInfo("review", Role.ADMIN, "预览/发布讲评", "preview/publish a review", "/review 2026-10"),
    CommandInfo(
        "override", Role.ADMIN, "调整旗帜", "override a flag", "/override 人社局 民生实事 none 数据有误"
    ),
    CommandInfo("export", Role.ADMIN, "导出讲评表", "export the workbook", "/export 2026-10"),
    CommandInfo("holiday", Role.ADMIN, "调整工作日", "set a working day/holiday", "/holiday 2026-10-10 work"),
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
    en = lang == "en"
    lines = []
    if role == Role.STRANGER:
        lines.append(
            "You are not bound to a unit yet: open the invite link from the assessment office."
            if en
            else "您还没有绑定单位：请点开考核办发给您的邀请链接。"
        )
    elif unit:
        lines.append(f"Unit: {unit}" if en else f"所属单位：{unit}")
    lines.append("Commands:" if en else "可用命令：")
    for info in commands_for(role, has_unit=unit is not None):
        text = f"/{info.name} — {info.en if en else info.zh}"
        if info.example and info.example != f"/{info.name}":
            text += f"\n    {'e.g.' if en else '例'} {info.example}"
        lines.append(text)
    if unit is not None:
        lines.append(
            "Tip: in this chat you can also just send “MS-01 60% note”."
            if en
            else "提示：私聊中也可以直接发送“MS-01 60% 备注”来报送。"
        )
    return "\n".join(lines)
