"""Bot API methods: validation and effects, with Telegram's error texts.

Each handler takes the state and a decoded Request and returns the JSON `result` or raises
ApiError. Method names are matched case-insensitively, as the Bot API does. Unknown methods answer
`true` (a `send*` one a bare Message so PTB can parse it) and are recorded like the rest.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .actors import Message, SimChat
from .markup import MAX_CAPTION, MAX_TEXT, ParseError, render, utf16_len
from .state import ApiError, SimState, StoredFile, epoch

MAX_UPLOAD = 50 * 1024 * 1024  # bots may upload up to 50 MB
MAX_DOWNLOAD = 20 * 1024 * 1024  # and download up to 20 MB via getFile
# Parameters that carry JSON objects / arrays; in form and multipart bodies they arrive as strings.
JSON_FIELDS = frozenset(
    [
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "scope",
        "commands",
        "menu_button",
        "media",
        "message_ids",
        "permissions",
        "rights",
        "results",
        "options",
        "reaction",
        "explanation_entities",
        "question_entities",
        "prices",
    ]
)
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
BUTTON_ACTIONS = [
    "callback_data",
    "url",
    "login_url",
    "web_app",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
]
ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
}


@dataclass(slots=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    data: bytes
    content_type: str | None


@dataclass(slots=True)
class Request:
    """A decoded Bot API call; handlers fill in chat_id and stored files for the log."""

    method: str
    params: dict[str, Any]
    uploads: dict[str, Upload] = field(default_factory=dict)
    chat_id: int | None = None
    stored: dict[str, StoredFile] = field(default_factory=dict)


def decode_params(raw: dict[str, Any]) -> dict[str, Any]:
    """JSON-decode the object-valued fields that form bodies carry as strings (PTB sends those)."""
    for key in JSON_FIELDS.intersection(raw):
        value = raw[key]
        if isinstance(value, str):
            try:
                raw[key] = json.loads(value)
            except ValueError:
                raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from None
    return raw


def as_int(value: Any, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


def as_bool(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1"))


# --------------------------------------------------------------------------- shared checks
def resolve_chat(sim: SimState, req: Request, *, sending: bool = True, key: str = "chat_id") -> SimChat:
    """Find the target chat with Telegram's errors (not found, migrated, blocked, kicked)."""
    raw = req.params.get(key)
    if raw is None or raw == "":
        raise ApiError(400, f"Bad Request: {key} is empty")
    if isinstance(raw, str) and raw.startswith("@"):
        chat = sim.chats_by_username.get(raw[1:].lower())
    else:
        chat = sim.chats.get(as_int(raw, key) or 0)
    if chat is None:
        raise ApiError(400, "Bad Request: chat not found")
    req.chat_id = chat.id
    if chat.migrated_to is not None:
        raise ApiError(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": chat.migrated_to},
        )
    if sending and chat.user is not None:
        if chat.user.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if not chat.user.started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
    elif sending and chat.bot_status != "member":
        raise ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
    return chat


def check_text(req: Request, key: str, limit: int) -> tuple[str, list[dict[str, Any]] | None]:
    """Parse and length-check text or caption; returns (visible text, entities)."""
    p = req.params
    text = p.get(key)
    if key == "text" and (text is None or not str(text).strip()):
        raise ApiError(400, "Bad Request: message text is empty")
    text = str(text or "")
    try:
        plain, entities = render(text, p.get("parse_mode"))
    except ParseError as exc:
        raise ApiError(400, f"Bad Request: can't parse entities: {exc}") from None
    if key == "text" and not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if utf16_len(plain) > limit:  # Telegram counts UTF-16 code units of the parsed text
        raise ApiError(
            400,
            "Bad Request: message is too long"
            if key == "text"
            else "Bad Request: message caption is too long",
        )
    given = p.get("entities" if key == "text" else "caption_entities")
    return plain, entities or (given if isinstance(given, list) and given else None)


