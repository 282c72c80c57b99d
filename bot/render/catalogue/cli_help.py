"""`flagbot --help` and each command's help (bot/cli): key → (zh, en); merged into bot.render.texts.MESSAGES."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # argparse's own words
    "cli_usage": ("用法：", "usage: "),
    "cli_positionals": ("参数", "positional arguments"),
    "cli_options": ("选项", "options"),
    "cli_help": ("显示本帮助并退出", "show this help message and exit"),
    "cli_description": ("流动红黄旗 — 县考核办的讲评机器人", "流动红黄旗 — the county's flag bot"),
    "cli_command": ("命令", "COMMAND"),
    "cli_error": (
        "{{prog}}：命令有误（{{detail}}）。发送 flagbot --help 查看可用的命令和参数。",
        "{{prog}}: error: {{detail}}. See flagbot --help.",
    ),
    # the commands
    "cli_run": (
        "运行机器人（长轮询；须设置 TELEGRAM_TOKEN）",
        "run the bot (long polling; TELEGRAM_TOKEN required)",
    ),
    "cli_demo": ("运行离线演示（无需 Telegram）", "run the offline demo (no Telegram needed)"),
    "cli_demo_output": (
        "写入对话记录、图表和文件的文件夹",
        "folder for the transcript, charts and documents",
    ),
    "cli_db": ("数据库维护", "database maintenance"),
    "cli_db_upgrade": ("升级数据库结构", "apply the migrations"),
    "cli_import": ("导入项目台账（.xlsx 或 .csv）", "import a ledger (.xlsx or .csv)"),
    "cli_file": ("文件", "the file"),
    "cli_import_dry_run": ("只显示将会作出的变更，不导入", "only show what would change"),
    "cli_import_allow_decrease": (
        "允许台账调低项目的累计完成（须同时写 --note）",
        "let the ledger lower a project's 累计完成 (needs --note)",
    ),
    "cli_import_note": (
        "调低累计完成的原因（随报送记录和操作日志保存）",
        "the reason for lowering 累计完成 (stored with the reports and the audit log)",
    ),
    "cli_alias": (
        "单位别名：列出、add 别名 单位、remove 别名",
        "unit aliases: list, add ALIAS UNIT, remove ALIAS",
    ),
    "cli_alias_add": (
        "今后别名即指该单位（如 交通局 县交通运输局）",
        "ALIAS means UNIT from now on (e.g. 交通局 县交通运输局)",
    ),
    "cli_alias_remove": ("删除一个别名", "forget an alias"),
    "cli_report": ("报送项目累计完成情况", "record cumulative progress of a project"),
    "cli_report_project": ("项目编号或项目名称的一部分", "project code or part of its name"),
    "cli_report_value": (
        "累计完成量，或占年度目标的百分比（如 60%%）",
        "cumulative amount, or a percentage of the target like 60%%",
    ),
    "cli_report_note": ("备注：存在问题、下步措施", "problems, next steps"),
    "cli_report_at": (
        "报送时间，ISO 格式（默认现在，按 TIMEZONE）",
        "when it was reported, ISO time (default: now, in TIMEZONE)",
    ),
    "cli_report_yes": ("确认调低或超过年度目标的数值", "confirm a decrease or a value above the target"),
    "cli_review": ("计算（并发布）一期讲评", "compute (and publish) the review of a period"),
    "cli_period": (
        "讲评期最后一个月，写作 YYYY-MM（默认最近一个已截止的讲评期）",
        "YYYY-MM, the period's last month (default: the last closed period)",
    ),
    "cli_review_publish": ("发布（每期一次）", "publish it (once per period)"),
    "cli_review_json": (
        "输出机器可读的 JSON（docs/review-json.md）",
        "machine-readable output (docs/review-json.md)",
    ),
    "cli_scores": ("按指标得分类别的评分表", "score sheets of indicator-scored categories"),
    "cli_scores_import": (
        "导入评分表（单位、考核类别、得分[、加减分、说明]）",
        "import a score sheet (单位, 考核类别, 得分[, 加减分, 说明])",
    ),
    "cli_scores_period": ("讲评期最后一个月，写作 YYYY-MM", "YYYY-MM, the period's last month"),
    "cli_export": ("写出讲评表、通报或讲评会幻灯片", "write the review's workbook, 通报 or slides"),
    "cli_export_output": (
        "文件.xlsx、文件.docx 或 文件.pptx；或 文件夹/ 写出全部三份（默认在当前目录写讲评表）",
        "FILE.xlsx, FILE.docx or FILE.pptx; or DIR/ for all three (default: the workbook here)",
    ),
    "cli_backup": ("写出数据库的一致副本", "write a consistent copy of the database"),
    "cli_output": ("要写入的文件", "file to write"),
    "cli_restore": (
        "用备份替换数据库（请先停止机器人）",
        "replace the database with a backup (stop the bot first)",
    ),
    "cli_restore_file": ("由 flagbot backup 写出的文件", "a file written by `flagbot backup`"),
    "cli_restore_yes": ("确认替换数据库中的全部内容", "yes, replace everything in the database"),
    "cli_doctor": (
        "检查设置、令牌、数据库、Bot API、日历和字体",
        "check settings, token, database, Bot API, calendar and font",
    ),
    "cli_doctor_timeout": (
        "数据库和 getMe 的超时秒数（默认 5）",
        "seconds for the database and getMe (default 5)",
    ),
}
