"""Words of the review workbook (bot.render.workbook, bot.outbound.export): key → (zh, en); merged into
bot.render.texts.MESSAGES. Plain text: a cell shows the characters as they are."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "workbook_title": ("{period}双月讲评", "{period} review"),
    "workbook_caption": ("{period}讲评表", "{period} review workbook"),  # the document in the leaders' chat
    "workbook_info": (
        "状态：{status}　报送截止：{cutoff}　生成时间：{generated}",
        "Status: {status} · Submission deadline: {cutoff} · Generated: {generated}",
    ),
    "workbook_published": ("已发布", "published"),
    "workbook_draft": ("草稿（预览）", "draft (preview)"),
    "workbook_empty": ("本期没有参与排名的单位", "No unit was ranked in this period"),
    "workbook_yes": ("是", "yes"),
    "workbook_no": ("否", "no"),
    "workbook_flag_red": ("贡献红旗", "Red"),
    "workbook_flag_yellow": ("落后黄旗", "Yellow"),
    # --- sheets
    "workbook_sheet_ranking": ("排名与旗帜", "Ranking & flags"),
    "workbook_sheet_ledger": ("项目台账", "Ledger"),
    "workbook_sheet_reports": ("报送记录", "Reports"),
    "workbook_sheet_policy": ("规则", "Rules"),
    # --- columns shared by several sheets
    "workbook_col_category": ("考核类别", "Category"),
    "workbook_col_group": ("分组", "Group"),
    "workbook_col_unit": ("单位", "Unit"),
    "workbook_col_code": ("项目编号", "Code"),
    # --- ranking
    "workbook_col_rank": ("排名", "Rank"),
    "workbook_col_score": ("得分", "Score"),
    "workbook_col_flag": ("旗帜", "Flag"),
    "workbook_col_change": ("变化", "Change"),
    "workbook_col_counted": ("计入项目数", "Projects counted"),
    # --- ledger
    "workbook_col_name": ("项目名称", "Project"),
    "workbook_col_lead_unit": ("牵头单位", "Lead unit"),
    "workbook_col_measure": ("计量单位", "Measure"),
    "workbook_col_target": ("年度目标", "Target"),
    "workbook_col_weight": ("权重", "Weight"),
    "workbook_col_start": ("开始日期", "Start"),
    "workbook_col_due": ("完成时限", "Due"),
    "workbook_col_expected": ("序时进度", "Expected"),
    "workbook_col_actual": ("累计完成", "Actual"),
    "workbook_col_compliance": ("序时完成率", "Compliance"),
    "workbook_col_status": ("状态", "Status"),
    "workbook_col_last_report": ("最后报送", "Last report"),
    # --- reports
    "workbook_col_reported_at": ("报送时间", "Reported at"),
    "workbook_col_received_at": ("接收时间", "Received at"),
    "workbook_col_kind": ("类型", "Kind"),
    "workbook_col_value": ("数值", "Value"),
    "workbook_col_note": ("说明", "Note"),
    "workbook_col_reporter": ("报送人", "Reporter"),
    "workbook_col_source": ("来源", "Source"),
    "workbook_col_evidence": ("佐证", "Evidence"),
    # --- policy
    "workbook_col_setting": ("设置", "Setting"),
    "workbook_col_setting_value": ("取值", "Value"),
    # --- the kinds of report in the reports sheet
    "workbook_kind_report": ("报送", "report"),
    "workbook_kind_withdrawal": ("撤回", "withdrawal"),
    "workbook_kind_correction": ("更正", "correction"),
}
