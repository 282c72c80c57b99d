"""What the `flagbot` shell commands and the demo print: key → (zh, en). Printed as plain text."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "shell_db_up_to_date": ("数据库已是最新结构。", "The database schema is up to date."),
    "shell_no_such_file": ("找不到文件：{path}", "No such file: {path}"),
    "shell_report_stored": (
        "{code} {name}：{progress}（{change}）\n截至{on}：{status}",
        "{code} {name}: {progress} ({change})\nAs of {on}: {status}",
    ),
    "shell_exported": ("已导出：{path}", "Written: {path}"),
    "shell_backup_written": ("备份已写入：{path}", "Backup written: {path}"),
    "shell_db_unavailable": (
        "无法打开数据库（{reason}）。请检查 DATABASE_URL 和数据库服务。",
        "Cannot open the database ({reason}). Check DATABASE_URL and that the server is running.",
    ),
    "shell_internal_error": (
        "内部错误：{kind}: {error}（设置 FLAGBOT_DEBUG=1 查看详情）",
        "Internal error: {kind}: {error} (set FLAGBOT_DEBUG=1 for details)",
    ),
    "shell_no_such_backup": ("找不到备份文件：{path}", "No such backup: {path}"),
    "shell_restore_needs_yes": (
        "恢复会用备份替换数据库中的全部数据。确认请加 --yes。",
        "Restoring replaces everything in the database with the backup. Add --yes to go ahead.",
    ),
    "shell_bot_running": ("机器人正在运行：请先停止它，再恢复。", "The bot is running: stop it first."),
    "shell_restored": ("已从备份恢复：{path}", "Restored from {path}"),
    # --- `flagbot demo`
    "demo_start": (
        "演示：{first}、{second}两期，{projects} 个项目……",
        "Demo: two periods, {first} and {second}, {projects} projects…",
    ),
    "demo_done": (
        "演示完成：对话记录、排名图、走势图、讲评表和示例台账在 {folder}",
        "Demo done: the transcript, ranking chart, trend chart, workbook and sample ledger are in {folder}",
    ),
}
