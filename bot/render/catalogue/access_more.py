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
        "⚠️ 确认时已过该报送所属讲评期的报送截止时间，按确认时间 {at} 计入，不计入已截止的讲评期。",
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
        "⚠️ {period} 期讲评未自动发布：项目台账是在该期报送截止之后才导入的，系统不自动讲评这一期。"
        "如需讲评，请先发送 /review {period} 核对预览，再按“发布”或发送 /review publish {period}。",
        "⚠️ The {period} review was not published automatically: the ledger was imported after that "
        "period's submission deadline, so the schedule leaves it alone. To publish it, check /review {period} "
        "and press Publish (or send /review publish {period}).",
    ),
    "review_skipped_too_late": (
        "⚠️ {period} 期讲评未自动发布：原定讲评时间已过去一周以上（当时机器人未在运行），系统不再自动发布。"
        "如需讲评，请先发送 /review {period} 核对预览，再按“发布”或发送 /review publish {period}。",
        "⚠️ The {period} review was not published automatically: its moment is more than a week past (the "
        "bot was not running then), so the schedule leaves it alone. To publish it, check /review {period} "
        "and press Publish (or send /review publish {period}).",
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
}
