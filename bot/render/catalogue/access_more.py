"""Sentences of fair deadlines, revoking access, open invites and the upload and review notices (issue 10).

Written with <b>/<i>/<code> and HTML entities; loaded as marked text (bot.render.marks.from_tags).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # held reports (SPEC §4): a newer one replaces the older; confirmed after the deadline
    "pending_replaced": (
        "已被同一项目更新的报送替代，请在最新一条上确认",
        "Replaced by a newer report for this project: confirm that one",
    ),
    "report_confirmed_late": (
        "⚠️ 确认时已过该报送所属讲评期的报送截止时间，按确认时间{at}计入，不计入已截止的讲评期。",
        "⚠️ Confirmed after the submission deadline it was sent before: it counts as of {at}, the "
        "confirmation time, not for the closed period.",
    ),
    # a Publish button under a preview whose figures have changed since
    "review_changed_mark": (
        "⚠️ 讲评结果在预览后已有变化，未发布。请核对下面的最新预览后再发布。",
        "⚠️ The review changed after this preview; nothing was published. Check the new preview below "
        "before publishing.",
    ),
    # a due review the schedule did not publish (told once to the admins)
    "review_skipped_late_ledger": (
        "⚠️ {period}讲评未自动发布：项目台账是在该期报送截止之后才导入的，系统不自动讲评这一期。"
        "如需讲评，请先发送 /review {code} 核对预览，再按“发布”或发送 /review 发布 {code}。",
        "⚠️ The {period} review was not published automatically: the ledger was imported after that "
        "period's submission deadline, so the schedule leaves it alone. To publish it, check /review {code} "
        "and press Publish (or send /review publish {code}).",
    ),
    "review_skipped_too_late": (
        "⚠️ {period}讲评未自动发布：原定讲评时间已过去一周以上（当时机器人未在运行），系统不再自动发布。"
        "如需讲评，请先发送 /review {code} 核对预览，再按“发布”或发送 /review 发布 {code}。",
        "⚠️ The {period} review was not published automatically: its moment is more than a week past (the "
        "bot was not running then), so the schedule leaves it alone. To publish it, check /review {code} "
        "and press Publish (or send /review publish {code}).",
    ),
    # an upload refused before it is parsed (bot/ledger/limits.py)
    "upload_unpacked_too_big": (
        "台账未导入：这个 Excel 文件的内容解压后约 {size} MB，超过 {limit} MB 的上限（可能含有大量空白格式或图片）。"
        "请只保留项目台账工作表，另存为新的 .xlsx 后重新发送。",
        "The ledger was not imported: this Excel file's content unpacks to about {size} MB, over the {limit} MB limit "
        "(perhaps much blank formatting or pictures). Keep only the ledger sheet, save as a new .xlsx and resend.",
    ),
    "upload_too_many_cells": (
        "台账未导入：有一个工作表占用了 {rows} 行 × {columns} 列，超过上限（最多 {max_rows} 行、{max_columns} 列）。"
        "常见原因是表格下方或右侧有大片空白格式：请删除多余的行和列，另存后重新发送。",
        "The ledger was not imported: a sheet spans {rows} rows × {columns} columns, over the limit (at most "
        "{max_rows} rows and {max_columns} columns). Usually blank formatting below or right of the table: "
        "delete the extra rows and columns, save and resend.",
    ),
    "upload_too_many_rows": (
        "台账未导入：这个 CSV 文件有 {rows} 行，超过 {limit} 行的上限。请只保留项目台账后重新发送。",
        "The ledger was not imported: this CSV file has {rows} lines, over the {limit} limit. Keep only the "
        "ledger and resend.",
    ),
    # /revoke for every role, /invites (SPEC §4; issue 10 item 6)
    "revoke_unbound": (
        "已解除 {name}（{user_id}）与{unit}的绑定（原为{role}），已记入审计日志。对方不能再为该单位报送；已报送的记录保留。",
        "{name} ({user_id}) is no longer bound to {unit} (was {role}); recorded in the audit log. They can no "
        "longer report for it; their reports are kept.",
    ),
    "revoke_no_unit": (
        "{name}（{user_id}）没有绑定任何单位，无需解除。",
        "{name} ({user_id}) is not bound to any unit; nothing to undo.",
    ),
    "person_ambiguous": (
        "有多个用户使用过用户名“{ref}”（ID：{ids}），无法确定是哪一位。请改用数字用户ID。",
        "Several users have had the username “{ref}” (ids: {ids}); it is not clear who is meant. Use the "
        "numeric user id instead.",
    ),
    "invites_none": ("目前没有未使用的邀请链接。", "There are no open invites."),
    "invites_title": ("未使用的邀请链接（{count} 个）：", "Open invites ({count}):"),
    "invites_line": (
        "#{id} {unit} · {role} · 由 {by} 生成 · 有效至 {expires}",
        "#{id} {unit} · {role} · made by {by} · valid until {expires}",
    ),
    "invites_more": ("……另有 {count} 个未列出。", "… and {count} more not listed."),
    "invites_hint": (
        "按下方按钮作废对应链接，或发送 /invites cancel 编号。",
        "Press a button below to cancel that link, or send /invites cancel NUMBER.",
    ),
    "invites_cancel_button": ("作废 #{id}", "Cancel #{id}"),
    "invite_cancelled": (
        "邀请 #{id}（{unit} · {role}）已作废，链接不能再使用；已记入审计日志。",
        "Invite #{id} ({unit} · {role}) is cancelled; its link no longer works. Recorded in the audit log.",
    ),
    "invite_not_found": (
        "没有编号为 #{id} 的邀请。发送 /invites 查看。",
        "No invite #{id}. Send /invites to see them.",
    ),
    "invite_not_open": (
        "邀请 #{id} 已经使用、过期或作废，无需再作废。",
        "Invite #{id} is already used, expired or cancelled.",
    ),
    "usage_invites": (
        "用法：/invites 查看未使用的邀请；/invites cancel 编号 作废一个\n例：/invites cancel 12",
        "Usage: /invites lists open invites; /invites cancel NUMBER cancels one\ne.g. /invites cancel 12",
    ),
    "command_invites": ("查看或作废邀请链接", "list or cancel invites"),
}
