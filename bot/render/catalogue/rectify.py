"""Sentences of the rectification list (/plan, /plans), 约谈 and measures (/interview), and 争先进位:
key → (zh, en); merged into bot.render.texts.MESSAGES. One line per template."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- /plan: the unit's list
    "rectify_head": (
        "<b>{unit}整改清单</b>（{period}讲评，黄旗类别：{categories}），请于{deadline}前逐项提交。",
        "<b>Rectification list of {unit}</b> ({period} review, yellow flag in: {categories}); fill in every item by {deadline}.",
    ),
    "rectify_no_items": (
        "黄旗类别中没有序时滞后的项目，无需逐项填写；请按黄旗通知要求抓好整改。",
        "No project of the yellow-flag categories was behind schedule; there is no item to fill in.",
    ),
    "rectify_item_line": (
        "{n}. {code} {name}（{category}）— {state}{overdue}",
        "{n}. {code} {name} ({category}) — {state}{overdue}",
    ),
    "rectify_item_fields": (
        "   问题：{problem}｜措施：{measure}｜责任人：{owner}｜完成时限：{due}",
        "   Problem: {problem} | Measure: {measure} | Owner: {owner} | Due: {due}",
    ),
    "rectify_item_comment": ("   领导意见：{comment}", "   Leader's comment: {comment}"),
    "rectify_overdue_tag": ("（已超过完成时限）", " (past its due date)"),
    "rectify_how": (
        "逐项填写：/plan 项目编号 问题；措施；责任人；完成时限，审核通过前可重新提交修改。",
        "Fill in each item: /plan <project code> problem; measure; owner; due date; you may resend it until it is approved.",
    ),
    "rectify_example": (
        "例如：/plan {code} 征地拆迁滞后；增派施工队、每天一调度；张三；{day}",
        "e.g. /plan {code} land clearance late; two more crews, daily dispatch; Zhang San; {day}",
    ),
    "rectify_button_fill": ("填写 {code}", "Fill in {code}"),
    "rectify_fill_ask": (
        "请回复 {code} {name} 的四项内容，用分号隔开：问题；措施；责任人；完成时限，例如：征地滞后；增派施工队；张三；{day}。发送“取消”放弃。",
        "Reply with the four parts for {code} {name}, separated by semicolons: problem; measure; owner; due date, e.g. land late; more crews; Zhang San; {day}. Send “cancel” to stop.",
    ),
    "rectify_fill_usage": (
        "问题；措施；责任人；完成时限，例如 征地滞后；增派施工队；张三；2027年1月31日（发送“取消”放弃）",
        "problem; measure; owner; due date, e.g. land late; more crews; Zhang San; 2027-01-31 (send “cancel” to stop)",
    ),
    "rectify_saved": (
        "已提交 {code} 的整改措施，待县领导审核。已填写 {filled}/{total} 项。",
        "Rectification for {code} sent for the leaders' review. {filled} of {total} item(s) filled in.",
    ),
    # --- states
    "rectify_state_open": ("待填写", "to fill in"),
    "rectify_state_submitted": ("已提交，待审核", "sent, awaiting review"),
    "rectify_state_returned": ("已退回，待修改", "returned, to fix"),
    "rectify_state_approved": ("已通过", "approved"),
    "rectify_state_closed": ("已销号", "closed (销号)"),
    # --- bad input
    "rectify_usage": (
        "/plan 项目编号 问题；措施；责任人；完成时限，例如 /plan MS-03 征地滞后；增派施工队；张三；2027年1月31日",
        "/plan <project code> problem; measure; owner; due date, e.g. /plan MS-03 land late; more crews; Zhang San; 2027-01-31",
    ),
    "rectify_not_yellow": (
        "{unit}在最近一次讲评中没有黄旗，无需提交整改清单。",
        "{unit} holds no yellow flag at the last review: no rectification list is due.",
    ),
    "rectify_bad_fields": (
        "需要 4 项内容，用分号隔开：问题；措施；责任人；完成时限（现在是 {count} 项）。",
        "Four parts are needed, separated by semicolons: problem; measure; owner; due date (you gave {count}).",
    ),
    "rectify_field_too_long": (
        "每项内容请控制在 {limit} 字以内。",
        "Keep each part under {limit} characters.",
    ),
    "rectify_bad_due": (
        "完成时限“{text}”不是日期，请写成如 2027年1月31日 的日期。",
        "The due date “{text}” is not a date; write it as 31 Jan 2027 or 2027-01-31.",
    ),
    "rectify_due_past": (
        "完成时限 {day} 已经过去，请填写今后的日期。",
        "The due date {day} has passed; give a later one.",
    ),
    "rectify_item_unknown": (
        "整改清单中没有“{ref}”。清单中的项目：{codes}",
        "No item “{ref}” in the list. Items: {codes}",
    ),
    "rectify_item_ambiguous": (
        "“{ref}”对应多个项目，请写项目编号：{codes}",
        "“{ref}” matches several items; use the project code: {codes}",
    ),
    "rectify_item_final": (
        "{code} 已审核通过或已销号，不能再修改。",
        "{code} is approved or closed and can no longer be changed.",
    ),
    "rectify_item_gone": ("这一项已不存在。", "This item no longer exists."),
    "rectify_cannot_approve": (
        "{code} 当前不是待审核状态，不能通过。",
        "{code} is not awaiting review; it cannot be approved.",
    ),
    "rectify_cannot_return": (
        "{code} 当前不能退回（只能退回已提交或已通过的事项）。",
        "{code} cannot be returned (only sent or approved items can).",
    ),
    "rectify_cannot_close": ("{code} 已经销号。", "{code} is already closed."),
    "rectify_return_needs_comment": (
        "退回请写明意见，例如：/plans 退回 {code} 完成时限过晚，请压缩到1月底",
        "Say why when returning, e.g. /plans return {code} the due date is too late",
    ),
    "rectify_plans_usage": (
        "/plans 查看清单；/plans 通过 项目编号；/plans 退回 项目编号 意见；/plans 销号 项目编号 [说明]",
        "/plans to look; /plans approve <code>; /plans return <code> <comment>; /plans close <code> [note]",
    ),
    # --- /plans: the leaders' board
    "rectify_board_head": (
        "<b>整改清单</b>：{period}讲评，{published}发布，应于{deadline}前提交",
        "<b>Rectification lists</b>: {period} review, published {published}, due by {deadline}",
    ),
    "rectify_board_none": ("本期没有黄旗单位。", "No unit holds a yellow flag this time."),
    "rectify_board_count": (
        "黄旗单位 {total} 个，已提交清单 {sent} 个。",
        "{total} yellow-flag unit(s), {sent} sent their list.",
    ),
    "rectify_board_not_sent": ("未提交清单：{units}", "List not sent: {units}"),
    "rectify_board_overdue": ("有超过完成时限的事项：{units}", "Items past their due date: {units}"),
    "rectify_board_late_tag": ("（已逾期）", " (overdue)"),
    "rectify_board_unit": (
        "• {unit}（{categories}）：{total} 项，已提交 {submitted}，已退回 {returned}，已通过 {approved}，已销号 {closed}",
        "• {unit} ({categories}): {total} item(s), sent {submitted}, returned {returned}, approved {approved}, closed {closed}",
    ),
    "rectify_board_buttons": (
        "审核：按下方按钮，或发送 /plans 通过 编号、/plans 退回 编号 意见、/plans 销号 编号",
        "Review with the buttons below, or /plans approve <code>, /plans return <code> <comment>, /plans close <code>",
    ),
    "rectify_button_approve": ("通过 {code}", "Approve {code}"),
    "rectify_button_return": ("退回 {code}", "Return {code}"),
    "rectify_button_close": ("销号 {code}", "Close {code}"),
    "rectify_return_how": (
        "请发送 /plans 退回 {code} 意见，写明退回理由。",
        "Send /plans return {code} <comment>, saying why.",
    ),
    "rectify_done_approved": ("已通过 {unit} {code}。", "Approved: {unit} {code}."),
    "rectify_done_returned": (
        "已退回 {unit} {code}，并通知该单位。",
        "Returned to {unit}: {code}; the unit is told.",
    ),
    "rectify_done_closed": ("已对 {unit} {code} 销号。", "Closed (销号): {unit} {code}."),
    # --- what the unit is told
    "rectify_told_approved": (
        "县领导已通过{unit}整改清单中的 {code} {name}，请按期落实。",
        "The leaders approved item {code} {name} of {unit}'s rectification list; carry it out on time.",
    ),
    "rectify_told_returned": (
        "县领导退回了{unit}整改清单中的 {code} {name}，意见：{comment}。请修改后用 /plan {code} 重新提交。",
        "The leaders returned item {code} {name} of {unit}'s list: {comment}. Fix it and send it again with /plan {code}.",
    ),
    "rectify_told_closed": (
        "县领导已对{unit}整改清单中的 {code} {name} 销号。{comment}",
        "The leaders closed (销号) item {code} {name} of {unit}'s list. {comment}",
    ),
    "rectify_told_auto_closed": (
        "{code} {name} 已达到序时进度，{unit}整改清单中该项已自动销号。",
        "{code} {name} is back on schedule: its item in {unit}'s rectification list is closed (销号).",
    ),
    # --- reminders (working days)
    "rectify_remind_head": (
        "<b>整改提醒</b>：{unit}，{period}讲评整改清单",
        "<b>Rectification reminder</b>: {unit}, list for the {period} review",
    ),
    "rectify_remind_late": (
        "• 已过提交期限 {deadline}，尚未填写：{codes}",
        "• Past the deadline {deadline}, not filled in: {codes}",
    ),
    "rectify_remind_returned": (
        "• 已退回待修改：{code}（意见：{comment}）",
        "• Returned, to fix: {code} ({comment})",
    ),
    "rectify_remind_overdue": (
        "• 已超过完成时限未销号：{code}（时限 {due}）",
        "• Past its due date and not closed: {code} (due {due})",
    ),
    "rectify_remind_tail": ("请用 /plan 查看和修改。", "See and fix it with /plan."),
    # --- 约谈 and measures
    "command_interview": ("记录约谈或问责措施", "record an interview (约谈) or a measure"),
    "measure_interview": ("约谈", "interview (约谈)"),
    "measure_reassign": ("调整岗位", "reassignment (调整岗位)"),
    "measure_funds": ("扣减工作经费", "funding cut (扣减工作经费)"),
    "measure_other": ("其他措施", "other measure"),
    "measure_usage": (
        "/interview 单位 约谈|调整岗位|扣减工作经费|其他 [说明]，例如 /interview 交通运输局 约谈 主要负责人到县委说明情况",
        "/interview <unit> 约谈|调整岗位|扣减工作经费|其他 [note], e.g. /interview 交通运输局 约谈 head explained the delays",
    ),
    "measure_missing": ("请写明单位和措施。", "Name the unit and the measure."),
    "measure_unknown_kind": (
        "措施“{kind}”不在可选范围内：约谈、调整岗位、扣减工作经费、其他。",
        "“{kind}” is not a measure; choose 约谈, 调整岗位, 扣减工作经费 or 其他.",
    ),
    "measure_other_needs_note": ("“其他”措施请写明具体内容。", "Describe the “other” measure."),
    "measure_saved": ("已记录：{unit} {kind}（{day}）{note}", "Recorded: {unit}, {kind} ({day}){note}"),
    "measure_note": ("：{note}", ": {note}"),
    "measure_section": ("约谈与措施：", "Interviews and measures:"),
    "measure_line": ("• {day} {kind}{note}", "• {day} {kind}{note}"),
    "measure_due": (
        "<b>约谈提示</b>：{unit}在{category}连续第 {streak} 次黄旗（{period}），应约谈其主要负责人。约谈后请用 /interview {unit} 约谈 说明 记录。",
        "<b>Interview due</b>: {unit} holds its {streak}th consecutive yellow flag in {category} ({period}); its head should be interviewed. Record it with /interview {unit} 约谈 <note>.",
    ),
    # --- what units said
    "said_section": ("单位说明（报送备注）：", "What the unit said (report notes):"),
    "said_line": ("• {code} {unit}：{day} 备注：{note}", "• {code} {unit}: note of {day}: {note}"),
    "said_plan_line": (
        "   为什么停滞：{problem}｜怎么解决：{measure}",
        "   Why it stalled: {problem} | how it will be solved: {measure}",
    ),
    "rectify_unit_items": ("整改清单（最近一次讲评）：", "Rectification list (last review):"),
    # --- 争先进位
    "rank_up": ("↑{n}", "↑{n}"),
    "rank_down": ("↓{n}", "↓{n}"),
    "rank_same": ("→", "→"),
    "rank_new": ("新", "new"),
    "rank_change_title": ("争先进位（较上期排名变化）", "Rank changes since the last review"),
    "rank_change_line": ("{category}·{group}：{units}", "{category} · {group}: {units}"),
    "rank_change_unit": ("{unit} {change}", "{unit} {change}"),
    "rank_change_ranking": ("较上期 {change}", "{change} since last"),
    "rank_change_myflag": ("争先进位：较上期 {change}", "Rank change since the last review: {change}"),
    # --- the workbook's rectification list sheet
    "plan_sheet": ("整改清单", "Rectification list"),
    "plan_sheet_empty": ("本期没有整改事项", "No rectification item for this review"),
    "plan_col_project": ("项目名称", "Project"),
    "plan_col_problem": ("问题", "Problem"),
    "plan_col_measure": ("措施", "Measure"),
    "plan_col_owner": ("责任人", "Owner"),
    "plan_col_due": ("完成时限", "Due"),
    "plan_col_state": ("状态", "State"),
    "plan_col_comment": ("领导意见", "Leader's comment"),
    "plan_col_attention": ("提示", "Attention"),
    "plan_attention_not_sent": ("未提交", "not sent"),
    "plan_attention_overdue": ("超过完成时限", "past its due date"),
}
