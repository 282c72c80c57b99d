"""Sentences of the review announcement and the ranking chart's caption (bot.render.announcement):
key → (zh, en); merged into bot.render.texts.MESSAGES.

`{month:abbr}` writes a month as its English abbreviation (bot.render.periods.Month), `{month}` as a number.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "announcement_title": ("📣 {label} 双月讲评结果", "📣 {label} review results"),
    "announcement_continued": (
        "📣 {label} 双月讲评结果（续 {page}/{pages}）",
        "📣 {label} review results (cont. {page}/{pages})",
    ),
    "announcement_draft": ("草稿，尚未发布", "Draft, not published yet"),
    "announcement_provisional": (
        "临时结果：报送尚未截止，数据可能变化",
        "Provisional: reports are still open",
    ),
    "announcement_cutoff": ("报送截止：{when}", "Reports counted until: {when}"),
    # the cut-off as people say it: a midnight cut-off is the end of the day before
    "announcement_cutoff_day_end": ("{year}年{month}月{day}日24时", "end of {day} {month:abbr} {year}"),
    "announcement_cutoff_moment": ("{year}年{month}月{day}日 {time}", "{day} {month:abbr} {year} {time}"),
    "announcement_reported": (
        "共 {total} 个单位，{reported} 个按时报送齐全",
        "{reported} of {total} units reported in full on time",
    ),
    "announcement_counts": (
        "本期红旗 {red} 面、黄旗 {yellow} 面",
        "This review: {red} red, {yellow} yellow flags",
    ),
    "announcement_counts_before": (
        "上期红旗 {red} 面、黄旗 {yellow} 面",
        "Previous review: {red} red, {yellow} yellow",
    ),
    "announcement_rule": (
        "红旗：各组前 {top} 名、得分≥{red}% 且按时报送齐全；黄旗：得分&lt;{yellow}%{bottom}",
        "Red: top {top} per group, score ≥ {red}%, all reported; yellow: score &lt; {yellow}%{bottom}",
    ),
    "announcement_rule_bottom": ("或各组末 {n} 名", " or bottom {n} per group"),
    "announcement_red": ("🚩 红旗", "🚩 Red flags"),
    "announcement_yellow": ("🟨 黄旗", "🟨 Yellow flags"),
    "announcement_no_red": ("本期未评出红旗。", "No red flags this time."),
    "announcement_no_yellow": ("本期无黄旗。", "No yellow flags this time."),
    "announcement_changes": ("📌 旗帜变化", "📌 Changes"),
    "announcement_overrides": ("✍️ 人工调整", "✍️ Overrides"),
    "announcement_continued_mark": ("（续）", " (cont.)"),
    "announcement_list_separator": ("、", ", "),
    "announcement_flag_winner": (
        "🏅 夺旗模范：{unit}（红旗 {count} 面：{categories}）",
        "🏅 Flag winner: {unit} ({count} red: {categories})",
    ),
    "announcement_double_red": ("🎖 双红旗：{unit}（{categories}）", "🎖 Double red: {unit} ({categories})"),
    "announcement_won": (
        "💪 夺旗：{unit} · {category}（黄旗→红旗）",
        "💪 Yellow to red: {unit} · {category}",
    ),
    "announcement_kept": (
        "🛡 守旗：{unit} · {category}，连续 {streak} 期",
        "🛡 Kept red: {unit} · {category}, {streak} in a row",
    ),
    "announcement_shed": ("✅ 摘黄旗：{unit} · {category}", "✅ Shed yellow: {unit} · {category}"),
    "announcement_escalated": (
        "⚠️ 连续黄旗：{unit} · {category}，连续 {streak} 期，提请单位一把手关注",
        "⚠️ Yellow again: {unit} · {category}, {streak} in a row; the unit head is alerted",
    ),
    "announcement_override": (
        "{unit} · {category}：{before}→{after}（理由：{reason}）",
        "{unit} · {category}: {before} → {after} ({reason})",
    ),
    "announcement_tail_kept": ("守旗·连续{streak}期", "kept, {streak} in a row"),
    "announcement_tail_won": ("夺旗", "yellow to red"),
    "announcement_tail_again": ("⚠️连续{streak}期", "⚠️ {streak} in a row"),
    "announcement_tail_fell": ("红旗变黄旗", "was red"),
    "announcement_tail_override": ("✍️人工调整", "✍️ override"),
    "announcement_closing": (
        "各单位可私聊机器人发送 /myflag，查看本单位得分、排名及与红线、黄线的差距。",
        "Units: send /myflag to the bot privately for your score, rank and gap to the red and yellow lines.",
    ),
    "announcement_caption": (
        "📊 {label} 双月讲评排名{pages}\n🚩 红旗 {red} 面 · 🟨 黄旗 {yellow} 面\n"
        "红色为红旗，黄色为黄旗；虚线为红旗线 {red_line}%、黄旗线 {yellow_line}%",
        "📊 {label} review ranking{pages}\n🚩 {red} red · 🟨 {yellow} yellow flags\n"
        "Red bars: red flag, gold: yellow flag; dashed lines: red line {red_line}%, yellow line {yellow_line}%",
    ),
    "announcement_caption_pages": (" ({page}/{pages})", " ({page}/{pages})"),
    "announcement_flag_red": ("红旗", "red"),
    "announcement_flag_yellow": ("黄旗", "yellow"),
    "announcement_flag_none": ("无旗", "none"),
}
