"""Every sentence flagbot says, in Simplified Chinese (default) and English. Pure: no I/O."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from bot.domain.compliance import Status
from bot.domain.flags import Badge, FlagColor, Transition
from bot.render import texts_admin, texts_delivery, texts_look, texts_reminders, texts_report
from bot.render.catalogue import announcement, charts, look_more, periods, workbook
from bot.render.marks import from_tags

# key → (zh, en). Placeholders use str.format; keep replies short: county staff read them on a phone.
MESSAGES: dict[str, tuple[str, str]] = {
    "project_missing": (
        "请写明项目编号或名称，例如：/report MS-01 60%",
        "Name the project by code or name, e.g. /report MS-01 60%",
    ),
    "project_other_unit": (
        "项目 {code} 不属于您的单位，只能报送本单位的项目。发送 /projects 查看本单位项目。",
        "Project {code} belongs to another unit; you can only report your own unit's projects. See /projects.",
    ),
    "project_not_found": (
        "没有找到项目“{ref}”。请用项目编号（如 MS-01）或项目名称中的关键词，发送 /projects 查看。",
        "No project matches “{ref}”. Use the code (e.g. MS-01) or a word of its name; see /projects.",
    ),
    "project_ambiguous": (
        "“{ref}”对应多个项目，请用项目编号：\n{choices}",
        "“{ref}” matches several projects; please use the code:\n{choices}",
    ),
    "value_not_number": (
        "“{text}”不是数字。请填写累计完成量（单位：{measure}），或在数字后加 % 表示占年度目标的百分比，例如 60%。",
        "“{text}” is not a number. Send the cumulative amount (in {measure}) or a percentage of the target, e.g. 60%.",
    ),
    "value_negative": (
        "完成量不能为负数（收到“{text}”）。请填写累计完成量，例如 35 或 60%。",
        "Progress cannot be negative (got “{text}”). Send the cumulative amount, e.g. 35 or 60%.",
    ),
    "note_too_long": (
        "备注太长（{length} 字），请控制在 {limit} 字以内。",
        "The note is too long ({length} characters); keep it under {limit}.",
    ),
    "note_required": (
        "数值{reason_zh}，请在数值后写明原因，例如：/report MS-01 40 数据核减，原多报 5 公里",
        "The value {reason_en}; add a note saying why, e.g. /report MS-01 40 corrected: 5 km counted twice",
    ),
    "undo_nothing": ("没有可撤回的报送。", "There is no report of yours to withdraw."),
    "undo_too_late": (
        "只能撤回 {minutes} 分钟内的报送；更早的报送请联系考核办更正。",
        "Only reports from the last {minutes} minutes can be withdrawn; ask the assessment office to correct older ones.",
    ),
    "review_missing": ("{period} 期还没有讲评。", "There is no review for {period} yet."),
    "review_not_closed": (
        "{period} 期报送到 {deadline} 当天结束，截止前不能发布；可以先预览（预览结果为临时结果）。",
        "Reports for {period} are open until the end of {deadline}; it cannot be published before then. A preview is provisional.",
    ),
    "review_already_published": (
        "{period} 期讲评已经发布过了，不会重复发布。",
        "The review of {period} was already published; it is not published twice.",
    ),
    "override_reason_missing": ("调整旗帜必须写明理由。", "An override needs a reason."),
    "override_not_ranked": (
        "该单位在这个考核类别中没有参评项目，无法调整。",
        "That unit has no counted project in this category; nothing to override.",
    ),
    "confirm_needed_cli": (
        "{code} 的新数值 {value}{reason_zh}（上次 {previous}）。确认无误请加 --yes 并用 --note 写明原因后重新执行。",
        "The new value {value} for {code} {reason_en} (last {previous}). If it is right, run again with --yes and a --note.",
    ),
    "time_invalid": (
        "“{text}”不是时间。请写成 2026-10-31T16:00 这样的格式。",
        "“{text}” is not a time. Use a format like 2026-10-31T16:00.",
    ),
    "period_invalid": (
        "“{text}”不是讲评期。请写成 YYYY-MM，月份为讲评期的最后一个月，例如 2026-10（9—10月）。",
        "“{text}” is not a review period. Write YYYY-MM with the period's last month, e.g. 2026-10 (Sep–Oct).",
    ),
}

MESSAGES.update(
    {
        "unknown_command": (
            "没有这个命令。发送 /help 查看可用的命令。",
            "There is no such command. Send /help to see what you can use.",
        ),
        "role_needed": (
            "这个命令需要{role}权限。如需开通，请联系考核办。",
            "This command needs the {role} role. Ask the assessment office if you need it.",
        ),
        "unit_needed": (
            "您还没有绑定单位。请向考核办索取邀请链接，点开后即可报送。",
            "You are not bound to a unit yet. Ask the assessment office for an invite link.",
        ),
        "private_only": (
            "请在与机器人的私聊中使用这个命令。",
            "Please use this command in a private chat with the bot.",
        ),
        "group_only": ("请在群里发送这个命令。", "Please send this command in the group."),
        "internal_error": (
            "抱歉，处理时出了问题，已通知管理员。您的数据没有丢失，请稍后再试。",
            "Sorry, something went wrong; the admins were told. Nothing was lost; please try again later.",
        ),
        "will_retry": (
            "收到。系统暂时忙（数据库或网络），这条消息稍后会自动处理，无需重发。",
            "Received. The system is briefly unavailable (database or network); this message will be handled "
            "shortly, no need to send it again.",
        ),
        "failed_try_again": (
            "抱歉，系统暂时不可用（数据库或网络），这条消息没能处理，请稍后重新发送。",
            "Sorry, the system is unavailable for now (database or network) and this message could not be "
            "handled; please send it again later.",
        ),
        "not_understood": (
            "我看不懂这条消息。报送请发送文字，例如：MS-01 60% 路基完成；发送 /help 查看全部命令。",
            "I cannot read this kind of message. To report, send text such as: MS-01 60% road base done; "
            "send /help for all commands.",
        ),
        "admin_error_alert": (
            "⚠️ flagbot 处理消息出错：\n<code>{summary}</code>",
            "⚠️ flagbot failed on an update:\n<code>{summary}</code>",
        ),
        "slow_down": ("消息太多了，请稍候再发。", "Too many messages; please wait a moment."),
        "sent_privately": ("详情已私信发给您。", "I sent you the details privately."),
        "open_private_first": (
            "请先私聊机器人并发送 /start，我才能把详情发给您。",
            "Please open a private chat with the bot and send /start so I can send you the details.",
        ),
        "unit_missing": ("请写明单位名称。", "Name the unit."),
        "unit_not_found": (
            "没有找到单位“{ref}”。发送 /units 查看全部单位。",
            "No unit matches “{ref}”. See /units.",
        ),
        "unit_ambiguous": ("“{ref}”对应多个单位：\n{choices}", "“{ref}” matches several units:\n{choices}"),
        "person_not_found": (
            "没有找到用户“{ref}”。对方需要先私聊机器人发送 /start。",
            "No user “{ref}”. They need to send /start to the bot first.",
        ),
        "role_invalid": (
            "角色只能是 leader 或 admin（收到“{role}”）。",
            "The role must be leader or admin (got “{role}”).",
        ),
        "revoke_configured_admin": (
            "此人是 ADMIN_IDS 配置的管理员，需修改配置才能撤销。",
            "This admin comes from the ADMIN_IDS setting; change the setting to revoke.",
        ),
        "bind_kind_invalid": (
            "只能绑定 leaders（领导群）或 workgroup（工作群），例如：/bind leaders",
            "Bind as leaders or workgroup, e.g. /bind leaders",
        ),
        "unbind_nothing": ("这个群没有绑定。", "This group is not bound."),
        "invite_invalid": (
            "邀请链接无效，请向考核办重新索取。",
            "This invite is not valid; ask the assessment office for a new one.",
        ),
        "invite_used": (
            "这个邀请链接已经用过了，请向考核办重新索取。",
            "This invite was already used; ask for a new one.",
        ),
        "invite_expired": (
            "邀请链接已过期（有效期 7 天），请向考核办重新索取。",
            "This invite expired (7 days); ask for a new one.",
        ),
    }
)

STATUS_LABELS: dict[Status, tuple[str, str]] = {
    Status.DONE: ("已完成", "done"),
    Status.AHEAD: ("超序时", "ahead"),
    Status.ON_SCHEDULE: ("按序时", "on schedule"),
    Status.LAGGING: ("滞后", "lagging"),
    Status.SERIOUS: ("严重滞后", "seriously lagging"),
}
NOT_REPORTED = ("未报送", "not reported")
STALLED = ("停滞", "stalled")

FLAG_LABELS: dict[FlagColor | None, tuple[str, str]] = {
    FlagColor.RED: ("红旗", "red flag"),
    FlagColor.YELLOW: ("黄旗", "yellow flag"),
    None: ("—", "—"),
}

TRANSITION_LABELS: dict[Transition, tuple[str, str]] = {
    Transition.NEW_RED: ("新获红旗", "new red"),
    Transition.KEPT_RED: ("守旗", "kept red"),
    Transition.YELLOW_TO_RED: ("夺旗", "yellow to red"),
    Transition.LOST_RED: ("失去红旗", "lost red"),
    Transition.RED_TO_YELLOW: ("红旗变黄旗", "red to yellow"),
    Transition.NEW_YELLOW: ("新挂黄旗", "new yellow"),
    Transition.KEPT_YELLOW: ("连续黄旗", "yellow again"),
    Transition.SHED_YELLOW: ("摘黄旗", "shed yellow"),
    Transition.NONE: ("", ""),
}

BADGE_LABELS: dict[Badge, tuple[str, str]] = {
    Badge.DOUBLE_RED: ("双红旗", "double red"),
    Badge.FLAG_WINNER: ("夺旗模范", "flag winner"),
}

_REASONS = {
    "decrease": ("比上次报送的数值小", "is lower than the last report"),
    "above_target": ("超过年度目标", "is above the target"),
}


for _area in (texts_report, texts_look, texts_admin, texts_delivery, texts_reminders) + (
    announcement,
    charts,
    look_more,
    periods,
    workbook,
):
    MESSAGES.update(_area.MESSAGES)
# Sentences are written with <b>, <i> and entities; what render hands on is marked text (bot/render/marks.py).
MESSAGES = {key: (from_tags(zh), from_tags(en)) for key, (zh, en) in MESSAGES.items()}

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "CONTACT": ("单位联络员", "unit contact"),
    "HEAD": ("单位一把手", "unit head"),
    "LEADER": ("县领导", "leader"),
    "ADMIN": ("考核办管理员", "admin"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    """The Chinese or English side of a pair."""
    return pair[1] if lang == "en" else pair[0]


def message(key: str, lang: str = "zh", **params: Any) -> str:
    """A sentence by key, filled in."""
    if key in ("note_required", "confirm_needed_cli"):
        reason = params.get("reason", "decrease")
        params = {**params, "reason_zh": _REASONS[reason][0], "reason_en": _REASONS[reason][1]}
    if "choices" in params and isinstance(params["choices"], list):
        params = {**params, "choices": "\n".join(params["choices"])}
    return pick(MESSAGES[key], lang).format(**params)


def transition_label(transition: Transition, streak: int, lang: str = "zh") -> str:
    """'守旗·连续3期' — the transition with its streak where the streak says something."""
    label = pick(TRANSITION_LABELS[transition], lang)
    if transition in (Transition.KEPT_RED, Transition.KEPT_YELLOW) and streak >= 2:
        return f"{label}·连续{streak}期" if lang != "en" else f"{label}, {streak} in a row"
    return label


def status_label(
    status: Status, *, not_reported: bool = False, stalled: bool = False, lang: str = "zh"
) -> str:
    """'滞后 · 未报送 · 停滞'."""
    parts = [pick(STATUS_LABELS[status], lang)]
    if not_reported:
        parts.append(pick(NOT_REPORTED, lang))
    if stalled:
        parts.append(pick(STALLED, lang))
    return " · ".join(parts)


def local_time(moment: datetime, tz: tzinfo) -> str:
    """'2026-11-06 00:00' in the county's zone."""
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def amount(value: float) -> str:
    """12 → '12', 12.5 → '12.5', 1/3 → '0.33'."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"
