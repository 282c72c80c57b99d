"""Words of the meeting's documents (SPEC §11): the 通报 (bot.render.notice_text), the slides
(bot.render.slides), the 16:9 chart (bot.render.wide_chart) and their file names: key → (zh, en); merged
into bot.render.texts.MESSAGES. Plain text: the documents show the characters as they are."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "documents_rule_kind": ("考核方式", "scored"),
    # --- the 16:9 ranking chart
    "documents_chart_title": (
        "{county}{period}双月讲评 · {category}",
        "{county} {period} review · {category}",
    ),
    "documents_chart_data_time": (
        "数据截至{time}（报送截止）　得分为各项目序时完成率的加权平均",
        "Data as of the {time} submission deadline · score: weighted mean of the projects' compliance",
    ),
    "documents_chart_schedule": ("序时进度100%", "on schedule 100%"),
    "documents_chart_group": ("{group}（{n}个单位）", "{group} ({n} units)"),
    "documents_mark_won": ("★夺旗", "★ won from yellow"),
    "documents_mark_kept": ("守旗·连续{n}期", "kept red · {n} in a row"),
    "documents_mark_yellow_again": ("连续{n}期黄旗", "yellow {n} in a row"),
    # --- the 通报
    "documents_date": ("{year}年{month}月{day}日", "{day} {month:abbr} {year}"),
    "documents_number": ("{prefix}〔{year}〕{n}号", "{prefix} [{year}] No. {n}"),
    "documents_number_draft": ("（讨论稿，未编号）", "(draft, not numbered)"),
    "documents_title": (
        "关于{period}双月讲评流动红黄旗评定情况的通报",
        "Notice on the red and yellow flags of the {period} review",
    ),
    "documents_to": ("各{groups}：", "To all {groups}:"),
    "documents_list_sep": ("、", ", "),
    "documents_intro": (
        "按照流动红黄旗考核工作安排，{org}对{period}各单位重点工作推进情况进行了讲评。现将有关情况通报如下。",
        "As the rotating flags scheme provides, {org} has reviewed the units' key work for {period}. "
        "The results are as follows.",
    ),
    "documents_h1": ("{n:cn}、{text}", "{n}. {text}"),
    "documents_h2": ("（{n:cn}）{text}", "({n}) {text}"),
    "documents_h_basic": ("基本情况", "Overview"),
    "documents_h_red": ("贡献红旗单位", "Red flags (contribution)"),
    "documents_h_yellow": ("落后黄旗单位", "Yellow flags (lagging)"),
    "documents_h_changes": ("旗帜变化情况", "Changes since the last review"),
    "documents_h_ranking": ("排名情况", "Ranking"),
    "documents_h_requirements": ("下步要求", "What is required next"),
    "documents_basic": (
        "本期共{units}个单位参加讲评，其中{reported}个单位按时报送齐全。{red}个单位领到贡献红旗，"
        "{yellow}个单位领到落后黄旗。",
        "{units} units were reviewed, {reported} of them reported everything on time. {red} units won a red "
        "flag and {yellow} units got a yellow flag.",
    ),
    "documents_holder": ("{unit}（{score}）", "{unit} ({score})"),
    "documents_group_line": ("{group}（{n}个）：{units}。", "{group} ({n}): {units}."),
    "documents_no_red": ("本类别无单位领到贡献红旗。", "No unit won a red flag in this category."),
    "documents_no_yellow": ("本类别无单位领到落后黄旗。", "No unit got a yellow flag in this category."),
    "documents_change_item": ("{unit}（{category}）", "{unit} ({category})"),
    "documents_change_streak": ("{unit}（{category}，连续{n}期）", "{unit} ({category}, {n} in a row)"),
    "documents_change_won": ("夺旗：{units}。", "Yellow to red: {units}."),
    "documents_change_kept": ("守旗：{units}。", "Kept the red flag: {units}."),
    "documents_change_shed": ("摘黄旗：{units}。", "Shed the yellow flag: {units}."),
    "documents_change_yellow_again": ("连续黄旗：{units}。", "Yellow again: {units}."),
    "documents_change_double": ("双红旗：{units}。", "Two red flags: {units}."),
    "documents_change_triple": ("三红旗：{units}。", "Three or more red flags: {units}."),
    "documents_change_none": ("本期旗帜无变化。", "No flag changed in this review."),
    "documents_ranking_intro": (
        "各单位分类别得分（%）及名次（括号内）见下表，得分为各项目序时完成率的加权平均。",
        "Each unit's score (%) and rank (in brackets) by category; a score is the weighted mean of its "
        "projects' compliance.",
    ),
    "documents_col_number": ("序号", "No."),
    "documents_col_unit": ("单位", "Unit"),
    "documents_col_group": ("分组", "Group"),
    "documents_col_flags": ("旗帜", "Flags"),
    "documents_col_category": ("考核类别", "Category"),
    "documents_col_project": ("滞后项目", "Lagging project"),
    "documents_col_gap": ("序时差", "Behind schedule"),
    "documents_col_state": ("报送情况", "Reporting"),
    "documents_cell": ("{score}（{rank}）", "{score} ({rank})"),
    "documents_flags_red": ("红旗{n}面", "{n} red"),
    "documents_flags_yellow": ("黄旗{n}面", "{n} yellow"),
    "documents_require_yellow": (
        "各落后黄旗单位要对照滞后项目逐项分析原因，于{due}前向{org}报送整改措施（问题、措施、责任人、完成时限），"
        "确保尽快赶上序时进度。",
        "Each yellow-flag unit is to analyse every lagging project and send {org} its rectification plan "
        "(problem, measure, person responsible, deadline) by {due}, and catch up with the schedule soon.",
    ),
    "documents_require_again": (
        "连续被评为落后黄旗的单位，主要负责同志要专题研究、亲自调度，限期扭转被动局面。",
        "Where a unit got a yellow flag again, its head is to take the matter up personally and turn it round.",
    ),
    "documents_require_all": (
        "各贡献红旗单位要保持争先势头，其他单位要对标先进、比学赶超，确保全年目标任务圆满完成。",
        "Red-flag units are to keep their lead; the others are to learn from them, so that every annual "
        "target is met.",
    ),
    # --- the slides
    "documents_slides_title": ("{county}{period}双月讲评会", "{county} {period} review meeting"),
    "documents_slide_category": ("{category}", "{category}"),
    "documents_slide_red": ("贡献红旗", "Red flags"),
    "documents_slide_yellow": ("落后黄旗", "Yellow flags"),
    "documents_slide_holder": ("{unit} {score}", "{unit} {score}"),
    "documents_none": ("无", "none"),
    "documents_slide_changes": ("旗帜变化情况", "Changes since the last review"),
    "documents_slide_lagging": ("落后黄旗单位滞后项目", "Lagging projects of the yellow-flag units"),
    "documents_not_reported": ("未报送", "not reported"),
    "documents_gap": ("低于{points}个百分点", "{points} points behind"),
    # --- file names and captions
    "documents_file_notice": ("{period}双月讲评通报", "{period} review notice"),
    "documents_file_slides": ("{period}双月讲评会", "{period} review slides"),
    "documents_file_workbook": ("{period}双月讲评", "{period} review"),
    "documents_file_chart": ("{period}讲评排名-{category}", "{period} ranking - {category}"),
    "documents_export_suffix": (
        "无法识别的文件类型：{path}。请以 .xlsx（讲评表）、.docx（通报）或 .pptx（幻灯片）结尾，或给出以 / 结尾的文件夹。",
        "Unknown file type: {path}. End it in .xlsx (workbook), .docx (notice) or .pptx (slides), or give a "
        "folder ending in /.",
    ),
    "documents_caption_notice": ("{period}双月讲评通报（{number}）", "{period} review notice ({number})"),
    "documents_caption_slides": ("{period}讲评会幻灯片（16:9）", "{period} review meeting slides (16:9)"),
    "documents_caption_chart": ("{category}排名图（原图）", "{category} ranking (full size)"),
}

# The workbook's additions (bot.render.workbook_print): the summary sheet, the new ledger columns, the rules.
MESSAGES.update(
    {
        "documents_sheet_summary": ("汇总", "Summary"),
        "documents_workbook_title": ("{county}{title}", "{county} {title}"),
        "documents_col_red_count": ("红旗数", "Red flags"),
        "documents_col_yellow_count": ("黄旗数", "Yellow flags"),
        "documents_col_year_rate": ("年度完成率", "Share of annual target"),
        "documents_col_schedule_gap": ("序时差（个百分点）", "Against schedule (points)"),
        "documents_col_notes": ("存在问题、下步措施", "Problems and next steps"),
        "documents_page_footer": ("第 &P 页，共 &N 页", "Page &P of &N"),
        "documents_rule_period_months": ("讲评周期（月）", "Months per review period"),
        "documents_rule_grace_days": ("报送宽限（天）", "Days of grace to report"),
        "documents_rule_score_cap": ("单项序时完成率封顶（倍）", "Compliance cap per project"),
        "documents_rule_on_schedule_tolerance": ("按序时容差", "On-schedule tolerance"),
        "documents_rule_serious_lag_below": ("严重滞后线（序时完成率低于）", "Seriously lagging below"),
        "documents_rule_stall_after_days": ("停滞判定（天无进展）", "Stalled after (days)"),
        "documents_rule_red_top_n": ("红旗名额（每组前N名）", "Red flags: top N per group"),
        "documents_rule_red_min_score": ("红旗最低得分（%）", "Red flag minimum score (%)"),
        "documents_rule_yellow_below": ("黄旗线（得分低于，%）", "Yellow flag below (%)"),
        "documents_rule_yellow_bottom_n": (
            "末位黄旗（每组后N名，0为不设）",
            "Yellow to the bottom N (0: off)",
        ),
    }
)