def check_markup(markup: Any) -> dict[str, Any] | None:
    """Validate reply_markup; return it if it is an inline keyboard (the only kind echoed back)."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
    buttons = [b for row in rows for b in row]
    if len(buttons) > 100:
        raise ApiError(400, "Bad Request: reply markup is too long")
    for b in buttons:
        if not isinstance(b, dict) or not b.get("text"):
            raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text must be non-empty")
        if "callback_data" in b:
            if not 1 <= len(str(b["callback_data"]).encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        elif "url" in b and not b["url"]:
            raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        elif not any(k in b for k in BUTTON_ACTIONS):
            raise ApiError(
                400,
                "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
            )
    return markup


def reply_target(chat: SimChat, p: dict[str, Any]) -> Message | None:
    given = p.get("reply_parameters")
    params: dict[str, Any] = given if isinstance(given, dict) else {}
    mid = as_int(params.get("message_id", p.get("reply_to_message_id")), "reply message identifier")
    if not mid:
        return None
    target = chat.messages.get(mid)
    if target is None or mid in chat.deleted:
        if as_bool(params.get("allow_sending_without_reply", p.get("allow_sending_without_reply"))):
            return None
        raise ApiError(400, "Bad Request: message to be replied not found")
    return target


def deliver(sim: SimState, req: Request, chat: SimChat, fields: dict[str, Any]) -> Message:
    """Common tail of every send: keyboard, reply, store."""
    markup = req.params.get("reply_markup")
    inline = check_markup(markup)
    reply_to = reply_target(chat, req.params)
    if inline is not None:
        fields["reply_markup"] = inline
    msg = sim.bot_message(chat, fields, reply_to)
    if markup is not None and inline is None:
        chat.markups[msg["message_id"]] = markup
    return msg


def input_file(sim: SimState, req: Request, key: str, kind: str, value: Any = None) -> StoredFile:
    """Resolve an uploaded part, attach:// reference, known file_id or URL into a stored file."""
    value = req.params.get(key) if value is None else value
    upload = req.uploads.get(key)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = req.uploads.get(value.removeprefix("attach://"))
    if upload is not None:
        if not upload.data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        if len(upload.data) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        mime = upload.content_type or ("image/jpeg" if kind == "photo" else None)
        stored = sim.store_file(upload.data, kind, file_name=upload.filename, mime_type=mime)
    elif isinstance(value, str) and value in sim.files:
        stored = sim.files[value]
    elif isinstance(value, str) and value.startswith(("http://", "https://")):
        stored = sim.store_file(b"", kind, file_name=value.rsplit("/", 1)[-1] or None)
    elif value:
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
    else:
        raise ApiError(400, f"Bad Request: there is no {key} in the request")
    req.stored[key] = stored
    return stored


def media_fields(kind: str, stored: StoredFile) -> dict[str, Any]:
    return {"photo": [stored.meta()]} if kind == "photo" else {kind: stored.meta()}


# --------------------------------------------------------------------------- methods
def send_message(sim: SimState, req: Request) -> Message:
    chat = resolve_chat(sim, req)
    text, entities = check_text(req, "text", MAX_TEXT)
    return deliver(sim, req, chat, {"text": text, **({"entities": entities} if entities else {})})


def _caption_fields(req: Request) -> dict[str, Any]:
    if not req.params.get("caption"):
        return {}
    caption, entities = check_text(req, "caption", MAX_CAPTION)
    return {"caption": caption, **({"caption_entities": entities} if entities else {})}


def send_media(kind: str) -> Callable[[SimState, Request], Message]:
    def handler(sim: SimState, req: Request) -> Message:
        chat = resolve_chat(sim, req)
        caption = _caption_fields(req)
        stored = input_file(sim, req, kind, kind)
        req.params[kind] = stored.meta()  # the log shows metadata, the bytes are in SentCall.files
        return deliver(sim, req, chat, {**media_fields(kind, stored), **caption})

    return handler


def send_media_group(sim: SimState, req: Request) -> list[Message]:
    chat = resolve_chat(sim, req)
    media = req.params.get("media")
    if not isinstance(media, list) or not 1 <= len(media) <= 10:
        raise ApiError(400, "Bad Request: wrong number of media items")
    group_id = str(sim.next_seq())
    out = []
    for i, item in enumerate(media):
        kind = item.get("type", "document")
        stored = input_file(sim, req, f"media{i}", kind, item.get("media"))
        fields = {"media_group_id": group_id, **media_fields(kind, stored)}
        if item.get("caption"):
            fields["caption"] = item["caption"]
        out.append(sim.bot_message(chat, fields))
    return out


def send_other(sim: SimState, req: Request) -> Message:
    """sendLocation, sendPoll, ...: a bare message PTB can parse; the params are in the log."""
    return sim.bot_message(resolve_chat(sim, req), {})


