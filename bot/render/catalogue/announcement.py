"""Sentences of the review announcement and the ranking chart's caption (bot.render.announcement):
key → (zh, en); merged into bot.render.texts.MESSAGES. Flags go by their official names (贡献红旗, 落后黄旗) and are
counted by units ('14个单位领到贡献红旗'); no 🔮 or 💪 in a 通报 (docs/style-zh.md).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "announcement_title": ("📣 {label}双月讲评结果", "📣 {label} review results"),
    "announcement_continued": (
        "📣 {label}双月讲评结果（续{page}/{pages}）",
        "📣 {label} review results (cont. {page}/{pages})",
    ),
    "announcement_draft": ("草稿，尚未发布", "Draft, not published yet"),
    "announcement_provisional": (
        "临时结果：报送尚未截止，数据可能变化",
        "Provisional: reports are still open",
    ),
    "announcement_cutoff": ("报送截止：{when}", "Reports counted until: {when}"),
    "announcement_reported": (
        "共{total}个单位参评，{reported}个单位按时报送齐全",
        "{reported} of {total} units reported in full on time",
    ),
    # the practice counts units, not flags: '14个单位领到贡献红旗'
    "announcement_counts": (
        "{red}个单位领到贡献红旗，{yellow}个单位领到落后黄旗",
        "{red} unit(s) won a red flag, {yellow} got a yellow flag",
    ),
    "announcement_counts_before": (
        "上期：{red}个单位领到贡献红旗，{yellow}个单位领到落后黄旗",
        "Previous review: {red} unit(s) with a red flag, {yellow} with a yellow flag",
    ),
    "announcement_rule": (
        "贡献红旗：各组前{top}名、得分≥{red}%且按时报送齐全；落后黄旗：得分&lt;{yellow}%{bottom}",
        "Red: top {top} per group, score ≥ {red}%, all reported; yellow: score &lt; {yellow}%{bottom}",
    ),
    "announcement_rule_bottom": ("或各组末{n}名", " or bottom {n} per group"),
    "announcement_red": ("🚩 贡献红旗单位", "🚩 Red flags"),
    "announcement_yellow": ("🟨 落后黄旗单位", "🟨 Yellow flags"),
    "announcement_no_red": ("本期未评出贡献红旗单位。", "No red flags this time."),
    "announcement_no_yellow": ("本期没有落后黄旗单位。", "No yellow flags this time."),
    "announcement_changes": ("📌 旗帜变化", "📌 Changes"),
    "announcement_overrides": ("✍️ 人工调整", "✍️ Overrides"),
    "announcement_continued_mark": ("（续）", " (cont.)"),
    "announcement_list_separator": ("、", ", "),
    # {label}: 双红旗, 三红旗 … (bot.render.official.red_flags_label)
    "announcement_flag_winner": (
        "🏅 夺旗模范：{unit}（由落后黄旗到{label}：{categories}）",
        "🏅 Flag winner: {unit} (from yellow to {label}: {categories})",
    ),
    "announcement_multi_red": ("🎖 {label}：{unit}（{categories}）", "🎖 {label}: {unit} ({categories})"),
    "announcement_won": (
        "🚩 夺旗：{unit} · {category}（落后黄旗→贡献红旗）",
        "🚩 Yellow to red: {unit} · {category}",
    ),
    "announcement_kept": (
        "🛡 守旗：{unit} · {category}，连续{streak}期",
        "🛡 Kept red: {unit} · {category}, {streak} in a row",
    ),
    "announcement_shed": ("✅ 摘黄旗：{unit} · {category}", "✅ Shed yellow: {unit} · {category}"),
    "announcement_escalated": (
        "⚠️ 连续黄旗：{unit} · {category}，连续{streak}期领到落后黄旗，提请单位一把手关注",
        "⚠️ Yellow again: {unit} · {category}, {streak} in a row; for the unit head's attention",
    ),
    "announcement_override": (
        "{unit} · {category}：{before}→{after}（理由：{reason}）",
        "{unit} · {category}: {before} → {after} ({reason})",
    ),
    "announcement_tail_kept": ("守旗·连续{streak}期", "kept, {streak} in a row"),
    "announcement_tail_won": ("夺旗", "yellow to red"),
    "announcement_tail_again": ("⚠️连续{streak}期", "⚠️ {streak} in a row"),
    "announcement_tail_fell": ("由贡献红旗转为落后黄旗", "was red"),
    "announcement_tail_override": ("✍️人工调整", "✍️ override"),
    "announcement_closing": (
        "各单位可私聊机器人发送 /myflag，查看本单位得分、排名及与红旗线、黄旗线的差距。",
        "Units: send /myflag to the bot privately for your score, rank and gap to the red and yellow lines.",
    ),
    "announcement_caption": (
        "📊 {label}双月讲评排名{pages}\n🚩 {red}个单位领到贡献红旗 · 🟨 {yellow}个单位领到落后黄旗\n"
        "红色为贡献红旗，黄色为落后黄旗；虚线为红旗线{red_line}%、黄旗线{yellow_line}%",
        "📊 {label} review ranking{pages}\n🚩 {red} unit(s) with a red flag · 🟨 {yellow} with a yellow flag\n"
        "Red bars: red flag, gold: yellow flag; dashed lines: red line {red_line}%, yellow line {yellow_line}%",
    ),
    "announcement_caption_pages": ("（{page}/{pages}）", " ({page}/{pages})"),
    "announcement_flag_red": ("贡献红旗", "red"),
    "announcement_flag_yellow": ("落后黄旗", "yellow"),
    "announcement_flag_none": ("无旗", "none"),
}
