"""The answer to a ledger import. Pure."""

from __future__ import annotations

from bot.ledger.summary import ImportSummary

_MAX_LISTED = 30


def import_summary_text(summary: ImportSummary, *, lang: str = "zh") -> str:
    """Created/updated counts, or every rejected row with its number and reason."""
    en = lang == "en"
    if summary.rejected:
        head = (
            f"The ledger was NOT imported: {len(summary.errors)} problem(s). Fix them and send the whole file again."
            if en
            else f"台账未导入：发现 {len(summary.errors)} 处问题，请修改后重新提交整个文件。"
        )
        lines = [head]
        for error in summary.errors[:_MAX_LISTED]:
            where = f"{'row' if en else '第'} {error.row_number}{'' if en else ' 行'}"
            column = f" [{error.column}]" if error.column else ""
            lines.append(f"• {where}{column}: {error.reason_en if en else error.reason_zh}")
        if len(summary.errors) > _MAX_LISTED:
            rest = len(summary.errors) - _MAX_LISTED
            lines.append(f"… and {rest} more" if en else f"……另有 {rest} 处")
        return "\n".join(lines)
    if en:
        lines = [
            f"Ledger imported: {len(summary.created)} new, {len(summary.updated)} updated, "
            f"{len(summary.unchanged)} unchanged projects; {summary.reports_added} progress value(s) recorded."
        ]
        if summary.units_created:
            lines.append("New units: " + ", ".join(summary.units_created))
        if summary.categories_created:
            lines.append("New categories: " + ", ".join(summary.categories_created))
        return "\n".join(lines)
    lines = [
        f"台账导入成功：新增 {len(summary.created)} 个项目，更新 {len(summary.updated)} 个，"
        f"未变 {len(summary.unchanged)} 个；记录完成情况 {summary.reports_added} 条。"
    ]
    if summary.units_created:
        lines.append("新增单位：" + "、".join(summary.units_created))
    if summary.categories_created:
        lines.append("新增考核类别：" + "、".join(summary.categories_created))
    return "\n".join(lines)
