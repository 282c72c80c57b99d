"""Human-readable views of chats: summary dicts for tests and a text transcript for the demo."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actors import SimChat


def _who(sender: dict[str, Any]) -> str:
    name = " ".join(filter(None, (sender.get("first_name"), sender.get("last_name"))))
    return f"@{sender['username']}" if sender.get("is_bot") and sender.get("username") else name


def _file(msg: dict[str, Any]) -> dict[str, Any] | None:
    if msg.get("photo"):
        return {"kind": "photo", **msg["photo"][-1]}
    for kind in ("document", "audio", "video", "voice", "animation", "sticker"):
        if kind in msg:
            return {"kind": kind, **msg[kind]}
    return None


def summarize(chat: SimChat, bot_id: int) -> list[dict[str, Any]]:
    """One dict per message in send order; `raw` is the current Message dict."""
    out = []
    for mid, msg in chat.messages.items():
        rows = (msg.get("reply_markup") or chat.markups.get(mid) or {}).get("inline_keyboard") or []
        keyboard = (chat.markups.get(mid) or {}).get("keyboard") or []
        out.append(
            {
                "message_id": mid,
                "from_bot": msg["from"]["id"] == bot_id,
                "who": _who(msg["from"]),
                "text": msg.get("text") if "text" in msg else msg.get("caption"),
                "buttons": [[b.get("text") for b in row] for row in rows],
                "callback_data": [[b.get("callback_data") or b.get("url") for b in row] for row in rows],
                "keyboard": [[b.get("text") if isinstance(b, dict) else b for b in row] for row in keyboard],
                "file": _file(msg),
                "date": msg["date"],
                "edited": "edit_date" in msg,
                "deleted": mid in chat.deleted,
                "raw": msg,
            }
        )
    return out


def _title(chat: SimChat) -> str:
    if chat.user is not None:
        handle = f" @{chat.user.info['username']}" if chat.user.info.get("username") else ""
        return f"私聊 · {chat.user.name}{handle} (id {chat.id})"
    kind = "超级群" if chat.type == "supergroup" else "群组"
    return f"{kind} · {chat.title or chat.info.get('title')} (id {chat.id})"


def render_transcript(chats: Iterable[SimChat], bot_info: dict[str, Any], *, tz: tzinfo | None = None) -> str:
    """Plain text, one block per chat with messages; Chinese-friendly (no column alignment)."""
    blocks = []
    for chat in chats:
        if not chat.messages:
            continue
        lines = [f"━━━ {_title(chat)} ━━━"]
        for item in summarize(chat, bot_info["id"]):
            msg = item["raw"]
            stamp = datetime.fromtimestamp(item["date"], tz).strftime("%m-%d %H:%M")
            who = f"🤖 {item['who']}" if item["from_bot"] else item["who"]
            flags = "（已编辑）" if item["edited"] else ""
            flags += "（已删除）" if item["deleted"] else ""
            text = item["text"]
            if text is None and "migrate_to_chat_id" in msg:
                text = f"〔群组已升级为超级群 → {msg['migrate_to_chat_id']}〕"
            elif text is None and "migrate_from_chat_id" in msg:
                text = f"〔由群组 {msg['migrate_from_chat_id']} 升级而来〕"
            body = (text or "").splitlines() or [""]
            lines.append(f"[{stamp}] {who}{flags}: {body[0]}")
            lines.extend(f"    {line}" for line in body[1:])
            if f := item["file"]:
                size = f.get("file_size", 0)
                label = f.get("file_name") or f"{f['kind']} {f.get('width', '')}x{f.get('height', '')}"
                lines.append(
                    f"    📎 {label} ({size} B)" if size < 1024 else f"    📎 {label} ({size / 1024:.1f} KB)"
                )
            for row in item["buttons"] + item["keyboard"]:
                lines.append("    " + " ".join(f"[{label}]" for label in row))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
