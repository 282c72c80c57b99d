"""The private follow-up after a review (SPEC §7): a yellow flag with the three questions, or a gentler
note for lagging units without one. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.views_export import LaggingProject
from bot.render.marks import plain
from bot.render.texts import amount


def _lines(projects: Sequence[LaggingProject], lang: str) -> list[str]:
    en = lang == "en"
    out = []
    for p in projects[:15]:
        label = "expected" if en else "序时"
        done = "actual" if en else "完成"
        out.append(
            f"• {plain(p.code)} {plain(p.name)}：{label} {amount(p.expected)}{plain(p.measure)}，"
            f"{done} {amount(p.actual)}{plain(p.measure)}（{amount(round(p.compliance * 100, 1))}%）"
        )
    if len(projects) > 15:
        out.append(f"… +{len(projects) - 15}")
    return out


def yellow_notice(
    *,
    unit: str,
    period_label: str,
    categories: Sequence[str],
    projects: Sequence[LaggingProject],
    plan_due_days: int,
    lang: str = "zh",
) -> str:
    """The flag, the lagging projects, the leaders' three questions, and the request for a plan."""
    if lang == "en":
        head = f"🟨 {plain(unit)} received a yellow flag in the {plain(period_label)} review ({plain(', '.join(categories))})."
        questions = "Please answer: where does each project stand against the schedule? Why did it stall? What is the fix?"
        ask = f"Send your rectification plan with /plan within {plan_due_days} days."
        behind = "Projects behind schedule:"
    else:
        head = f"🟨 {plain(unit)}在{plain(period_label)}讲评中被评为黄旗（{plain('、'.join(categories))}）。"
        questions = "请逐项回答：时序如何？为什么停滞？怎么解决？"
        ask = f"请在 {plan_due_days} 天内用 /plan 提交整改措施。"
        behind = "滞后项目："
    lines = [head]
    if projects:
        lines += [behind, *_lines(projects, lang)]
    lines += [questions, ask]
    return "\n".join(lines)


def lagging_notice(
    *, unit: str, period_label: str, projects: Sequence[LaggingProject], lang: str = "zh"
) -> str:
    """A gentler note for a unit with lagging projects but no yellow flag."""
    if lang == "en":
        head = f"{plain(unit)}: no yellow flag in the {plain(period_label)} review, but these projects are behind:"
        tail = "Please catch up before the next review; /projects shows where each stands."
    else:
        head = f"{plain(unit)}：本期（{plain(period_label)}）未被评为黄旗，但以下项目滞后于序时："
        tail = "请在下次讲评前赶上进度，发送 /projects 可随时查看。"
    return "\n".join([head, *_lines(projects, lang), tail])
