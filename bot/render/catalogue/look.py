"""Sentences of the look commands: key → (zh, en); merged into bot.render.texts.MESSAGES.

Every template is one line: long answers are split between lines, so a line never breaks in two.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- usage and bad input
    "look_usage": ("用法：{usage}", "Usage: {usage}"),
    "look_usage_unit": ("/unit <单位名称>，例如 /unit 人社局", "/unit <unit>, e.g. /unit 人社局"),
    "look_usage_history": (
        "/history <单位或项目编号> [开始日期] [结束日期]，例如 /history MS-01 2026年9月1日 2026年10月31日",
        "/history <unit or project code> [from] [to], dates as YYYY-MM-DD, e.g. /history MS-01 2026-09-01 2026-10-31",
    ),
    "look_usage_ranking": (
        "/ranking [考核类别]，例如 /ranking 民生实事",
        "/ranking [category], e.g. /ranking 民生实事",
    ),
    "look_unit_missing": ("请写明要查看的单位。", "Name the unit to look at."),
    "look_unit_not_found": (
        "没有找到单位“{ref}”。现有单位：{units}",
        "No unit matches “{ref}”. Units: {units}",
    ),
    "look_category_unknown": (
        "没有考核类别“{ref}”。现有类别：{categories}",
        "There is no category “{ref}”. Categories: {categories}",
    ),
    "look_category_ambiguous": (
        "“{ref}”对应多个考核类别：{categories}。请写完整名称。",
        "“{ref}” matches several categories: {categories}. Please write the full name.",
    ),
    "look_no_projects": (
        "还没有项目。请考核办先导入台账。",
        "There are no projects yet; the assessment office imports the ledger first.",
    ),
    "look_history_missing": ("请写明单位名称或项目编号。", "Name a unit or a project code."),
    "look_subject_not_found": (
        "没有找到单位或项目“{ref}”。请用单位名称或项目编号。",
        "No unit or project matches “{ref}”. Use a unit name or a project code.",
    ),
    "look_date_invalid": (
        "“{text}”不是日期，请写成 2026年9月1日 这样的格式。",
        "“{text}” is not a date; write YYYY-MM-DD, e.g. 2026-09-01.",
    ),
    "look_range_reversed": (
        "开始日期 {since} 晚于结束日期 {until}，请把早的日期写在前面。",
        "The start {since} is after the end {until}; put the earlier date first.",
    ),
    "look_too_many_dates": ("最多写两个日期（开始和结束）。", "At most two dates (from and to)."),
    "look_no_review": ("还没有发布过讲评。", "No review has been published yet."),
    # --- common pieces
    "look_no_flag": ("无旗", "no flag"),
    "look_last_report": ("最近报送 {day}", "last report {day}"),
    "look_never_reported": ("从未报送", "never reported"),
    "look_not_started": ("{start}开始", "starts {start}"),
    # --- /projects
    "look_projects_head": (
        "<b>{unit}</b> 项目进度（截至{on}，共{n}个，最滞后的在前）",
        "<b>{unit}</b> projects (as of {on}, {n} in all, worst first)",
    ),
    "look_projects_none": ("{unit} 还没有项目。", "{unit} has no projects yet."),
    "look_project_line": (
        "{mark} {code} {name}｜{amounts}｜{status}｜{last}",
        "{mark} {code} {name} | {amounts} | {status} | {last}",
    ),
    # --- /lagging
    "look_lagging_head": (
        "<b>滞后项目</b>{n}个（截至{on}，最滞后的在前）",
        "<b>Projects behind schedule</b>: {n} (as of {on}, worst first)",
    ),
    "look_lagging_none": ("截至{on}，没有滞后项目。", "As of {on}, no project is behind schedule."),
    "look_lagging_line": (
        "{mark} {unit}｜{code} {name}｜{amounts}｜{status}",
        "{mark} {unit} | {code} {name} | {amounts} | {status}",
    ),
    # --- /ranking
    "look_ranking_head": (
        "<b>实时排名</b>（截至{on}，{period}讲评期）",
        "<b>Live standings</b> (as of {on}, {period})",
    ),
    "look_ranking_legend": (
        "讲评结果以{last}讲评通报为准（见每行“上期”）；本表得分和🚩/🟨为截至{on}的实时数据，不是讲评结果。",
        "The review result is the published {last} review (“last” on each line); the scores and 🚩/🟨 here "
        "are live figures as of {on}, not the review result.",
    ),
    "look_ranking_legend_first": (
        "本表得分和🚩/🟨为按当前进度估算的实时数据；还没有发布过讲评。",
        "🚩/🟨: the flag today's figures would give; no review has been published yet.",
    ),
    "look_ranking_last": ("上期{flag}", "last: {flag}"),
    "look_ranking_unreported": ("未报齐", "not all reported"),
    "look_ranking_nobody": ("（暂无参评单位）", "(no unit ranked yet)"),
    # --- /myflag
    "look_myflag_head": ("<b>{unit}</b> 红黄旗", "<b>{unit}</b> flags"),
    "look_myflag_review": (
        "上次讲评：{period}（{published}发布）",
        "Last review: {period} (published {published})",
    ),
    "look_myflag_first": (
        "还没有发布过讲评，以下为按当前进度的估算。",
        "No review has been published yet; below is an estimate from today's figures.",
    ),
    "look_myflag_badges": ("荣誉：{badges}", "Honours: {badges}"),
    "look_myflag_published": (
        "讲评：{flag}，{group}第{rank}名，得分{score}{change}",
        "Review: {flag}, rank {rank} in {group}, {score}{change}",
    ),
    "look_myflag_not_ranked": ("讲评：本类别未参评", "Review: not ranked in this category"),
    "look_myflag_previous": (
        "再上期（{period}）：{flag}，第{rank}名，得分{score}",
        "The one before ({period}): {flag}, rank {rank}, {score}",
    ),
    "look_myflag_lines": ("{red}；{yellow}", "{red}; {yellow}"),
    "look_red_gap": ("距红旗线{line}%差{gap}个百分点", "{gap} points short of the red line ({line}%)"),
    "look_red_reached": ("达到红旗线{line}%", "at or above the red line ({line}%)"),
    "look_yellow_above": (
        "高于黄旗线{line}%{gap}个百分点",
        "{gap} points above the yellow line ({line}%)",
    ),
    "look_yellow_below": (
        "低于黄旗线{line}%{gap}个百分点",
        "{gap} points below the yellow line ({line}%)",
    ),
    "look_myflag_live": (
        "实时（截至{on}）：{rank}，得分{score}，按当前进度估算：{flag}",
        "Live (as of {on}): {rank}, {score}, today's figures would give: {flag}",
    ),
    "look_myflag_live_none": ("现在：本类别暂无参评项目", "Now: no counted project in this category"),
    "look_myflag_unreported": (
        "本期还有{n}个项目未报送，全部报送才能评为贡献红旗",
        "{n} project(s) not reported this period; every one must report for a red flag",
    ),
    "look_myflag_pulling": (
        "影响得分的主要滞后项目：",
        "The lagging projects that pull the score down most:",
    ),
    "look_pulling_line": ("  • {code} {name}：{amounts}", "  • {code} {name}: {amounts}"),
    "look_myflag_nothing": (
        "{unit} 还没有参评项目，也没有讲评记录。",
        "{unit} has no counted project and no review record yet.",
    ),
    # --- /myflag: the early warning (the category and fix lines are the mid-period reminder's remind_forecast_*)
    "look_forecast_head": (
        "⚠️ <b>黄旗预警</b>：按近{window}天的进度推算，到{on}（本期末）：",
        "⚠️ <b>Yellow-flag warning</b>: at the pace of the last {window} days, by {on} (the end of the period):",
    ),
    "look_forecast_how": ("请加快进度，并及时用 /report 报送。", "Speed up, and report with /report."),
    "look_forecast_line": (
        "📈 按目前进度（近{window}天）推算，到{on}：{items}",
        "📈 At the current pace (last {window} days), by {on}: {items}",
    ),
    "look_forecast_item": ("{category} {score}%（{flag}）", "{category} {score}% ({flag})"),
    "look_trend_caption": (
        "{unit}：历次讲评得分走势（左）与组内位置（右）",
        "{unit}: score at each review (left) and place in the group (right)",
    ),
    "look_trend_caption_group": ("{unit}：组内位置", "{unit}: place in the group"),
    # --- /unit
    "look_unit_head": ("<b>{unit}</b>（{group}），截至{on}", "<b>{unit}</b> ({group}), as of {on}"),
    "look_unit_projects": ("项目（{n}个，最滞后的在前）：", "Projects ({n}, worst first):"),
    "look_unit_reports": ("最近{n}条报送：", "Last {n} reports:"),
    "look_unit_no_reports": ("还没有报送。", "No reports yet."),
    "look_report_line": (
        "{at} {code}：累计完成{value}{measure}（{change}），序时进度{expected}{measure}，{status}{note}",
        "{at} {code}: {value}{measure} ({change}), expected {expected}{measure}, {status}{note}",
    ),
    "look_unit_flags": ("历次讲评：", "Published reviews:"),
    "look_unit_no_flags": ("还没有参加过已发布的讲评。", "Not in any published review yet."),
    "look_flag_record": (
        "{period} {category}：{flag}，第{rank}名，得分{score}{change}",
        "{period} {category}: {flag}, rank {rank}, {score}{change}",
    ),
    # --- /history
    "look_history_head": (
        "<b>{subject}</b> 报送记录：{since}至{until}",
        "<b>{subject}</b> reports from {since} to {until}",
    ),
    "look_history_none": ("这段时间没有报送。", "No reports in this range."),
    "look_history_count": ("共{n}条：", "{n} in all:"),
    "look_history_states": ("{day}的状态：", "Status on {day}:"),
}
