"""Words drawn in the pictures: the review's ranking chart (bot.render.chart, keys chart_*) and /myflag's
trend picture (bot.render.trend_chart, keys trend_*): key → (zh, en); merged into bot.render.texts.MESSAGES.

Plain text only (no <b>/<i>: matplotlib draws the characters as they are); "\\n" breaks a label in two.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the ranking chart
    "chart_title": ("{label} 双月讲评排名", "{label} review ranking"),
    "chart_pages": ("（{page}/{pages}）", " ({page}/{pages})"),
    "chart_panel": ("{category} · {group}（{n} 个单位）", "{category} · {group} ({n} units)"),
    "chart_panel_one": ("{category} · {group}（{n} 个单位）", "{category} · {group} ({n} unit)"),
    "chart_part": ("第 {first}—{last} 名", "ranks {first}–{last}"),
    "chart_red": ("红旗", "red flag"),
    "chart_yellow": ("黄旗", "yellow flag"),
    "chart_plain": ("无旗", "no flag"),
    "chart_red_line": ("红旗线/序时 {value}%", "red line / on schedule {value}%"),
    "chart_red_line_plain": ("红旗线 {value}%", "red line {value}%"),
    "chart_schedule": ("序时 100%", "on schedule 100%"),
    "chart_yellow_line": ("黄旗线 {value}%", "yellow line {value}%"),
    "chart_empty": ("本期没有参评单位", "No unit was ranked in this review"),
    # --- /myflag's trend picture
    "trend_title": ("{unit} · 得分走势与组内位置（{on}）", "{unit}: score trend and place in group ({on})"),
    "trend_trend": ("{category} · 历次讲评得分", "{category} · score at each review"),
    "trend_group": ("{category} · {group}今天（{n} 个单位）", "{category} · {group} today ({n} units)"),
    "trend_group_one": ("{category} · {group}今天（{n} 个单位）", "{category} · {group} today ({n} unit)"),
    "trend_no_group": ("{category} · 现在没有参评项目", "{category} · no counted project now"),
    # Chinese says 本单位 where English names the unit; "{unit:.0}" is the name cut to nothing, so both sides
    # take the same placeholders.
    "trend_self": ("{unit:.0}本单位\n第{rank}名（共{n}个单位）", "{unit}\nrank {rank} of {n}"),
    "trend_today": ("今天\n{day}", "Today\n{day}"),
    "trend_forecast": ("期末预计\n{day}", "Forecast\n{day}"),
    "trend_red": ("讲评：红旗", "review: red flag"),
    "trend_yellow": ("讲评：黄旗", "review: yellow flag"),
    "trend_plain": ("讲评：无旗", "review: no flag"),
    "trend_now": ("今天（实时估算）", "today (live estimate)"),
    "trend_ahead": ("期末预计（近 {days} 天进度）", "forecast (pace of last {days} days)"),
    "trend_own": ("本单位", "this unit"),
    "trend_others": ("同组其他单位", "others in the group"),
    "trend_red_line": ("红旗线 {value}%（且组内前 {n} 名）", "red line {value}% (and top {n})"),
    "trend_yellow_line": ("黄旗线 {value}%", "yellow line {value}%"),
    "trend_schedule": ("序时 100%", "on schedule 100%"),
}
