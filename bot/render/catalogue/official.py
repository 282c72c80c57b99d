"""The county's official forms (docs/style-zh.md): dates, deadlines, progress against the annual target and the
schedule, ranks, flag counts and multiple red flags: key → (zh, en); merged into bot.render.texts.MESSAGES.

`{month:abbr}` writes a month as its English abbreviation (bot.render.periods.Month), `{month}` as a number.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- dates: 2026年11月17日 (no leading zeros), a deadline at midnight as 24时 of the day before
    "date_day": ("{year}年{month}月{day}日", "{day} {month:abbr} {year}"),
    "date_moment": ("{year}年{month}月{day}日{time}", "{day} {month:abbr} {year} {time}"),
    "date_day_end": ("{year}年{month}月{day}日24时", "end of {day} {month:abbr} {year}"),
    # --- progress: 年度完成率 = actual ÷ annual target; the schedule as a share of the target; the gap in points
    "progress_full": (
        "累计完成{actual}，占年度目标的{annual}，序时进度{schedule}，{gap}",
        "{actual} done, {annual} of the annual target; schedule {schedule}, {gap}",
    ),
    "progress_compact": (
        "累计{actual}，年度完成率{annual}，{gap}",
        "{actual}, {annual} of the target, {gap}",
    ),
    "progress_gap_below": ("低于序时进度{points}个百分点", "{points} points behind schedule"),
    "progress_gap_above": ("高于序时进度{points}个百分点", "{points} points ahead of schedule"),
    "progress_gap_even": ("与序时进度持平", "on schedule"),
    # --- ranks: 第8名（共9个单位）
    "rank_of": ("第{rank}名（共{size}个单位）", "rank {rank} of {size}"),
    # --- several red flags held at once: 双红旗, 三红旗 … (two = 双, then the numeral)
    "multi_red_two": ("双红旗", "two red flags"),
    "multi_red_many": ("{count}红旗", "{count} red flags"),
    "numeral_3": ("三", "three"),
    "numeral_4": ("四", "four"),
    "numeral_5": ("五", "five"),
    "numeral_6": ("六", "six"),
    "numeral_7": ("七", "seven"),
    "numeral_8": ("八", "eight"),
    "numeral_9": ("九", "nine"),
    # --- the head could not be told of a second consecutive yellow flag: the admins bind one
    "escalate_no_head_admin": (
        "⚠️ {unit}在{period}讲评中连续被评为落后黄旗，但该单位没有可联系的一把手（未绑定或已屏蔽机器人），"
        "未能通知。请发送 /invite {unit} 一把手 生成邀请链接，转给该单位一把手。",
        "⚠️ {unit} got a yellow flag again in the {period} review, but the unit has no reachable head (none "
        "bound, or the bot is blocked), so nobody was told. Send /invite {unit} head and forward the link.",
    ),
    "escalate_head_told": ("已通知单位一把手", "the unit head was told"),
    "escalate_head_missing": (
        "一把手未绑定或无法联系，未能通知，已请考核办处理",
        "no reachable unit head, so not told; the admins were asked to invite one",
    ),
    # --- roles: the leader's first /start, and the note when a role is granted
    "role_granted_note": (
        "您已被考核办开通{role}权限。发送 /help 查看可用命令。",
        "The assessment office gave you the {role} role. Send /help to see your commands.",
    ),
    # --- the yellow-flag notice: what kind of lag, and projects of categories without a flag
    "followup_not_reported": ("（本期未报送）", " (not reported this period)"),
    "followup_other_categories": (
        "以下项目所在类别未被评为黄旗，但同样滞后于序时进度：",
        "These projects are in categories without a yellow flag, but are behind schedule too:",
    ),
}
