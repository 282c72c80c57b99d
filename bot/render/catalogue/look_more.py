"""More sentences of the look commands and the scheduled messages (bot.render.look, look_detail, reminders):
key → (zh, en); merged into bot.render.texts.MESSAGES beside the look and reminders areas."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "look_flag_red": ("🚩贡献红旗", "🚩red flag"),
    "look_flag_yellow": ("🟨落后黄旗", "🟨yellow flag"),
    "look_badge_double_red": ("双红旗", "double red"),
    "look_badge_flag_winner": ("夺旗模范", "flag winner"),
    "look_change": ("（{label}）", " ({label})"),
    "look_forecast_separator": ("；", "; "),
    "look_report_note": ("｜{note}", " | {note}"),
    "look_list_separator": ("、", ", "),
}
