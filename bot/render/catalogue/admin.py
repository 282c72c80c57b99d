"""Sentences of the admin commands: key → (zh, en); merged into bot.render.texts.MESSAGES.

Sent with HTML parse mode: no bare '<' or '&' here (placeholders are written as UNIT, 单位, …).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # usage, shown after every reason
    "usage_addunit": (
        "用法：/addunit 单位名称 [分组]（分组默认为“{default_group}”）\n例：/addunit 民政局 县直部门",
        "Usage: /addunit NAME [GROUP] (group defaults to “{default_group}”)\ne.g. /addunit 民政局 县直部门",
    ),
    "usage_invite": (
        "用法：/invite 单位 [一把手]（加“一把手”表示邀请单位一把手）\n例：/invite 人社局 或 /invite 人社局 一把手",
        "Usage: /invite UNIT [head] (head: invite the unit head)\ne.g. /invite 人社局 or /invite 人社局 head",
    ),
    "usage_grant": (
        "用法：/grant 领导|管理员 用户ID或@用户名\n例：/grant 领导 @zhang",
        "Usage: /grant leader|admin USER_ID|@username\ne.g. /grant leader @zhang",
    ),
    "usage_revoke": (
        "用法：/revoke 角色 用户ID或@用户名\n角色：联络员、一把手、领导、管理员\n"
        "例：/revoke 联络员 @wang 或 /revoke 领导 123456789",
        "Usage: /revoke ROLE USER_ID|@username\nROLE: contact, head, leader or admin\n"
        "e.g. /revoke contact @wang or /revoke leader 123456789",
    ),
    "usage_bind": (
        "用法：在群里发送 /bind 领导群 或 /bind 工作群",
        "Usage: in the group, send /bind leaders or /bind workgroup",
    ),
    "usage_review": (
        "用法：/review [讲评期] 预览；/review 发布 [讲评期] 直接发布（讲评期写最后一个月，如 2026-10 即9—10月）\n例：/review 2026-10",
        "Usage: /review [YYYY-MM] to preview; /review publish [YYYY-MM] to publish\ne.g. /review 2026-10",
    ),
    "usage_override": (
        "用法：/override [讲评期] 单位 考核类别 红旗|黄旗|无 理由\n例：/override 人社局 民生实事 无 数据核实有误",
        "Usage: /override [YYYY-MM] UNIT CATEGORY red|yellow|none REASON\ne.g. /override 人社局 民生实事 none data error",
    ),
    "usage_export": (
        "用法：/export [讲评期]\n例：/export 2026-10",
        "Usage: /export [YYYY-MM]\ne.g. /export 2026-10",
    ),
    "usage_holiday": (
        "用法：/holiday 日期 上班|休息（上班：调休上班；休息：放假）；只发 /holiday 查看已设置的日期\n"
        "例：/holiday 2026年10月10日 上班",
        "Usage: /holiday YYYY-MM-DD work|off; /holiday alone lists the days set\ne.g. /holiday 2026-10-10 work",
    ),
    # ledger upload
    "ledger_too_big": (
        "文件太大（{size} MB），台账文件不能超过 {limit} MB。请删去图片和无关的工作表后重新发送。",
        "The file is too large ({size} MB); a ledger may be at most {limit} MB. Remove pictures and other sheets and resend.",
    ),
    "ledger_xls": (
        "这是旧版 Excel（.xls）文件。请在 Excel 或 WPS 中“另存为” .xlsx 后重新发送。",
        "This is an old Excel (.xls) file. Save it as .xlsx in Excel or WPS and send it again.",
    ),
    "ledger_type": (
        "不支持“{name}”这种文件。台账请发送 .xlsx 或 .csv 文件。",
        "“{name}” is not a ledger file. Send an .xlsx or .csv file.",
    ),
    "ledger_rejected": ("台账未导入：{reason}。", "The ledger was not imported: {reason}."),
    "ledger_download_failed": (
        "文件下载失败，请稍后重新发送。",
        "The file could not be downloaded; please send it again later.",
    ),
    "ledger_admin_only": (
        "台账文件由考核办导入。如需为报送附上照片或文件，请在说明中写 /report 项目编号 数值，例如 /report MS-01 60%。",
        "Only the assessment office imports ledgers. To attach evidence to a report, use the caption "
        "/report CODE VALUE, e.g. /report MS-01 60%.",
    ),
    # units and categories
    "units_empty": (
        "还没有单位。发送台账文件导入，或用 /addunit 新增。",
        "There are no units yet. Send a ledger file or use /addunit.",
    ),
    "units_head": ("共{count}个单位：", "{count} unit(s):"),
    "categories_empty": (
        "还没有考核类别。导入台账时会自动创建。",
        "There are no categories yet; importing a ledger creates them.",
    ),
    "categories_head": ("共{count}个考核类别：", "{count} categor(ies):"),
    "unit_exists": (
        "单位“{name}”已经存在（分组：{group}）。",
        "The unit “{name}” already exists (group: {group}).",
    ),
    "unit_name_too_long": (
        "单位名称或分组太长（最多 {limit} 字）。",
        "The unit name or group is too long (at most {limit} characters).",
    ),
    "unit_added": ("已新增单位：{name}（分组：{group}）。", "Unit added: {name} (group: {group})."),
    "unit_new_group": (
        "注意：“{group}”是新分组，该单位只与同组单位排名。如分组写错，请联系管理员更正。",
        "Note: “{group}” is a new group; the unit is ranked only against units of its own group.",
    ),
    "category_missing": ("请写明考核类别。", "Name the category."),
    "category_not_found": (
        "没有找到考核类别“{ref}”。发送 /categories 查看全部类别。",
        "No category matches “{ref}”. See /categories.",
    ),
    "category_ambiguous": (
        "“{ref}”对应多个考核类别：\n{choices}",
        "“{ref}” matches several categories:\n{choices}",
    ),
    # invites, roles, chats
    "invite_wrong_order": (
        "请先写单位，再写“一把手”。",
        "Write the unit first, then head.",
    ),
    "invite_created": (
        "{unit}的{role}邀请链接（仅限一人使用，{expires}前有效）：\n{link}\n请转发给对方，点开后按“开始”即可绑定。",
        "Invite for a {role} of {unit} (single use, valid until {expires}):\n{link}\n"
        "Forward it; opening it and pressing Start binds them.",
    ),
    "invite_needs_username": (
        "机器人还没有用户名，无法生成链接。",
        "The bot has no username yet, so no link can be made.",
    ),
    "role_args": (
        "请写明角色（领导 或 管理员）和用户。",
        "Give the role (leader or admin) and the user.",
    ),
    "role_wrong_order": (
        "请先写角色（联络员、一把手、领导 或 管理员），再写用户。",
        "Write the role (contact, head, leader or admin) first, then the user.",
    ),
    "role_granted": ("已授予 {name}（{user_id}）{role}权限。", "{name} ({user_id}) is now a {role}."),
    "role_revoked": ("已撤销 {name}（{user_id}）的{role}权限。", "{name} ({user_id}) is no longer a {role}."),
    "chat_bound": (
        "本群已绑定为{kind}。讲评结果将发到这里。",
        "This group is now {kind}. Review results will be posted here.",
    ),
    "chat_unbound": ("已解除本群的绑定（{kinds}）。", "This group is no longer bound ({kinds})."),
    # reviews
    "period_future": ("{period}讲评期还没有开始。", "The period {period} has not begun yet."),
    "review_args": ("最多写一个讲评期。", "Give at most one period."),
    "override_args": (
        "请依次写明单位、考核类别、旗帜和理由。",
        "Give the unit, the category, the flag and the reason, in that order.",
    ),
    "override_wrong_order": (
        "顺序不对：先写单位，再写考核类别，然后是旗帜和理由。",
        "Wrong order: the unit first, then the category, then the flag and the reason.",
    ),
    "review_preview_footer": (
        "这是{period}讲评的预览，尚未发布。确认无误后按“发布”。",
        "This is a preview of the {period} review; it is not published. Press Publish when it is right.",
    ),
    "review_preview_provisional": (
        "报送尚未截止，以上为临时结果，截止后才能发布。",
        "Reports are still open: these figures are provisional and can be published only after the deadline.",
    ),
    "review_no_entries": (
        "这一期没有参评项目（项目开始日期都在本期之后，或还没有导入台账）。",
        "No project counts in this period (none started by its last day, or no ledger yet).",
    ),
    "review_published": (
        "{period}讲评已发布。公告将发送至{where}；{yellow}个落后黄旗单位的联络员将收到整改通知。",
        "The {period} review is published. The announcement will be sent to {where}; contacts of {yellow} "
        "yellow-flag unit(s) will be asked for a rectification plan.",
    ),
    "review_published_unbound": (
        "{period}讲评已发布。注意：还没有绑定领导群或工作群，公告没有发送对象（在群里发送 /bind 领导群 绑定）；"
        "{yellow}个落后黄旗单位的联络员将收到整改通知。",
        "The {period} review is published. Note: no leaders' chat or work group is bound, so the announcement "
        "goes nowhere (send /bind leaders in the group); contacts of {yellow} yellow-flag unit(s) will be told.",
    ),
    "review_published_mark": ("✅ 已于{at}发布", "✅ Published {at}"),
    "review_cancelled_mark": ("已取消，未发布。", "Cancelled; not published."),
    "button_done": (
        "这个按钮已经处理过了，不会重复执行。",
        "This button was already used; nothing is done twice.",
    ),
    "button_expired": (
        "这个按钮已失效。请重新发送 /review。",
        "This button is no longer valid. Send /review again.",
    ),
    "override_done": (
        "已调整{period}讲评：{unit}“{category}”改为{flag}（原评定：{proposed}）。理由已记入审计日志，并将在讲评中注明。",
        "{period}: {unit} in “{category}” set to {flag} (computed: {proposed}). The reason is in the audit "
        "log and will be shown in the review.",
    ),
    "flag_invalid": (
        "旗帜只能写 红旗、黄旗 或 无（收到“{text}”）。",
        "The flag must be red, yellow or none (got “{text}”).",
    ),
    "export_caption": ("{period}讲评表（{state}）", "{period} review workbook ({state})"),
    # calendar
    "holiday_date_invalid": (
        "“{text}”不是日期，请写成 2026年10月10日 这样的格式。",
        "“{text}” is not a date; write YYYY-MM-DD, e.g. 2026-10-10.",
    ),
    "holiday_kind_invalid": (
        "请写“上班”或“休息”（收到“{text}”）。",
        "Write work or off (got “{text}”).",
    ),
    "holiday_set": ("已设置：{day}{kind}。", "Set: {day} is a {kind}."),
    "holiday_none": ("还没有手动设置的工作日或假日。", "No working days or days off have been set by hand."),
    "holiday_head": (
        "手动设置的日期（共{count}个，优先于法定节假日安排）：",
        "Days set by hand ({count}; they take precedence over the official calendar):",
    ),
    # --- the answer to a ledger import (bot.render.ledger)
    "ledger_import_rejected": (
        "台账未导入：发现{count}处问题，请修改后重新提交整个文件。",
        "The ledger was NOT imported: {count} problem(s). Fix them and send the whole file again.",
    ),
    "ledger_import_row": ("第 {row} 行", "row {row}"),
    "ledger_import_more": ("……另有{count}处", "… and {count} more"),
    "ledger_imported": (
        "台账导入成功：新增 {created} 个项目，更新 {updated} 个，未变 {unchanged} 个；记录完成情况 {reports} 条。",
        "Ledger imported: {created} new, {updated} updated, {unchanged} unchanged projects; "
        "{reports} progress value(s) recorded.",
    ),
    "ledger_new_units": ("新增单位：{names}", "New units: {names}"),
    "ledger_new_categories": ("新增考核类别：{names}", "New categories: {names}"),
    # --- lists, invites, calendar and flags as the admin sees them (bot.render.admin)
    "units_group": ("【{group}】{count} 个", "【{group}】{count} units"),
    "units_line": (
        "• {name} · 项目 {projects} · 联络员 {people}",
        "• {name} · {projects} project(s) · {people} contact(s)",
    ),
    "categories_line": ("• {name} · 项目 {projects}", "• {name} · {projects} project(s)"),
    "invite_role_head": ("一把手", "unit head"),
    "invite_role_contact": ("联络员", "contact"),
    "weekday_mon": ("周一", "Mon"),
    "weekday_tue": ("周二", "Tue"),
    "weekday_wed": ("周三", "Wed"),
    "weekday_thu": ("周四", "Thu"),
    "weekday_fri": ("周五", "Fri"),
    "weekday_sat": ("周六", "Sat"),
    "weekday_sun": ("周日", "Sun"),
    "holiday_day": ("{day}（{weekday}）", "{day} ({weekday})"),
    "holiday_working": ("上班（工作日）", "working day"),
    "holiday_off": ("休息（节假日）", "day off"),
    "flag_no_flag": ("无旗", "no flag"),
    "chat_kind_leaders": ("领导群", "the leaders' chat"),
    "chat_kind_workgroup": ("工作群", "the county work group"),
    "export_state_draft": ("草稿", "draft"),
}
