"""What `flagbot restore` prints: key → (zh, en). Printed as plain text."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "restore_tool_missing": (
        "找不到 {tool}：请先安装 postgresql-client（Debian 软件包），再恢复。",
        "{tool} is not installed: install postgresql-client (Debian package), then restore.",
    ),
    "restore_needs_sqlite_file": (
        "数据库是 SQLite，但 {path} 不是 SQLite 备份（应是 flagbot backup 写出的 .sqlite3 文件）。",
        "The database is SQLite, but {path} is not a SQLite backup (a .sqlite3 file from flagbot backup).",
    ),
    "restore_needs_pg_archive": (
        "数据库是 PostgreSQL，但 {path} 不是 pg_dump 归档（应是 flagbot backup 写出的 .pgdump 文件）。",
        "The database is PostgreSQL, but {path} is not a pg_dump archive (a .pgdump file from flagbot backup).",
    ),
    "restore_unreadable": (
        "备份文件读不完整，可能已损坏或未写完（{reason}）。",
        "The backup cannot be read whole; it may be damaged or cut short ({reason}).",
    ),
    "restore_not_flagbot": (
        "这个文件里没有 flagbot 的数据库版本记录，不是 flagbot 的备份。",
        "The file holds no flagbot schema version: it is not a flagbot backup.",
    ),
    "restore_unknown_version": (
        "备份的数据库版本 {revision} 本程序不认识（可能来自更新的版本）：请先升级 flagbot，再恢复。",
        "The backup's schema version {revision} is unknown here (perhaps from a newer flagbot): "
        "upgrade flagbot first, then restore.",
    ),
    "restore_in_memory": (
        "内存数据库无法恢复：请把 DATABASE_URL 指向文件。",
        "Cannot restore into an in-memory database.",
    ),
    "restore_no_safety_copy": (
        "无法先保存当前数据库（{reason}），因此没有恢复。",
        "Could not save the current database first ({reason}), so nothing was restored.",
    ),
    "restore_safety_copy": (
        "恢复前的数据库已另存为：{path}",
        "The database before the restore is saved as: {path}",
    ),
    "restore_untouched": ("数据库未改动。", "The database is unchanged."),
    "restore_failed": (
        "恢复失败（{reason}），已全部撤回，数据库保持原样。",
        "The restore failed ({reason}) and was rolled back: the database is as it was.",
    ),
}
