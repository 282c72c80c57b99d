"""`flagbot doctor`: what each check found and what to do about it, key → (zh, en). Pure."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "doctor_line": ("{status} {check}：{detail}", "{status} {check}: {detail}"),
    "doctor_settings": ("设置", "settings"),
    "doctor_token": ("令牌", "token"),
    "doctor_database": ("数据库", "database"),
    "doctor_api": ("Bot API", "Bot API"),
    "doctor_calendar": ("工作日历", "working days"),
    "doctor_font": ("中文字体", "CJK font"),
    "doctor_settings_ok": (
        "有效（时区 {timezone}，管理员 {admins} 人）",
        "valid (time zone {timezone}, {admins} admin(s))",
    ),
    "doctor_settings_bad": (
        "{reason} —— 请修改 .env 或环境变量。",
        "{reason} — fix .env or the environment.",
    ),
    "doctor_no_admins": (
        "ADMIN_IDS 为空：没有人能导入台账或发邀请。请在 .env 中填写考核办人员的 Telegram 用户 id。",
        "ADMIN_IDS is empty: nobody can import ledgers or invite. Put the admins' Telegram user ids in .env.",
    ),
    "doctor_token_ok": ("已设置（机器人 id {bot_id}）", "present (bot id {bot_id})"),
    "doctor_skipped": ("跳过（{reason}）", "skipped ({reason})"),
    "doctor_needs_settings": ("设置无效", "the settings are invalid"),
    "doctor_needs_token": ("没有可用的令牌", "no usable token"),
    "doctor_db_ok": (
        "{url}：可以连接，结构为最新（{revision}）",
        "{url}: reachable, schema at head ({revision})",
    ),
    "doctor_db_missing_file": (
        "数据库文件 {path} 还不存在 —— 运行 flagbot db upgrade 创建（flagbot run 启动时也会创建）。",
        "the database file {path} does not exist yet — `flagbot db upgrade` creates it (so does `flagbot run`).",
    ),
    "doctor_db_unreachable": (
        "无法连接 {url}（{reason}）—— 请检查 DATABASE_URL 和数据库服务是否运行。",
        "cannot connect to {url} ({reason}) — check DATABASE_URL and that the server is running.",
    ),
    "doctor_db_empty": (
        "{url}：还没有任何表（未迁移）—— 运行 flagbot db upgrade。",
        "{url}: no schema yet (never migrated) — run `flagbot db upgrade`.",
    ),
    "doctor_db_behind": (
        "{url}：结构版本 {current}，最新为 {head} —— 运行 flagbot db upgrade（flagbot run 启动时也会升级）。",
        "{url}: schema at {current}, head is {head} — run `flagbot db upgrade` (`flagbot run` also migrates).",
    ),
    "doctor_db_newer": (
        "{url}：结构版本 {current} 比这个 flagbot 版本更新 —— 请升级 flagbot，或恢复与之匹配的备份。",
        "{url}: schema {current} is newer than this flagbot — upgrade flagbot or restore a matching backup.",
    ),
    "doctor_api_ok": (
        "{where} 可以连接：@{username}（id {bot_id}）",
        "{where} answers: @{username} (id {bot_id})",
    ),
    "doctor_api_offline": (
        "无法连接 {where}（{reason}）—— 处于离线状态？请检查网络、代理或 TELEGRAM_API_BASE_URL。",
        "cannot reach {where} ({reason}) — offline? Check the network, the proxy or TELEGRAM_API_BASE_URL.",
    ),
    "doctor_api_refused": (
        "{where} 不接受这个令牌（{status}）—— 请在 @BotFather 中重新复制令牌（/token）。",
        "{where} refused the token ({status}) — copy it again from @BotFather (/token).",
    ),
    "doctor_api_unexpected": (
        "{where} 返回了意外的结果（HTTP {status}）—— 请检查 TELEGRAM_API_BASE_URL。",
        "{where} gave an unexpected answer (HTTP {status}) — check TELEGRAM_API_BASE_URL.",
    ),
    "doctor_calendar_ok": (
        "chinese-calendar {version} 覆盖 {year} 年{next_note}",
        "chinese-calendar {version} covers {year}{next_note}",
    ),
    "doctor_calendar_next_ok": ("和 {year} 年", " and {year}"),
    "doctor_calendar_next_later": (
        "；{year} 年尚未覆盖（通常在 11 月发布，届时请升级）",
        "; {year} not yet (usually published in November: upgrade then)",
    ),
    "doctor_calendar_this_missing": (
        "chinese-calendar {version} 不包含 {year} 年的节假日：工作日按周一至周五加 /holiday 调整计算 —— "
        "请升级：pip install -U chinese-calendar。",
        "chinese-calendar {version} does not know {year}'s holidays: working days fall back to Monday–Friday "
        "plus /holiday overrides — upgrade: pip install -U chinese-calendar.",
    ),
    "doctor_calendar_next_missing": (
        "chinese-calendar {version} 覆盖 {year} 年，但还没有 {next_year} 年（管理员自 11 月 1 日起会收到提醒）—— "
        "请在元旦前升级：pip install -U chinese-calendar；尚未发布时，用 /holiday 录入放假和调休。",
        "chinese-calendar {version} covers {year} but not {next_year} yet (admins are warned from November 1) — "
        "upgrade before January: pip install -U chinese-calendar; until it is out, enter holidays with /holiday.",
    ),
    "doctor_font_ok": ("{name}（{path}）", "{name} ({path})"),
    "doctor_font_missing": (
        "没有能显示中文的字体，排名图会显示方框 —— 请安装：apt-get install fonts-wqy-microhei（或 fonts-noto-cjk）。",
        "no font that can draw Chinese: the ranking chart would show boxes — install one: "
        "apt-get install fonts-wqy-microhei (or fonts-noto-cjk).",
    ),
    "doctor_all_ok": ("全部检查通过。", "All checks passed."),
    "doctor_failed": ("{count} 项检查未通过。", "{count} check(s) failed."),
}