def copy_or_forward(forward: bool) -> Callable[[SimState, Request], Any]:
    def handler(sim: SimState, req: Request) -> Any:
        source = resolve_chat(sim, req, sending=False, key="from_chat_id")
        original = source.messages.get(as_int(req.params.get("message_id"), "message identifier") or 0)
        if original is None:
            raise ApiError(400, "Bad Request: message to copy not found")
        chat = resolve_chat(sim, req)
        content = ("text", "entities", "caption", "caption_entities", "photo", "document")
        fields = {k: original[k] for k in content if k in original}
        if forward:
            origin = {"type": "user", "sender_user": original["from"], "date": original["date"]}
            return sim.bot_message(chat, {"forward_origin": origin, **fields})
        return {"message_id": deliver(sim, req, chat, fields)["message_id"]}

    return handler


def _edit_target(sim: SimState, req: Request) -> tuple[SimChat, Message]:
    chat = resolve_chat(sim, req)
    mid = as_int(req.params.get("message_id"), "message identifier") or 0
    msg = chat.messages.get(mid)
    if msg is None or mid in chat.deleted:
        raise ApiError(400, "Bad Request: message to edit not found")
    if msg["from"]["id"] != sim.bot_info["id"]:
        raise ApiError(400, "Bad Request: message can't be edited")
    return chat, msg


def edit_message(part: str) -> Callable[[SimState, Request], Any]:
    """editMessageText / editMessageCaption / editMessageReplyMarkup."""

    def handler(sim: SimState, req: Request) -> Any:
        if req.params.get("inline_message_id"):
            return True  # inline messages are not stored
        chat, old = _edit_target(sim, req)
        new = {k: v for k, v in old.items() if k not in ("reply_markup", "edit_date")}
        if part == "text":
            if "text" not in old:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            text, entities = check_text(req, "text", MAX_TEXT)
            new.pop("entities", None)
            new.update(text=text, **({"entities": entities} if entities else {}))
        elif part == "caption":
            if "text" in old:
                raise ApiError(400, "Bad Request: there is no caption in the message to edit")
            for key in ("caption", "caption_entities"):
                new.pop(key, None)
            new.update(_caption_fields(req))
        inline = check_markup(req.params.get("reply_markup"))
        if inline is not None:
            new["reply_markup"] = inline
        if all(
            new.get(k) == old.get(k)
            for k in ("text", "entities", "caption", "caption_entities", "reply_markup")
        ):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        new["edit_date"] = epoch(None)
        sim.replace_message(chat, new)
        return new

    return handler


def delete_message(sim: SimState, req: Request) -> bool:
    chat = resolve_chat(sim, req, sending=False)
    ids = req.params.get("message_ids") or [req.params.get("message_id")]
    for raw in ids:
        mid = as_int(raw, "message identifier") or 0
        if (mid not in chat.messages or mid in chat.deleted) and req.method.lower() == "deletemessage":
            raise ApiError(400, "Bad Request: message to delete not found")
        chat.deleted.add(mid)
    sim.poke()
    return True


def answer_callback_query(sim: SimState, req: Request) -> bool:
    entry = sim.callbacks.get(str(req.params.get("callback_query_id")))
    if entry is None or entry["answer"] is not None:
        raise ApiError(
            400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
        )
    if len(str(req.params.get("text") or "")) > 200:
        raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
    req.chat_id = entry["query"]["message"]["chat"]["id"]
    entry["answer"] = {k: v for k, v in req.params.items() if k != "callback_query_id"}
    sim.poke()
    return True


