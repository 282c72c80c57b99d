"""Per-category rules and score sheets (/categories, /scores, `flagbot scores`): key → (zh, en); merged into
bot.render.texts.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # why a score sheet (or a ledger row for an indicator category) is refused
    "scores_file_encoding": (
        "无法识别 CSV 文件的编码，请另存为“CSV UTF-8”",
        "cannot read the CSV encoding; save it as “CSV UTF-8”",
    ),
    "scores_file_not_excel": (
        "不是有效的 Excel 文件，请另存为 .xlsx 后再发送",
        "not a valid Excel file; save it as .xlsx and send it again",
    ),
    "scores_file_no_header": (
        "没有找到表头：评分表须有“单位”“考核类别”“得分”三列（可加“加减分”“说明”）",
        "no header: a score sheet needs the columns 单位, 考核类别 and 得分 (加减分 and 说明 optional)",
    ),
    "scores_file_too_many_rows": ("评分表超过 {limit} 行", "the sheet has more than {limit} rows"),
    "scores_row_empty": ("不能为空", "is empty"),
    "scores_row_not_number": ("“{value}”不是数字", "“{value}” is not a number"),
    "scores_row_repeats": (
        "与第 {row} 行重复（同一单位、同一类别）",
        "repeats row {row} (same unit and category)",
    ),
    "scores_row_same_unit": ("与第 {row} 行是同一单位", "the same unit as row {row}"),
    "scores_row_unknown_unit": (
        "没有“{unit}”这个单位（先用台账或 /addunit 添加）",
        "no unit “{unit}” (add it by a ledger or /addunit first)",
    ),
    "scores_row_project_category": (
        "“{category}”按项目序时计分，不能导入得分",
        "“{category}” is scored from its projects; scores cannot be imported for it",
    ),
    "ledger_row_indicator_category": (
        "“{category}”按指标得分考核（评分表导入），不能有项目",
        "“{category}” is scored by indicators (a score sheet); it cannot have projects",
    ),
    # /categories
    "category_kind_projects": ("按项目序时计分", "scored from projects"),
    "category_kind_indicator": ("按指标得分", "scored by indicators"),
    "category_rules_line": (
        "• {name} · 项目 {projects} · {kind}",
        "• {name} · {projects} project(s) · {kind}",
    ),
    "category_rules_usage": (
        "★ 为本类别单独设置，其余沿用全局设置。\n设置：/categories 类别 红旗最低分=90 黄旗线=70；恢复：/categories 类别 默认",
        "★ marks this category's own setting; the rest are the global ones.\n"
        "Set: /categories category 红旗最低分=90 黄旗线=70; reset: /categories category 默认",
    ),
    "category_rules_set": ("已更新“{name}”的考核规则。", "The rules of “{name}” are updated."),
    "category_rules_word": (
        "“{word}”不是一项设置，请写成 名称=数值（如 红旗最低分=90）。",
        "“{word}” is not a setting; write name=value (e.g. 红旗最低分=90).",
    ),
    "category_knob_unknown": (
        "没有“{knob}”这项设置。可设：红旗名额、红旗最低分、黄旗线、末位黄旗、得分上限。",
        "There is no setting “{knob}”. Settings: 红旗名额 (red_top_n), 红旗最低分 (red_min_score), "
        "黄旗线 (yellow_below), 末位黄旗 (yellow_bottom_n), 得分上限 (score_cap).",
    ),
    "category_knob_value": (
        "“{knob}”不能设为“{value}”：名额须为正整数，分数须为不小于 0 的数。",
        "“{knob}” cannot be “{value}”: counts are whole numbers, scores are numbers of at least 0.",
    ),
    "usage_categories": (
        "用法：/categories 查看；/categories 类别 设置=数值 … 单独设置；/categories 类别 默认 恢复全局设置\n"
        "例：/categories 闯创干 红旗最低分=90 黄旗线=70",
        "Usage: /categories to list; /categories category name=value … to set; /categories category 默认 to reset\n"
        "e.g. /categories 闯创干 红旗最低分=90 黄旗线=70",
    ),
    # /scores
    "command_scores": ("导入指标得分表", "import a score sheet"),
    "usage_scores": (
        "用法：发送 /scores 讲评期，再发送评分表（.xlsx 或 .csv，列：单位、考核类别、得分，可选 加减分、说明）；"
        "也可在文件说明里写 /scores 讲评期\n例：/scores 2026-10",
        "Usage: send /scores period, then the score sheet (.xlsx or .csv with 单位, 考核类别, 得分 and optional "
        "加减分, 说明); or put /scores period in the file's caption\ne.g. /scores 2026-10",
    ),
    "scores_send_file": (
        "请发送 {period} 讲评期的评分表（.xlsx 或 .csv，列：单位、考核类别、得分，可选 加减分、说明）。",
        "Send the score sheet for {period} (.xlsx or .csv: 单位, 考核类别, 得分, optional 加减分, 说明).",
    ),
    "scores_admin_only": ("只有管理员可以导入评分表。", "Only admins can import score sheets."),
    "scores_file_type": (
        "“{name}”不是评分表：请发送 .xlsx 或 .csv 文件（不超过 10 MB）。",
        "“{name}” is not a score sheet: send an .xlsx or .csv file (up to 10 MB).",
    ),
    "scores_file_rejected": ("评分表未导入：{reason}", "The score sheet was not imported: {reason}"),
    "scores_rejected": (
        "评分表有 {count} 处问题，全部未导入。请改正后重新发送：",
        "The score sheet has {count} problem(s); nothing was imported. Fix them and send it again:",
    ),
    "scores_row": ("第 {row} 行", "row {row}"),
    "scores_more": ("……另有 {count} 条", "… and {count} more"),
    "scores_preview": (
        "<b>{period} 评分表预览</b>：{rows} 个单位得分，类别：{categories}",
        "<b>Score sheet for {period}</b>: {rows} score(s), categories: {categories}",
    ),
    "scores_applied": (
        "✅ 已导入 {period} 评分表：{rows} 个单位得分，类别：{categories}",
        "✅ Imported the score sheet for {period}: {rows} score(s), categories: {categories}",
    ),
    "scores_new_categories": (
        "新建考核类别（按指标得分）：{names}",
        "New categories (scored by indicators): {names}",
    ),
    "scores_replacing": (
        "{period} 已有这些类别的得分，导入后将整体替换。",
        "{period} already has scores in these categories; importing replaces them.",
    ),
    "scores_changes": ("得分变化 {count} 处（得分+加减分）：", "{count} change(s) (score + bonus):"),
    "scores_none": ("无", "none"),
    "scores_unchanged": ("得分与已导入的相同，没有变化。", "The scores are the same as those imported."),
    "scores_confirm_hint": ("核对无误请按“确认导入”。", "Press Confirm to import."),
    "scores_button_confirm": ("确认导入", "Confirm"),
    "scores_button_cancel": ("取消", "Cancel"),
    "scores_cancelled": ("已取消，评分表未导入。", "Cancelled; the score sheet was not imported."),
}
