"""Sentences of the scheduled messages (reminders, warnings, escalations, approval requests): key → (zh, en);
merged into bot.render.texts.MESSAGES. <b> marks become formatting marks (bot.render.marks); names go in as plain text."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- before the submission deadline
    "remind_deadline_head": (
        "⏰ <b>报送提醒</b>：{period}讲评的进度报送截止到{deadline}，{left}。",
        "⏰ <b>Reminder</b>: progress reports for the {period} review close at the end of {deadline}; {left}.",
    ),
    "remind_deadline_today": ("今天截止", "that is today"),
    "remind_deadline_left": ("还剩{n}天", "{n} day(s) left"),
    "remind_deadline_unit": (
        "{unit}还有{n}个项目本期未报送：",
        "{unit} has {n} project(s) not yet reported this period:",
    ),
    "remind_deadline_line": ("• {code} {name}（{amounts}）", "• {code} {name} ({amounts})"),
    "remind_deadline_count": (
        "目前共{total}个单位，已有{reported}个单位报送齐全。",
        "{reported} of {total} units have reported everything so far.",
    ),
    "remind_deadline_how": (
        "请用 /report 报送累计完成量，例如 /report {code} 60%",
        "Report the cumulative amount with /report, e.g. /report {code} 60%",
    ),
    # --- 每天一调度 for a yellow-flag unit
    "remind_daily_head": (
        "📋 <b>每天一调度</b>｜{unit}（{period}讲评落后黄旗：{categories}）\n截至{on}，{n}个项目滞后：",
        "📋 <b>Daily follow-up</b> | {unit} (yellow flag in the {period} review: {categories})\n"
        "As of {on}, {n} project(s) behind schedule:",
    ),
    "remind_daily_others": ("其余{n}个项目按序时进度推进。", "The other {n} project(s) are on schedule."),
    "remind_daily_questions": (
        "请回答：时序如何？为什么停滞？怎么解决？用 /report 报送最新进度并在备注中说明，整改措施用 /plan 提交。"
        "全部项目恢复序时后不再每日提醒。",
        "Please answer: where does it stand against the schedule, why did it stall, what is the fix? Report "
        "with /report (a note says why) and send the rectification plan with /plan. This stops once every "
        "project is back on schedule.",
    ),
    # --- stalled projects, weekly
    "remind_stalled_head": (
        "⏸ <b>停滞项目</b>｜{unit}：以下{n}个项目已超过{days}天没有新进展：",
        "⏸ <b>Stalled projects</b> | {unit}: {n} project(s) with no progress for {days} days or more:",
    ),
    "remind_stalled_line": ("• {code} {name}（{amounts}，{last}）", "• {code} {name} ({amounts}, {last})"),
    "remind_stalled_how": (
        "请报送最新进度，或在备注中说明停滞原因和解决办法，例如 /report {code} 65 材料已到场，下周复工",
        "Report the latest progress, or say in a note why it stalled and what the fix is, e.g. "
        "/report {code} 65 materials delivered, work resumes next week",
    ),
    # --- the working-day calendar
    "remind_calendar_missing": (
        "⚠️ 工作日历缺少 {year} 年：chinese-calendar 还没有收录 {year} 年的节假日和调休，{year} 年将暂按周一至周五"
        "计算工作日（讲评时间和提醒都依此安排）。请升级 chinese-calendar，或用 /holiday 逐日设置，"
        "例如 /holiday {year}年1月1日 休息",
        "⚠️ The working-day calendar lacks {year}: chinese-calendar does not know {year}'s holidays and "
        "make-up days yet, so {year} counts Monday–Friday as working days (reviews and reminders follow it). "
        "Upgrade chinese-calendar, or set days with /holiday, e.g. /holiday {year}-01-01 off",
    ),
    # --- early warning
    "remind_forecast_head": (
        "⚠️ <b>黄旗预警</b>｜{unit}：按近{window}天的进度推算，到{on}（{period}讲评期末）：",
        "⚠️ <b>Yellow-flag warning</b> | {unit}: at the pace of the last {window} days, by {on} (the end "
        "of the {period} period):",
    ),
    "remind_forecast_category": (
        "【{category}】预计得分{score}%，低于黄旗线{line}%，排名{rank}，可能被评为落后黄旗。",
        "[{category}] expected score {score}%, below the yellow line of {line}%, {rank}: "
        "heading for a yellow flag.",
    ),
    "remind_forecast_bottom": (
        "【{category}】预计得分{score}%，排名{rank}，处于末位，可能被评为落后黄旗。",
        "[{category}] expected score {score}%, {rank}, among the last: heading for a yellow flag.",
    ),
    "remind_forecast_fixes": (
        "赶上序时可以改变结果的项目：",
        "Projects that would change that if brought up to schedule:",
    ),
    "remind_forecast_fix": (
        "• {code} {name}：预计{forecast}{measure}，序时进度{expected}{measure}，还差{gap}{measure}（权重{weight}）",
        "• {code} {name}: forecast {forecast} of {expected}{measure} expected, {gap}{measure} short (weight {weight})",
    ),
    "remind_forecast_fixed": (
        "这些项目赶上序时进度后，预计得分{score}%。",
        "With these on schedule the expected score is {score}%.",
    ),
    "remind_forecast_how": (
        "请加快进度并及时用 /report 报送；/myflag 查看当前排名。",
        "Speed up and report with /report; /myflag shows where the unit stands now.",
    ),
    # --- escalation: a second consecutive yellow flag
    "escalate_head": (
        "🚨 <b>连续黄旗</b>：{unit}在{period}讲评中连续被评为落后黄旗：{categories}。请一把手亲自研究整改，"
        "于{due}前报送整改措施（发送 /plan）。",
        "🚨 <b>Consecutive yellow flag</b>: {unit} got a yellow flag again in the {period} review: {categories}. "
        "As the unit head, please take charge and send the rectification plan with /plan by {due}.",
    ),
    "escalate_streak": ("{category}（连续{streak}期）", "{category} ({streak} in a row)"),
    "escalate_leaders_head": (
        "🚨 <b>连续黄旗</b>：{period}讲评中以下单位连续被评为落后黄旗：",
        "🚨 <b>Consecutive yellow flags</b> in the {period} review:",
    ),
    "escalate_leaders_line": ("• {unit}：{categories}（{told}）", "• {unit}: {categories} ({told})"),
    # --- the review waiting for approval
    "approval_head": (
        "🗳 <b>讲评待审批</b>：{period}讲评已到发布时间（{moment}），按设置需审批后发布。",
        "🗳 <b>Review awaiting approval</b>: the {period} review was due at {moment} and is published once "
        "approved.",
    ),
    "approval_publish": ("发布", "Publish"),
    "approval_cancel": ("取消", "Cancel"),
}
