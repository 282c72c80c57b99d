"""Sentences of fair deadlines, revoking access, open invites and the upload and review notices (issue 10).

Written with <b>/<i>/<code> and HTML entities; loaded as marked text (bot.render.marks.from_tags).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # held reports (SPEC §4): a newer one replaces the older; confirmed after the deadline
    "pending_replaced": (
        "已被同一项目更新的报送替代，请在最新一条上确认",
        "Replaced by a newer report for this project: confirm that one",
    ),
    "report_confirmed_late": (
        "⚠️ 确认时已过该报送所属讲评期的报送截止时间，按确认时间 {at} 计入，不计入已截止的讲评期。",
        "⚠️ Confirmed after the submission deadline it was sent before: it counts as of {at}, the "
        "confirmation time, not for the closed period.",
    ),
    # a Publish button under a preview whose figures have changed since
    "review_changed_mark": (
        "⚠️ 讲评结果在预览后已有变化，未发布。请核对下面的最新预览后再发布。",
        "⚠️ The review changed after this preview; nothing was published. Check the new preview below "
        "before publishing.",
    ),
}
