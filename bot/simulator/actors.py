"""Script-side handles: a simulated user and a simulated chat.

They hold the per-user / per-chat state (message store, blocking, migration) and forward actions
to the owning simulator, so the Python API and the HTTP control endpoints change the same objects.
Message dicts are never mutated after creation (edits store a new dict), which lets the server hand
out references without copying.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .markup import command_entities

if TYPE_CHECKING:
    from .state import SimState

Message = dict[str, Any]


class SimChat:
    """A private chat, group or supergroup as the simulated Telegram server knows it."""

    def __init__(
        self,
        sim: SimState,
        chat_id: int,
        chat_type: str,
        *,
        title: str | None = None,
        username: str | None = None,
        user: SimUser | None = None,
    ) -> None:
        self._sim = sim
        self.id, self.type, self.title, self.username, self.user = chat_id, chat_type, title, username, user
        self.info: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if user is not None:
            self.info.update(
                {k: v for k, v in user.info.items() if k in ("first_name", "last_name", "username")}
            )
        else:
            self.info["title"] = title or f"Group {chat_id}"
            if username:
                self.info["username"] = username
        self.messages: dict[int, Message] = {}  # message_id -> current version, in send order
        self.bot_ids: list[int] = []  # ids of messages the bot sent, in order
        self.deleted: set[int] = set()
        self.markups: dict[int, Any] = {}  # reply keyboards etc.: not echoed by Telegram, kept for tests
        self.menu_button: dict[str, Any] = {"type": "default"}
        self.migrated_to: int | None = None
        self.bot_status = "member"  # "kicked" after remove_bot()
        self.members: dict[int, str] = {}  # user id -> "member" | "administrator" | "creator"
        self._last_id = 0

    @property
    def is_group(self) -> bool:
        return self.type != "private"

    def next_message_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def bot_messages(self) -> list[Message]:
        """Current versions of every message the bot sent here (edits applied)."""
        return [self.messages[i] for i in self.bot_ids]

    def migrate_to(self, new_chat_id: int) -> SimChat:
        """Upgrade the group to a supergroup: sends to the old id get 400 + migrate_to_chat_id."""
        return self._sim.migrate_chat(self, new_chat_id)

    def set_admin(self, user: SimUser, creator: bool = False) -> None:
        self.members[user.id] = "creator" if creator else "administrator"

    def add_bot(self, by: SimUser | None = None) -> None:
        """The bot joins (again): emits my_chat_member like Telegram."""
        self._sim.set_bot_membership(self, "member", by)

    def remove_bot(self, by: SimUser | None = None) -> None:
        """The bot is kicked: later sends get 403."""
        self._sim.set_bot_membership(self, "kicked", by)

    def __repr__(self) -> str:
        return f"SimChat({self.id}, {self.type}, {self.title or self.info.get('first_name')!r})"


class SimUser:
    """A Telegram user driven by a test script. Private chat id == user id."""

    def __init__(
        self,
        sim: SimState,
        user_id: int,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        started: bool = True,
    ) -> None:
        self._sim = sim
        self.id = user_id
        self.info: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value is not None:
                self.info[key] = value
        self.started = started  # False: the bot may not write first (403), like a real Telegram user
        self.blocked = False
        self._marks: dict[int, int] = {}  # chat id -> index into chat.bot_ids already "seen"
        self.chat = SimChat(sim, user_id, "private", user=self)

    @property
    def name(self) -> str:
        return " ".join(filter(None, (self.info["first_name"], self.info.get("last_name"))))

    def _target(self, chat: SimChat | int | None) -> SimChat:
        if chat is None:
            return self.chat
        return chat if isinstance(chat, SimChat) else self._sim.chat(chat)

    def send(
        self,
        text: str,
        chat: SimChat | int | None = None,
        *,
        date: datetime | int | None = None,
        reply_to: Message | None = None,
        entities: list[dict[str, Any]] | None = None,
    ) -> Message:
        """Send a text message (private chat by default); a leading /command gets its entity."""
        fields: dict[str, Any] = {"text": text}
        ents = command_entities(text) if entities is None else entities
        if ents:
            fields["entities"] = ents
        return self._sim.user_message(self, self._target(chat), fields, date=date, reply_to=reply_to)

    def _with_caption(self, fields: dict[str, Any], caption: str | None) -> dict[str, Any]:
        if caption:
            fields["caption"] = caption
            if ents := command_entities(caption):
                fields["caption_entities"] = ents
        return fields

    def send_document(
        self,
        data: bytes,
        filename: str,
        caption: str | None = None,
        chat: SimChat | int | None = None,
        *,
        mime_type: str | None = None,
        date: datetime | int | None = None,
    ) -> Message:
        """Send a file; the bot can getFile + download it from /file/bot<token>/<file_path>."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._sim.store_file(data, "document", file_name=filename, mime_type=mime)
        fields = self._with_caption({"document": stored.meta()}, caption)
        return self._sim.user_message(self, self._target(chat), fields, date=date)

    def send_photo(
        self,
        data: bytes,
        caption: str | None = None,
        chat: SimChat | int | None = None,
        *,
        date: datetime | int | None = None,
    ) -> Message:
        """Send a photo (one PhotoSize; PNG dimensions are read from the header)."""
        stored = self._sim.store_file(data, "photo", mime_type="image/jpeg")
        fields = self._with_caption({"photo": [stored.meta()]}, caption)
        return self._sim.user_message(self, self._target(chat), fields, date=date)

    def edit(self, message: Message, text: str) -> Message:
        """Edit one of this user's text messages: emits an edited_message update."""
        return self._sim.user_edit(self, message, text)

    def edit_caption(self, message: Message, caption: str) -> Message:
        """Edit the caption of one of this user's photos or documents: emits an edited_message update."""
        return self._sim.user_edit(self, message, caption, caption=True)

    def press(self, message: Message, data: str, *, check: bool = True) -> dict[str, Any]:
        """Press an inline button by its callback_data; returns the callback_query sent to the bot.
        With check=True the data must be on the message's current keyboard."""
        return self._sim.press(self, message, data, check=check)

    def press_button(self, message: Message, text: str) -> dict[str, Any]:
        """Press the inline button whose label equals (else contains) `text`."""
        buttons = self._sim.buttons_of(message)
        match = next((b for b in buttons if b.get("text") == text), None) or next(
            (b for b in buttons if text in b.get("text", "")), None
        )
        if match is None or "callback_data" not in match:
            labels = [b.get("text") for b in buttons]
            raise ValueError(f"no callback button {text!r} on message; buttons: {labels}")
        return self._sim.press(self, message, match["callback_data"], check=False)

    def block_bot(self) -> None:
        """Block the bot: later sends to this user get 403 Forbidden: bot was blocked by the user."""
        self._sim.set_blocked(self, True)

    def unblock_bot(self) -> None:
        self._sim.set_blocked(self, False)

    def mark(self, chat: SimChat | int | None = None) -> None:
        """Forget bot messages so far: wait_replies() counts from here."""
        target = self._target(chat)
        self._marks[target.id] = len(target.bot_ids)

    def replies(self, chat: SimChat | int | None = None) -> list[Message]:
        """Bot messages in the chat since the mark (no waiting, mark unchanged)."""
        target = self._target(chat)
        return [target.messages[i] for i in target.bot_ids[self._marks.get(target.id, 0) :]]

    async def wait_replies(
        self, n: int = 1, timeout: float = 5.0, chat: SimChat | int | None = None
    ) -> list[Message]:
        """Wait for the next `n` bot messages in the chat (since this user's last send there or the
        last mark/wait) and return them; the mark advances past them. Raises TimeoutError."""
        target = self._target(chat)
        start = self._marks.get(target.id, 0)

        def describe() -> str:
            got = [m.get("text") or m.get("caption") for m in target.bot_messages()[start:]]
            return f"{n} bot message(s) in chat {target.id} (got {len(got)}: {got!r})"

        await self._sim.wait_for(lambda: len(target.bot_ids) >= start + n, timeout, describe)
        self._marks[target.id] = start + n
        return [target.messages[i] for i in target.bot_ids[start : start + n]]

    def __repr__(self) -> str:
        return f"SimUser({self.id}, {self.name!r})"


def message_ref(message: Mapping[str, Any]) -> tuple[int, int]:
    """(chat id, message id) of a Message dict."""
    return int(message["chat"]["id"]), int(message["message_id"])
