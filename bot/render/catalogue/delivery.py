"""Sentences of the outbox sender (notes to the admins): key → (zh, en); merged into bot.render.texts.MESSAGES.

Placeholders are filled with plain text (bot.render.marks.plain).
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "delivery_unreachable": (
        "⚠️ {who} 已屏蔽机器人，消息无法送达，已标记为“无法联系”。{dropped}对方重新给机器人发消息后自动恢复。",
        "⚠️ {who} blocked the bot: messages cannot be delivered, so they are marked unreachable. "
        "{dropped}They become reachable again when they write to the bot.",
    ),
    "delivery_dropped": (
        "共{count}条消息未送达。",
        "{count} message(s) were not delivered. ",
    ),
    "delivery_group_forbidden": (
        "⚠️ 机器人已不在{who}中（或无权发言），{count}条消息未送达。请把机器人重新拉进群，并在群里发送 /bind 重新绑定。",
        "⚠️ The bot is no longer in {who} (or may not post there): {count} message(s) were not delivered. "
        "Add the bot to the group again and send /bind there.",
    ),
    "delivery_rejected": (
        "⚠️ 发往{who}的一条消息被 Telegram 拒收：{error}\n内容开头：{preview}",
        "⚠️ Telegram refused a message to {who}: {error}\nIt began: {preview}",
    ),
    "delivery_gave_up": (
        "⚠️ 发往{who}的一条消息重试 {attempts} 次仍未送达（{error}），已放弃。\n内容开头：{preview}",
        "⚠️ A message to {who} was still not delivered after {attempts} attempts ({error}); gave up.\n"
        "It began: {preview}",
    ),
    "review_chart_missing": (
        "讲评已发布，但没有发送排名图：{error}",
        "The review is published, but the ranking chart was not sent: {error}",
    ),
    "delivery_who_person": ("{name}（ID {chat_id}）", "{name} (ID {chat_id})"),
    "delivery_who_person_unit": ("{unit} {name}（ID {chat_id}）", "{name} of {unit} (ID {chat_id})"),
    "delivery_who_group": ("群组 {title}（ID {chat_id}）", "the group {title} (ID {chat_id})"),
    "delivery_who_chat": ("会话（ID {chat_id}）", "chat {chat_id}"),
    "delivery_chat_leaders": ("领导群", "leaders' chat"),
    "delivery_chat_workgroup": ("工作群", "work group"),
}
