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
    "command_revoke": ("撤销领导/管理员", "revoke leader/admin"),
    "command_bind": ("绑定领导群/工作群", "bind this group"),
    "command_unbind": ("解除群绑定", "unbind this group"),
    "command_review": ("预览/发布讲评", "preview/publish a review"),
    "command_override": ("调整旗帜", "override a flag"),
    "command_export": ("导出讲评表", "export the workbook"),
    "command_holiday": ("调整工作日", "set a working day/holiday"),
    # --- /help and /start
    "help_stranger": (
        "您还没有绑定单位：请点开考核办发给您的邀请链接。",
        "You are not bound to a unit yet: open the invite link from the assessment office.",
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
