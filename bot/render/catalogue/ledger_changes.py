"""Sentences of a ledger import's preview, confirmation and change history: key → (zh, en).

Sent with HTML parse mode: no bare '<' or '&' here.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the preview (bot.render.ledger.preview_text)
    "ledger_preview_head": (
        "<b>台账导入预览</b>（尚未导入，按“确认导入”后生效）",
        "<b>Ledger import preview</b> (nothing imported yet; applied when you press Confirm)",
    ),
    "ledger_dry_run_head": (
        "<b>台账导入预览</b>（试运行，未导入）",
        "<b>Ledger import preview</b> (dry run, nothing imported)",
    ),
    "ledger_applied_head": ("<b>台账已导入</b>", "<b>Ledger imported</b>"),
    "ledger_changed_head": (
        "<b>数据已有变化，以下为最新预览</b>，原预览未导入。",
        "<b>The data changed meanwhile; here is the new preview.</b> The earlier one was not imported.",
    ),
    "ledger_preview_created": ("新增项目 {count} 个：{codes}", "New projects ({count}): {codes}"),
    "ledger_preview_changed": ("变更项目 {count} 个：", "Changed projects ({count}):"),
    "ledger_preview_change_line": ("• {code} {name}：{changes}", "• {code} {name}: {changes}"),
    "ledger_preview_unchanged": ("未变项目 {count} 个。", "Unchanged projects: {count}."),
    "ledger_preview_reports": ("记录累计完成 {count} 条。", "Progress values to record: {count}."),
    "ledger_preview_nothing": (
        "与现有数据一致，无任何变更。",
        "Nothing to change: the data is already as in the file.",
    ),
    "ledger_preview_more": ("……另有 {count} 个", "… and {count} more"),
    "ledger_preview_decreases": (
        "<b>下调累计完成 {count} 个</b>（须写明原因）：",
        "<b>Lowers the progress of {count} project(s)</b> (a reason is required):",
    ),
    "ledger_preview_decrease_line": (
        "• {code} {name}：{old} → {new}{measure}",
        "• {code} {name}: {old} → {new} {measure}",
    ),
    "ledger_preview_note": ("下调原因：{note}", "Reason: {note}"),
    "ledger_preview_note_missing": (
        "请重新发送台账，并在文件说明栏写明下调原因，再确认导入。",
        "Send the ledger again with the reason in the file's caption, then confirm.",
    ),
    "ledger_preview_footer": (
        "确认无误请按“确认导入”；按“取消”不作任何变更。",
        "Press Confirm to import, or Cancel to change nothing.",
    ),
    # --- field names and values in a change (the ledger's own column names)
    "ledger_field_name": ("项目名称", "name"),
    "ledger_field_unit": ("牵头单位", "unit"),
    "ledger_field_category": ("考核类别", "category"),
    "ledger_field_target": ("年度目标", "target"),
    "ledger_field_measure": ("计量单位", "measure"),
    "ledger_field_start": ("开始日期", "start"),
    "ledger_field_due": ("完成时限", "due"),
    "ledger_field_weight": ("权重", "weight"),
    "ledger_field_plan": ("序时计划", "monthly plan"),
    "ledger_field_change": ("{field} {old} → {new}", "{field} {old} → {new}"),
    "ledger_plan_month": ("{month}月", "M{month}"),
    "ledger_plan_none": ("按月均分", "even by month"),
    "ledger_plan_months": ("{count} 个月", "{count} months"),
    "ledger_plan_more": ("等 {count} 处", "and {count} more"),
    "ledger_value_none": ("无", "none"),
    "ledger_change_separator": ("；", "; "),
    # --- the buttons and what pressing them says
    "ledger_button_confirm": ("确认导入", "Confirm"),
    "ledger_button_cancel": ("取消", "Cancel"),
    "ledger_cancelled": (
        "已取消，台账未导入，数据未作任何变更。",
        "Cancelled: the ledger was not imported, nothing changed.",
    ),
    "ledger_cancelled_mark": ("（已取消）", "(cancelled)"),
    "ledger_confirmed_mark": ("（已于 {at} 确认导入）", "(imported at {at})"),
    "ledger_not_yours": (
        "只有上传台账的管理员本人可以确认",
        "Only the admin who sent the ledger can press this",
    ),
    "ledger_note_missing": (
        "本次导入会下调累计完成，须写明原因：请重新发送台账，并在文件说明栏写明原因。",
        "This import lowers progress and needs a reason: send the ledger again with the reason as its caption.",
    ),
    "ledger_decrease_refused": (
        "台账未导入：将下调 {count} 个项目的累计完成，须确认并写明原因。",
        "The ledger was NOT imported: it lowers the progress of {count} project(s), which needs a "
        "confirmation and a reason.",
    ),
    "ledger_file_gone": (
        "无法再次读取该台账文件，未导入。请重新发送。",
        "The ledger file can no longer be read; nothing was imported. Please send it again.",
    ),
    # --- the shell (flagbot import)
    "shell_import_decrease": (
        '如确需下调，请加 --allow-decrease --note "原因" 重新执行。',
        'To lower them anyway, run again with --allow-decrease --note "reason".',
    ),
    # --- /history of a project: its ledger changes (from the audit log)
    "history_ledger_changes": ("<b>台账变更</b>", "<b>Ledger changes</b>"),
    "history_ledger_change_line": ("• {at} {who}：{changes}", "• {at} {who}: {changes}"),
    "history_ledger_change_note": ("（原因：{note}）", "(reason: {note})"),
    # --- the export's sheet of ledger changes (bot.render.workbook)
    "workbook_sheet_changes": ("台账变更", "Ledger changes"),
    "workbook_col_changed_at": ("变更时间", "Changed at"),
    "workbook_col_changed_by": ("操作人", "By"),
    "workbook_col_changes": ("变更内容", "Changes"),
}
