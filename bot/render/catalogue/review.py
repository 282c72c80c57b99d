"""Sentences of a review as text (bot.render.review) and of the private follow-up after it
(bot.render.followup): key → (zh, en). Unit and project names go in as plain text."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the review as text (the shell, the admin's preview)
    "review_text_head": ("{period} 双月讲评 · {state}", "{period} review · {state}"),
    "review_state_published": ("已发布", "published"),
    "review_state_draft": ("草稿（未发布）", "draft (not published)"),
    "review_state_provisional": ("临时结果（报送尚未截止）", "provisional (reports still open)"),
    "review_text_cutoff": (
        "报送截止：{cutoff} · 共{total}个单位，{reported}个按时报送齐全",
        "Cut-off: {cutoff} · {reported}/{total} units reported in full",
    ),
    "review_entry_red": ("贡献红旗", "red"),
    "review_entry_yellow": ("落后黄旗", "yellow"),
    "review_entry_not_all_reported": ("有项目未报送", "not all reported"),
    "review_entry_override": ("人工调整：{reason}", "override: {reason}"),
    # --- the follow-up after a review
    "followup_project": (
        "• {code} {name}：{progress}{not_reported}",
        "• {code} {name}: {progress}{not_reported}",
    ),
    "followup_yellow_head": (
        "🟨 {unit}在{period}讲评中被评为落后黄旗（{categories}）。",
        "🟨 {unit} received a yellow flag in the {period} review ({categories}).",
    ),
    "followup_behind": ("影响得分的主要滞后项目：", "The lagging projects that pulled the score down:"),
    "followup_questions": (
        "请逐项回答：时序如何？为什么停滞？怎么解决？",
        "Please answer: where does each project stand against the schedule? Why did it stall? What is the fix?",
    ),
    "followup_ask_plan": (
        "请于{due}前用 /plan 逐项填写整改清单（问题、措施、责任人、完成时限）。",
        "Fill in your rectification list with /plan by {due} (problem, measure, owner and due date for each item).",
    ),
    "followup_lagging_head": (
        "{unit}：{period}讲评未被评为落后黄旗，但以下项目滞后于序时进度：",
        "{unit}: no yellow flag in the {period} review, but these projects are behind:",
    ),
    "followup_lagging_tail": (
        "请在下次讲评前赶上进度，发送 /projects 可随时查看。",
        "Please catch up before the next review; /projects shows where each stands.",
    ),
}
