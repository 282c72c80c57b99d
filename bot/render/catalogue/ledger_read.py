"""Words of reading a ledger (bot.ledger.parse reasons, bot.render.ledger) and of unit aliases (/alias):
key → (zh, en); merged into bot.render.texts.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- a row's problem (bot.ledger.parse.RowError.key)
    "ledger_row_required": ("“{column}”不能为空", "“{column}” is required"),
    "ledger_row_too_long": (
        "“{column}”太长（最多 {limit} 个字）",
        "“{column}” is too long (at most {limit} characters)",
    ),
    "ledger_row_not_positive": (
        "“{column}”必须是大于 0 的数字（收到“{value}”）",
        "“{column}” must be a number greater than 0 (got “{value}”)",
    ),
    "ledger_row_negative": (
        "“{column}”必须是不小于 0 的数字（收到“{value}”）",
        "“{column}” must be a number, 0 or more (got “{value}”)",
    ),
    "ledger_row_percent_measure": (
        "计量单位不是“%”时，“{column}”不能写成百分数（收到“{value}”）",
        "“{column}” can be a percentage only when the measure is “%” (got “{value}”)",
    ),
    "ledger_row_bad_date": (
        "“{column}”不是有效的日期，请写成 2026年3月31日 或 2026年3月（收到“{value}”）",
        "“{column}” is not a valid date; write it like 2026-03-31 or 2026-03 (got “{value}”)",
    ),
    "ledger_row_date_range": (
        "“{column}”超出合理范围（{low}—{high} 年）（收到“{value}”）",
        "“{column}” is out of range ({low}–{high}) (got “{value}”)",
    ),
    "ledger_row_bad_span": (
        "“{column}”应写成起止两个日期，如 2026.3—2026.12（收到“{value}”）",
        "“{column}” must hold a start and an end, like 2026.3—2026.12 (got “{value}”)",
    ),
    "ledger_row_measure_conflict": (
        "“{column}”写的“{value}”与计量单位“{measure}”不一致",
        "“{column}” says “{value}” but the measure is “{measure}”",
    ),
    "ledger_row_no_category": (
        "没有考核类别：请加“考核类别”列，或在项目上方加分类行（如“一、民生实事”）",
        "no category: add a category column, or a section row above the projects (like “一、民生实事”)",
    ),
    "ledger_row_code_space": (
        "项目编号不能包含空格（收到“{value}”）",
        "the code must not contain spaces (got “{value}”)",
    ),
    "ledger_row_no_number": (
        "没有项目编号列时，“{column}”须是正整数，用来生成项目编号（收到“{value}”）",
        "without a code column, “{column}” must be a whole number to make the code from (got “{value}”)",
    ),
    "ledger_row_due_before_start": (
        "完成时限（{due}）必须晚于开始日期（{start}）",
        "the due date ({due}) must be after the start ({start})",
    ),
    "ledger_row_as_of_future": (
        "更新日期不能晚于今天（收到“{value}”）",
        "the as-of date cannot be later than today (got “{value}”)",
    ),
    "ledger_row_plan_outside": (
        "{month}月计划的月末（{end}）不在项目起止日期（{start} 至 {due}）之内，请留空",
        "the month {month} plan's month end ({end}) is outside the project's dates ({start} to {due}); leave it blank",
    ),
    "ledger_row_plan_above_target": (
        "{month}月计划（{amount}）不能大于年度目标（{target}）",
        "the month {month} plan ({amount}) cannot exceed the target ({target})",
    ),
    "ledger_row_plan_decreasing": (
        "{month}月计划（{amount}）不能小于{previous_month}月计划（{previous}）：序时计划是累计数",
        "the month {month} plan ({amount}) is less than month {previous_month}'s ({previous}); plans are cumulative",
    ),
    "ledger_row_duplicate_code": (
        "项目编号“{code}”与第 {row} 行重复",
        "code “{code}” duplicates row {row}",
    ),
    "ledger_row_duplicate_code_sheet": (
        "项目编号“{code}”与“{other_sheet}”表第 {row} 行重复",
        "code “{code}” duplicates sheet “{other_sheet}” row {row}",
    ),
    # --- the file as a whole (bot.ledger.parse.LedgerFileError.key)
    "ledger_file_too_large": ("文件太大（超过 {limit} MB）", "the file is too large (over {limit} MB)"),
    "ledger_file_old_excel": (
        "这是旧版 Excel（.xls）文件或设置了密码的文件，请取消密码并另存为 .xlsx 后再发送",
        "this is an old Excel (.xls) or password-protected file; remove the password, save as .xlsx and resend",
    ),
    "ledger_file_type": (
        "不支持的文件类型“{name}”，请发送 .xlsx 或 .csv 文件",
        "unsupported file type “{name}”; send an .xlsx or .csv file",
    ),
    "ledger_file_empty": ("文件是空的", "the file is empty"),
    "ledger_file_empty_table": (
        "文件是空的，没有找到表头和项目行",
        "the file is empty: no header row and no projects",
    ),
    "ledger_file_not_excel": (
        "不是有效的 Excel 文件，请用 Excel 或 WPS 另存为 .xlsx 后再发送",
        "not a valid Excel file; save it as .xlsx from Excel or WPS and send it again",
    ),
    "ledger_file_no_sheet": ("Excel 文件里没有工作表", "the Excel file has no worksheet"),
    "ledger_file_damaged": ("Excel 文件已损坏，无法读取", "the Excel file is damaged and cannot be read"),
    "ledger_file_csv_encoding": (
        "无法识别 CSV 文件的编码，请另存为“CSV UTF-8”或 .xlsx",
        "cannot read the CSV encoding; save it as “CSV UTF-8” or .xlsx",
    ),
    "ledger_file_csv_malformed": ("CSV 文件格式有误：{detail}", "the CSV file is malformed: {detail}"),
    "ledger_file_too_many_rows": (
        "项目行超过 {limit} 行，请拆分后分批导入",
        "more than {limit} project rows; split the file",
    ),
    "ledger_file_no_header": (
        "前 {rows} 行中找不到表头行，表头应包含：{names}",
        "no header row in the first {rows} rows; it must contain: {names}",
    ),
    "ledger_file_no_header_sheets": (
        "所有工作表（{sheets}）的前 {rows} 行中都找不到表头行，表头应包含：{names}",
        "no sheet ({sheets}) has a header row in its first {rows} rows; it must contain: {names}",
    ),
    "ledger_file_no_rows": ("表头下面没有项目行", "there are no project rows under the header"),
    "ledger_file_missing_columns": (
        "表头（第 {row} 行）缺少必填列：{names}",
        "the header (row {row}) lacks required columns: {names}",
    ),
    "ledger_file_missing_columns_sheet": (
        "“{sheet}”表的表头（第 {row} 行）缺少必填列：{names}",
        "the header of sheet “{sheet}” (row {row}) lacks required columns: {names}",
    ),
    "ledger_file_same_column": (
        "表头中“{first}”和“{second}”是同一列，请只保留一个",
        "header columns “{first}” and “{second}” mean the same thing; keep only one",
    ),
    # --- what was not read (bot.ledger.parse.Skipped.key), listed in the import's reply
    "ledger_skip_head": ("未作为项目读取（{count} 处）：", "Not read as projects ({count}):"),
    "ledger_skip_hidden_sheet": ("隐藏的工作表，未读取", "a hidden sheet, not read"),
    "ledger_skip_empty_sheet": ("空白工作表", "an empty sheet"),
    "ledger_skip_sheet": ("前 10 行没有表头，整表未读取", "no header in its first 10 rows; not read"),
    "ledger_skip_no_rows": ("有表头但没有项目行", "a header but no project rows"),
    "ledger_skip_columns": ("未读取的列：{text}", "columns not read: {text}"),
    "ledger_skip_blank": ("空行", "blank"),
    "ledger_skip_total": ("合计行：{text}", "a total: {text}"),
    "ledger_skip_footer": ("表尾：{text}", "a footer: {text}"),
    "ledger_skip_note": ("说明文字，不是项目：{text}", "a note, not a project: {text}"),
    "ledger_skip_section": (
        "分类行“{text}”：下方考核类别为空的项目归入此类",
        "section row “{text}”: projects below with a blank category take it",
    ),
    "ledger_skip_section_used": (
        "分类行“{text}”：作为下方项目的考核类别",
        "section row “{text}”: the category of the projects below",
    ),
    "ledger_skip_line": ("• {where}：{what}", "• {where}: {what}"),
    "ledger_where_sheet": ("“{sheet}”表", "sheet “{sheet}”"),
    "ledger_where_sheet_row": ("“{sheet}”表第 {row} 行", "sheet “{sheet}” row {row}"),
    "ledger_where_rows": ("第 {rows} 行", "rows {rows}"),
    "ledger_sheets_read": ("已读取的工作表：{names}", "Sheets read: {names}"),
    "ledger_codes_made": (
        "没有项目编号列，按“类别前两字-序号”生成编号（{count} 个）：{codes}",
        "No code column: codes made as “category's first two characters-number” ({count}): {codes}",
    ),
    "ledger_units_matched": (
        "按别名或简称归并的单位：{pairs}",
        "Units matched by alias or short name: {pairs}",
    ),
    "ledger_unit_pair": ("{written} → {unit}", "{written} → {unit}"),
    # --- /alias (handlers.aliases) and `flagbot alias`
    "command_alias": ("单位别名：列出、添加、删除", "unit aliases: list, add, remove"),
    "alias_usage": (
        "用法：\n/alias — 列出单位别名\n/alias 别名 = 单位全称 — 添加（如 /alias 交通局 = 县交通运输局）\n"
        "/alias 删除 别名 — 删除",
        "Usage:\n/alias — list unit aliases\n/alias ALIAS = UNIT — add one (e.g. /alias 交通局 = 县交通运输局)\n"
        "/alias remove ALIAS — remove one",
    ),
    "alias_none": (
        "还没有单位别名。台账里写法不同的同一单位（如 交通局、县交通运输局），可用 /alias 交通局 = 县交通运输局 归并。",
        "No unit aliases yet. For one unit written two ways (交通局, 县交通运输局) use /alias 交通局 = 县交通运输局.",
    ),
    "alias_head": ("单位别名（共 {count} 个）：", "Unit aliases ({count}):"),
    "alias_line": ("• {alias} → {unit}", "• {alias} → {unit}"),
    "alias_added": (
        "已添加别名：{alias} → {unit}。今后台账中的“{alias}”都计入{unit}。",
        "Alias added: {alias} → {unit}. “{alias}” in ledgers now counts as {unit}.",
    ),
    "alias_removed": (
        "已删除别名：{alias}（原指向 {unit}）。",
        "Alias removed: {alias} (it pointed to {unit}).",
    ),
    "alias_no_unit": (
        "没有找到单位“{unit}”。请先用 /units 查看单位全称，或用 /addunit 添加。",
        "There is no unit “{unit}”. See /units for the full names, or add it with /addunit.",
    ),
    "alias_unknown": (
        "没有别名“{alias}”。发送 /alias 查看全部别名。",
        "There is no alias “{alias}”. Send /alias to list them.",
    ),
    "alias_is_unit": (
        "“{alias}”本身就是单位“{unit}”的名称，无需设为别名；如两个单位实为同一个，请先处理其项目。",
        "“{alias}” already names the unit “{unit}”; it cannot be an alias. If the two are one unit, move its projects first.",
    ),
    "alias_taken": (
        "别名“{alias}”已指向 {unit}。如要改指，请先 /alias 删除 {alias}。",
        "The alias “{alias}” already points to {unit}. Remove it first: /alias remove {alias}.",
    ),
    "alias_ambiguous": (
        "“{name}”可能指多个单位（{units}），请写单位全称。",
        "“{name}” may mean several units ({units}); write the unit's full name.",
    ),
}
