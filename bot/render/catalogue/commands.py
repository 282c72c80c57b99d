"""The commands as /help and the Telegram menu describe them, and /start's greeting: key → (zh, en)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "command_start": ("开始 / 绑定邀请", "start / accept an invite"),
    "command_help": ("可用命令与示例", "commands and examples"),
    "command_report": ("报送项目进度", "report progress"),
    "command_undo": ("撤回30分钟内的报送", "withdraw a report (30 min)"),
    "command_projects": ("本单位项目与序时进度", "your unit's projects"),
    "command_myflag": ("本单位红黄旗与排名", "your unit's flags and rank"),
    "command_plan": ("查看和填写整改清单", "see and fill in the rectification list"),
    "command_ranking": ("各类别排名", "standings per category"),
    "command_unit": ("查看某单位", "one unit in detail"),
    "command_lagging": ("滞后项目", "projects behind schedule"),
    "command_history": ("报送历史", "reports over time"),
    "command_plans": ("整改清单审核与销号", "review and close rectification lists"),
    "command_units": ("单位列表", "list units"),
    "command_addunit": ("新增单位", "add a unit"),
    "command_categories": ("考核类别", "assessment categories"),
    "command_invite": ("生成邀请链接", "invite a contact"),
    "command_grant": ("授予领导/管理员", "grant leader/admin"),
    "command_revoke": ("撤销角色或解除单位绑定", "revoke a role or a unit binding"),
    "command_bind": ("绑定领导群/工作群", "bind this group"),
    "command_unbind": ("解除群绑定", "unbind this group"),
    "command_review": ("预览/发布讲评", "preview/publish a review"),
    "command_override": ("调整旗帜", "override a flag"),
    "command_export": ("导出讲评表", "export the workbook"),
    "command_holiday": ("调整工作日", "set a working day/holiday"),
    # --- the examples /help shows under each command (zh with the Chinese keywords the parsers accept)
    "example_report": ("/report MS-01 60% 路基完成", "/report MS-01 60% roadbed done"),
    "example_plan": (
        "/plan MS-03 征地滞后；增派施工队；张三；2027年1月31日",
        "/plan MS-03 land acquisition late; two more crews; Zhang San; 2027-01-31",
    ),
    "example_interview": (
        "/interview 交通运输局 约谈 主要负责人说明情况",
        "/interview 交通运输局 约谈 the head explained the delay",
    ),
    "example_ranking": ("/ranking 民生实事", "/ranking 民生实事"),
    "example_unit": ("/unit 人社局", "/unit 人社局"),
    "example_history": ("/history MS-01 2026年9月1日 2026年10月31日", "/history MS-01 2026-09-01 2026-10-31"),
    "example_addunit": ("/addunit 民政局 县直部门", "/addunit 民政局 县直部门"),
    "example_alias": ("/alias 交通局 = 县交通运输局", "/alias 交通局 = 县交通运输局"),
    "example_scores": ("/scores 2026-10", "/scores 2026-10"),
    "example_invite": ("/invite 人社局 一把手", "/invite 人社局 head"),
    "example_grant": ("/grant 领导 @zhang", "/grant leader @zhang"),
    "example_revoke": ("/revoke 联络员 @wang", "/revoke contact @wang"),
    "example_bind": ("/bind 领导群", "/bind leaders"),
    "example_review": ("/review 2026-10", "/review 2026-10"),
    "example_override": (
        "/override 人社局 民生实事 无 数据有误",
        "/override 人社局 民生实事 none data error",
    ),
    "example_export": ("/export 2026-10", "/export 2026-10"),
    "example_holiday": ("/holiday 2026年10月10日 上班", "/holiday 2026-10-10 work"),
    # --- /help and /start
    "help_stranger": (
        "您还没有绑定单位或开通权限。单位联络员请点开考核办发来的邀请链接；县领导请把您的用户ID {user_id} 告知考核办，"
        "开通后会收到通知。",
        "You are not bound to a unit and have no role yet. Unit contacts: open the invite link from the assessment "
        "office. County leaders: give the office your user ID {user_id}; you will be told once it is set up.",
    ),
    "help_unit": ("所属单位：{unit}", "Unit: {unit}"),
    "help_commands": ("可用命令：", "Commands:"),
    "help_example": ("    例 {example}", "    e.g. {example}"),
    "help_tip": (
        "提示：私聊中也可以直接发送“MS-01 60% 备注”来报送。",
        "Tip: in this chat you can also just send “MS-01 60% note”.",
    ),
    "start_greeting": ("流动红黄旗助手", "flagbot · rotating red and yellow flags"),
    "start_welcome_head": ("欢迎！您已绑定为 {unit} 的一把手。", "Welcome! You now report for {unit}."),
    "start_welcome_contact": ("欢迎！您已绑定为 {unit} 的联络员。", "Welcome! You now report for {unit}."),
}
