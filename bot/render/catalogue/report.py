"""Sentences of the report commands: key → (zh, en); merged into bot.render.texts.MESSAGES.

Written with <b>/<i>/<code> and HTML entities; loaded as marked text (bot.render.marks.from_tags).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # usage lines, appended to a refusal so the person sees the right form at once
    "report_usage": (
        "用法：/report 项目编号 数值[%] [备注]，例如 /report MS-01 60% 路基完成",
        "Usage: /report &lt;project&gt; &lt;value&gt;[%] [note], e.g. /report MS-01 60% roadbed done",
    ),
    "report_plain_usage": (
        "用法：项目编号 数值[%] [备注]，例如 MS-01 60% 路基完成",
        "Usage: &lt;project&gt; &lt;value&gt;[%] [note], e.g. MS-01 60% roadbed done",
    ),
    "report_guided_usage": (
        "请重新发送数值（例如 60% 路基完成），或发送 /cancel 取消。",
        "Send the value again (e.g. 60% roadbed done), or /cancel to stop.",
    ),
    # refusals of the shape of a report (the services refuse the rest)
    "report_value_missing": (
        "请在项目后写上累计完成量。",
        "Add the cumulative amount after the project.",
    ),
    "report_wrong_order": (
        "请先写项目，再写数值，例如：/report {project} {value}",
        "Put the project first, then the value, e.g. /report {project} {value}",
    ),
    "report_group_no_args": (
        "在群里报送请写明项目和数值；也可以私聊机器人发送 /report，按提示逐步报送。",
        "In a group, name the project and the value; or send /report to the bot privately to be guided.",
    ),
    "report_caption_missing": (
        "请在照片或文件的说明里写明项目和数值。",
        "Write the project and the value in the caption of the photo or file.",
    ),
    # results
    "report_stored_title": ("✅ 已报送 {code} {name}", "✅ Reported {code} {name}"),
    # '累计完成14.5公里，占年度目标的55.8%，序时进度65.0%，低于序时进度9.3个百分点（较上次+2.5）'
    "report_stored_value": ("{progress}（{change}）", "{progress} ({change})"),
    "report_stored_status": ("状态：{status}", "Status: {status}"),
    "report_evidence": ("已附佐证材料。", "Evidence attached."),
    # an amount with its measure ('60个'; in English '60 km'); a percentage is written '60%' in both
    "report_quantity": ("{amount}{measure}", "{amount} {measure}"),
    "report_no_change": ("与上次持平", "no change since the last report"),
    "report_change": ("较上次{change}", "{change} since the last report"),
    "report_first": ("首次报送", "first report"),
    # confirmations
    "report_confirm_decrease": (
        "⚠️ {code} {name} 的新数值 {value} 比上次报送的 {previous} 小。",
        "⚠️ The new value {value} for {code} {name} is lower than the last report ({previous}).",
    ),
    "report_confirm_above_target": (
        "⚠️ {code} {name} 的新数值 {value} 超过年度目标 {target}。",
        "⚠️ The new value {value} for {code} {name} is above the target ({target}).",
    ),
    "report_confirm_ask": ("确认无误请点“确认”。", "If it is right, press Confirm."),
    "report_confirm_ask_note": (
        "确认需要写明原因：请附上原因重新发送，例如 /report {code} {value} 原因…",
        "Confirming needs a note saying why: send it again with the reason, e.g. /report {code} {value} reason…",
    ),
    "report_confirm_note": ("备注：{note}", "Note: {note}"),
    "report_preview": (
        "报送 {code} {name}：累计完成{value}（{change}）。\n确认请点“确认”。",
        "Report {code} {name}: cumulative {value} ({change}).\nPress Confirm to store it.",
    ),
    "report_button_confirm": ("确认", "Confirm"),
    "report_button_cancel": ("取消", "Cancel"),
    "report_cancelled": ("已取消，未保存。", "Cancelled; nothing was stored."),
    "report_resend_with_note": (
        "这个数值{reason}，确认需要写明原因，本次未保存。请附上原因重新发送，例如：/report {code} {value} 原因…",
        "The value {reason}; confirming needs a note, so nothing was stored. Send it again with the reason, "
        "e.g. /report {code} {value} reason…",
    ),
    "report_reason_decrease": ("比上次报送的小", "is lower than the last report"),
    "report_reason_above_target": ("超过年度目标", "is above the target"),
    # buttons that no longer act (answerCallbackQuery texts: short)
    "pending_done": ("已处理", "Already done"),
    "pending_stale": ("已失效", "No longer valid"),
    "pending_not_yours": ("只有报送人本人可以操作", "Only the person who reported can press this"),
    # the guided flow
    "report_guided_pick": ("请选择要报送的项目：", "Pick the project to report:"),
    "report_guided_truncated": (
        "（共{total}个项目，这里列出前{shown}个；其他项目请直接发送 /report 项目编号 数值）",
        "({total} projects; the first {shown} are listed. For the others send /report &lt;code&gt; &lt;value&gt;.)",
    ),
    "report_guided_no_projects": (
        "您的单位还没有项目。请联系考核办导入台账。",
        "Your unit has no projects yet. Ask the assessment office to import the ledger.",
    ),
    "report_guided_ask_value": (
        "{code} {name}\n当前累计完成{actual}，今日序时进度{expected}。",
        "{code} {name}\nCumulative so far {actual}; expected today {expected}.",
    ),
    "report_guided_ask_more": (
        "请发送累计完成量（单位：{measure}），可加 % 表示占年度目标的百分比，后面可写备注，也可以发送带说明的照片。"
        "例如：60% 路基完成。发送 /cancel 取消。",
        "Send the cumulative amount (in {measure}), or a percentage of the target with %, optionally followed "
        "by a note; a photo with that as caption works too. E.g. 60% roadbed done. /cancel to stop.",
    ),
    "report_flow_cancelled": ("已取消。", "Cancelled."),
    "report_nothing_to_cancel": ("没有进行中的报送。", "Nothing to cancel."),
    # plain private messages that are not a report
    "report_plain_hint": (
        "要报送进度，请直接发送“项目编号 数值 备注”，例如 MS-01 60% 路基完成；"
        "或发送 /report 按提示逐步报送。发送 /help 查看全部命令。",
        "To report progress send “&lt;project&gt; &lt;value&gt; [note]”, e.g. MS-01 60% roadbed done, "
        "or send /report to be guided. /help lists all commands.",
    ),
    "report_plain_hint_other": ("发送 /help 查看可用的命令。", "Send /help to see what you can use."),
    # /undo
    "report_undo_done": (
        "↩️ 已撤回 {code} {name} 的报送：{value}（{time}）。",
        "↩️ Withdrew your report for {code} {name}: {value} ({time}).",
    ),
    "report_undo_now": (
        "现在累计完成{actual}，今日序时进度{expected}，状态：{status}",
        "Now: {actual}; expected today: {expected}; status: {status}",
    ),
    "report_undo_short": (
        "↩️ 已撤回 {code} 的报送，现在累计完成{actual} · {status}",
        "↩️ Withdrew {code}; now {actual} · {status}",
    ),
    "report_edited": (
        "修改过的消息不会被处理，报送以原消息为准。如需更正，请重新发送；刚报错的可先发送 /undo 撤回。",
        "Edited messages are not processed; the original one stands. To correct it, send it again "
        "(/undo withdraws a report you just made).",
    ),
}
