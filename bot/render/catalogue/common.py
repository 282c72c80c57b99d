"""The core sentences (refusals, errors, invites) and the labels every area uses: key → (zh, en).

Merged with the other area files into bot.render.texts.MESSAGES. Labels of statuses, flags, transitions,
badges and roles are keys too (status_*, flag_*, transition_*, badge_*, role_*); bot.render.texts maps each
enum value to its literal key.
"""

from __future__ import annotations

# Placeholders use str.format; keep replies short: county staff read them on a phone.
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
        "数值{reason}，请在数值后写明原因，例如：/report MS-01 40 数据核减，原多报 5 公里",
        "The value {reason}; add a note saying why, e.g. /report MS-01 40 corrected: 5 km counted twice",
    ),
    "undo_nothing": ("没有可撤回的报送。", "There is no report of yours to withdraw."),
    "undo_too_late": (
        "只能撤回 {minutes} 分钟内的报送；更早的报送请联系考核办更正。",
        "Only reports from the last {minutes} minutes can be withdrawn; ask the assessment office to correct older ones.",
    ),
    "review_missing": ("{period}还没有讲评。", "There is no review for {period} yet."),
    "review_not_closed": (
        "{period}讲评的报送截止到{deadline}24时，截止前不能发布；可以先预览（预览结果为临时结果）。",
        "Reports for {period} are open until the end of {deadline}; it cannot be published before then. A preview is provisional.",
    ),
    "review_already_published": (
        "{period}讲评已经发布，不会重复发布。",
        "The review of {period} was already published; it is not published twice.",
    ),
    "override_reason_missing": ("调整旗帜必须写明理由。", "An override needs a reason."),
    "override_not_ranked": (
        "该单位在这个考核类别中没有参评项目，无法调整。",
        "That unit has no counted project in this category; nothing to override.",
    ),
    "confirm_needed_cli": (
        "{detail}\n确认无误请加 --yes 并用 --note 写明原因后重新执行。",
        "{detail}\nIf it is right, run again with --yes and a --note.",
    ),
    "time_invalid": (
        "“{text}”不是时间。请写成 <code>2026-10-31T16:00</code> 这样的格式。",
        "“{text}” is not a time. Use a format like 2026-10-31T16:00.",
    ),
    "period_invalid": (
        "“{text}”不是讲评期。请写成 <code>YYYY-MM</code>，月份为讲评期的最后一个月，例如 <code>2026-10</code>（9—10月）。",
        "“{text}” is not a review period. Write YYYY-MM with the period's last month, e.g. 2026-10 (Sep–Oct).",
    ),
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
        "无法识别该消息。报送请发送文字，例如：MS-01 60% 路基完成；发送 /help 查看全部命令。",
        "This message could not be recognised. To report, send text such as: MS-01 60% road base done; "
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
        "角色只能是 领导 或 管理员（收到“{role}”）。",
        "The role must be leader or admin (got “{role}”).",
    ),
    "revoke_configured_admin": (
        "此人是 ADMIN_IDS 配置的管理员，需修改配置才能撤销。",
        "This admin comes from the ADMIN_IDS setting; change the setting to revoke.",
    ),
    "bind_kind_invalid": (
        "只能绑定 领导群 或 工作群，例如：/bind 领导群",
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
    # --- labels (bot.render.texts maps the enums to these keys)
    "status_done": ("已完成", "done"),
    "status_ahead": ("超序时", "ahead"),
    "status_on_schedule": ("按序时", "on schedule"),
    "status_lagging": ("滞后", "lagging"),
    "status_serious": ("严重滞后", "seriously lagging"),
    "status_not_reported": ("未报送", "not reported"),
    "status_stalled": ("停滞", "stalled"),
    "flag_red": ("贡献红旗", "red flag"),
    "flag_yellow": ("落后黄旗", "yellow flag"),
    "flag_none": ("—", "—"),
    "transition_new_red": ("新获红旗", "new red"),
    "transition_kept_red": ("守旗", "kept red"),
    "transition_yellow_to_red": ("夺旗", "yellow to red"),
    "transition_lost_red": ("失去红旗", "lost red"),
    "transition_red_to_yellow": ("红旗变黄旗", "red to yellow"),
    "transition_new_yellow": ("新领黄旗", "new yellow"),
    "transition_kept_yellow": ("连续黄旗", "yellow again"),
    "transition_shed_yellow": ("摘黄旗", "shed yellow"),
    "transition_streak": ("{label}·连续{streak}期", "{label}, {streak} in a row"),
    "badge_double_red": ("双红旗", "double red"),
    "badge_flag_winner": ("夺旗模范", "flag winner"),
    "role_contact": ("单位联络员", "unit contact"),
    "role_head": ("单位一把手", "unit head"),
    "role_leader": ("县领导", "leader"),
    "role_admin": ("考核办管理员", "admin"),
    "reason_decrease": ("比上次报送的数值小", "is lower than the last report"),
    "reason_above_target": ("超过年度目标", "is above the target"),
    # --- how lists are joined ('人社局、民政局' / 'HR, Civil affairs')
    "list_separator": ("、", ", "),
}