def get_file(sim: SimState, req: Request) -> dict[str, Any]:
    stored = sim.files.get(str(req.params.get("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: wrong file_id or the file is temporarily unavailable")
    if stored.size > MAX_DOWNLOAD:
        raise ApiError(400, "Bad Request: file is too big")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }


def get_me(sim: SimState, req: Request) -> dict[str, Any]:
    extra = {"can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
    return {**sim.bot_info, **extra, "can_connect_to_business": False, "has_main_web_app": False}


def get_chat(sim: SimState, req: Request) -> dict[str, Any]:
    chat = resolve_chat(sim, req, sending=False)
    gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
        False,
    )
    return {**chat.info, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": gifts}


def member_json(sim: SimState, chat: SimChat, user_id: int) -> dict[str, Any]:
    if user_id == sim.bot_info["id"]:
        user, status = sim.bot_info, chat.bot_status
    elif (sim_user := sim.users.get(user_id)) is not None:
        user = sim_user.info
        status = "member" if chat.id == user_id else chat.members.get(user_id, "left")
    else:
        raise ApiError(400, "Bad Request: user not found")
    out: dict[str, Any] = {"user": user, "status": status}
    if status == "administrator":
        out.update(ADMIN_RIGHTS)
    elif status == "creator":
        out["is_anonymous"] = False
    elif status == "kicked":
        out["until_date"] = 0
    return out


def get_chat_member(sim: SimState, req: Request) -> dict[str, Any]:
    chat = resolve_chat(sim, req, sending=False)
    return member_json(sim, chat, as_int(req.params.get("user_id"), "user_id") or 0)


def get_chat_administrators(sim: SimState, req: Request) -> list[dict[str, Any]]:
    chat = resolve_chat(sim, req, sending=False)
    admins = [uid for uid, status in chat.members.items() if status in ("administrator", "creator")]
    return [member_json(sim, chat, uid) for uid in admins]


def get_chat_member_count(sim: SimState, req: Request) -> int:
    return len(resolve_chat(sim, req, sending=False).members) + 1


def set_my_commands(sim: SimState, req: Request) -> bool:
    commands = req.params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError(400, "Bad Request: can't parse commands JSON object")
    for c in commands:
        if not isinstance(c, dict) or not COMMAND_RE.fullmatch(str(c.get("command", ""))):
            raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(c.get("description", "")).strip()) <= 256:
            raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
    key = sim.commands_key(req.params.get("scope"), req.params.get("language_code"))
    sim.my_commands[key] = commands
    return True


def get_my_commands(sim: SimState, req: Request) -> list[dict[str, Any]]:
    return sim.commands(req.params.get("scope"), req.params.get("language_code") or "")


def delete_my_commands(sim: SimState, req: Request) -> bool:
    sim.my_commands.pop(sim.commands_key(req.params.get("scope"), req.params.get("language_code")), None)
    return True


def set_chat_menu_button(sim: SimState, req: Request) -> bool:
    button = req.params.get("menu_button") or {"type": "default"}
    if req.params.get("chat_id"):
        resolve_chat(sim, req, sending=False).menu_button = button
    else:
        sim.default_menu_button = button
    return True


def get_chat_menu_button(sim: SimState, req: Request) -> dict[str, Any]:
    if req.params.get("chat_id"):
        return resolve_chat(sim, req, sending=False).menu_button
    return sim.default_menu_button


def set_webhook(sim: SimState, req: Request) -> bool:
    if as_bool(req.params.get("drop_pending_updates")):
        sim.drop_updates()
    if req.method.lower() == "setwebhook":
        sim.webhook = {k: v for k, v in req.params.items() if k != "certificate"}
    else:
        sim.webhook = {}
    return True


def get_webhook_info(sim: SimState, req: Request) -> dict[str, Any]:
    info = {"url": sim.webhook.get("url", ""), "has_custom_certificate": False}
    return {**info, "pending_update_count": sim.pending_updates}


Handler = Callable[[SimState, Request], Any]
METHODS: dict[str, Handler] = {
    "getme": get_me,
    "sendmessage": send_message,
    "sendphoto": send_media("photo"),
    "senddocument": send_media("document"),
    "sendaudio": send_media("audio"),
    "sendvideo": send_media("video"),
    "sendvoice": send_media("voice"),
    "sendanimation": send_media("animation"),
    "sendmediagroup": send_media_group,
    "copymessage": copy_or_forward(False),
    "forwardmessage": copy_or_forward(True),
    "editmessagetext": edit_message("text"),
    "editmessagecaption": edit_message("caption"),
    "editmessagereplymarkup": edit_message("markup"),
    "deletemessage": delete_message,
    "deletemessages": delete_message,
    "answercallbackquery": answer_callback_query,
    "sendchataction": lambda sim, req: bool(resolve_chat(sim, req)),
    "getfile": get_file,
    "getchat": get_chat,
    "getchatmember": get_chat_member,
    "getchatadministrators": get_chat_administrators,
    "getchatmembercount": get_chat_member_count,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "setchatmenubutton": set_chat_menu_button,
    "getchatmenubutton": get_chat_menu_button,
    "setwebhook": set_webhook,
    "deletewebhook": set_webhook,
    "getwebhookinfo": get_webhook_info,
}


def call_method(sim: SimState, req: Request) -> Any:
    """Run a Bot API method (getUpdates is handled by the server, it waits)."""
    name = req.method.lower()
    handler = METHODS.get(name)
    if handler is not None:
        return handler(sim, req)
    if name.startswith("send") and req.params.get("chat_id"):
        return send_other(sim, req)
    return True  # logOut, close, setMyDescription, pinChatMessage, ...: accepted and recorded
