"""The simulator's state — the single place both the Python script API and the HTTP control
endpoints act on: users, chats, the update queue, stored files, the log of the bot's calls.

All of it lives on one asyncio loop; nothing here is thread-safe (use SimulatorThread.call from
other threads). Waiting is event-driven: every change replaces an asyncio.Event, so waiters wake
immediately instead of polling.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import struct
import time
from collections import deque
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any

from .actors import Message, SimChat, SimUser, message_ref
from .limits import FaultKind, Throttle
from .markup import command_entities
from .transcript import render_transcript, summarize

BOT_ID = 1000000001
# Telegram's "anonymous group admin" account; the sender of service messages we synthesise.
GROUP_ANONYMOUS = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
# Update types Telegram leaves out unless explicitly listed in allowed_updates.
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class ApiError(Exception):
    """A Bot API error answer: {"ok": false, "error_code", "description", "parameters"?}."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            out["parameters"] = self.parameters
        return out


# The simulator's idea of "now" for the messages it makes; the demo sets it to the bot's pinned clock so
# a transcript spanning two months reads in order. One simulator per process uses it at a time.
CLOCK: list[Callable[[], float]] = [time.time]


def epoch(date: datetime | float | None) -> int:
    """Unix time of `date` (naive datetimes are local time, as datetime.timestamp() treats them)."""
    if date is None:
        return int(CLOCK[0]())
    return int(date.timestamp()) if isinstance(date, datetime) else int(date)


def image_size(data: bytes) -> tuple[int, int]:
    """Width/height from a PNG header; a plausible default for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 800, 600


@dataclass(slots=True)
class StoredFile:
    """A file kept in memory: uploaded by the bot or sent by a simulated user."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0

    @property
    def size(self) -> int:
        return len(self.data)

    def meta(self) -> dict[str, Any]:
        """The Document / PhotoSize object Telegram puts into a Message."""
        out: dict[str, Any] = {"file_id": self.file_id, "file_unique_id": self.file_unique_id}
        if self.kind == "photo":
            out.update(width=self.width, height=self.height)
        else:
            if self.file_name:
                out["file_name"] = self.file_name
            if self.mime_type:
                out["mime_type"] = self.mime_type
        out["file_size"] = self.size
        return out


@dataclass(slots=True)
class SentCall:
    """One Bot API call the bot made (getUpdates excluded), successful or not."""

    seq: int
    method: str
    params: dict[str, Any]
    chat_id: int | None
    ts: float
    ok: bool = True
    result: Any = None
    error_code: int | None = None
    description: str | None = None
    files: dict[str, StoredFile] = field(default_factory=dict)  # uploaded in this call, by field

    @property
    def message(self) -> Message | None:
        """The Message the call produced (as returned then; later edits are separate calls)."""
        return self.result if isinstance(self.result, dict) and "message_id" in self.result else None

    def file_data(self, name: str | None = None) -> bytes:
        """Bytes of the file uploaded in this call (the only / the named one)."""
        if not self.files:
            raise KeyError(f"{self.method} call #{self.seq} uploaded no file")
        return self.files[name].data if name else next(iter(self.files.values())).data

    def to_dict(self) -> dict[str, Any]:
        out = {
            "seq": self.seq,
            "method": self.method,
            "params": self.params,
            "chat_id": self.chat_id,
            "ts": self.ts,
            "ok": self.ok,
            "result": self.result,
        }
        if not self.ok:
            out.update(error_code=self.error_code, description=self.description)
        return out


class SimState:
    """Telegram's side of the conversation: what users sent, what the bot answered."""

    def __init__(
        self, bot_username: str = "flagbot_demo_bot", *, bot_id: int = BOT_ID, bot_first_name: str = "Flagbot"
    ) -> None:
        self.bot_info: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.token: str | None = None  # the first token seen; one simulator serves one bot
        self.users: dict[int, SimUser] = {}
        self.chats: dict[int, SimChat] = {}
        self.chats_by_username: dict[str, SimChat] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.log: list[SentCall] = []
        self._log_by_chat: dict[int, list[SentCall]] = {}
        self.my_commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.default_menu_button: dict[str, Any] = {"type": "commands"}
        self.webhook: dict[str, Any] = {}
        self.callbacks: dict[str, dict[str, Any]] = {}  # query id -> {"query", "answer"}
        self.throttle = Throttle()
        # (update_id, type, update); unconfirmed updates only, so confirming is a popleft
        self._updates: deque[tuple[int, str, dict[str, Any]]] = deque()
        self._next_update_id = 1
        self._delivered_upto = 0  # highest update_id handed out by getUpdates
        self.allowed_updates: list[str] | None = None
        self._seq = itertools.count(1)
        self._updates_ev = asyncio.Event()
        self._activity_ev = asyncio.Event()
        self._inflight = 0
        self._last_activity = time.monotonic()

    # ----------------------------------------------------------------- script API: people, chats
    def user(
        self,
        user_id: int,
        first_name: str | None = None,
        last_name: str | None = None,
        *,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        started: bool = True,
    ) -> SimUser:
        """Get or create a user. `started=False`: the bot may not write first (403) until the user
        sends something in private. An existing user is returned unchanged."""
        if (existing := self.users.get(user_id)) is not None:
            return existing
        user = SimUser(
            self,
            user_id,
            first_name or f"User{user_id}",
            last_name=last_name,
            username=username,
            language_code=language_code,
            started=started,
        )
        self.users[user_id] = user
        self.chats[user_id] = user.chat
        return user

    def group(
        self, chat_id: int, title: str | None = None, *, supergroup: bool = True, username: str | None = None
    ) -> SimChat:
        """Get or create a group (negative id) the bot is a member of."""
        if (existing := self.chats.get(chat_id)) is not None:
            return existing
        if chat_id >= 0:
            raise ValueError("group chat ids are negative (supergroups look like -100...)")
        chat = SimChat(self, chat_id, "supergroup" if supergroup else "group", title=title, username=username)
        self.chats[chat_id] = chat
        if username:
            self.chats_by_username[username.lower()] = chat
        return chat

    def chat(self, chat_id: int) -> SimChat:
        try:
            return self.chats[chat_id]
        except KeyError:
            raise KeyError(f"unknown chat {chat_id}; create it with sim.user() or sim.group()") from None

    def push_raw_update(self, update: Mapping[str, Any]) -> dict[str, Any]:
        """Queue any update dict; an update_id is assigned unless given (and not already used)."""
        payload = {k: v for k, v in update.items() if k != "update_id"}
        if len(payload) != 1:
            raise ValueError("an update has exactly one field besides update_id")
        ((kind, value),) = payload.items()
        given = update.get("update_id")
        if isinstance(given, int) and given >= self._next_update_id:
            self._next_update_id = given
        return self.enqueue(kind, value)

    # ----------------------------------------------------------------- script API: inspection
    def sent(
        self, chat_id: int | None = None, method: str | None = None, ok: bool | None = None
    ) -> list[SentCall]:
        """The bot's calls in order (errors included: see .ok), optionally filtered."""
        calls = self.log if chat_id is None else self._log_by_chat.get(chat_id, [])
        wanted = method.lower() if method else None
        return [
            c for c in calls if (wanted is None or c.method.lower() == wanted) and (ok is None or c.ok is ok)
        ]

    def bot_messages(self, chat_id: int) -> list[Message]:
        """Current versions of the bot's messages in a chat."""
        return self.chat(chat_id).bot_messages()

    def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The chat's transcript: one summary dict per message (who, text, buttons, file, ...)."""
        return summarize(self.chat(chat_id), self.bot_info["id"])

    def transcript_text(self, chat_id: int | None = None, *, tz: tzinfo | None = None) -> str:
        """A readable transcript of one chat or of all chats that have messages (times in `tz`)."""
        chats = [self.chat(chat_id)] if chat_id is not None else list(self.chats.values())
        return render_transcript(chats, self.bot_info, tz=tz)

    def commands(
        self, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """Commands the bot set with setMyCommands for this scope + language."""
        return self.my_commands.get(self.commands_key(scope, language_code), [])

    @staticmethod
    def commands_key(scope: Mapping[str, Any] | None, language_code: str | None) -> tuple[str, str]:
        return json.dumps(dict(scope or {"type": "default"}), sort_keys=True), language_code or ""

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters for a pressed button, or None if unanswered."""
        entry = self.callbacks.get(str(query_id))
        return entry["answer"] if entry else None

    def file_bytes(self, file_id: str) -> bytes:
        return self.files[file_id].data

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot (an offset past them)."""
        return len(self._updates)

    def updates_info(self) -> dict[str, Any]:
        last = self._next_update_id - 1
        return {
            "pending": len(self._updates),
            "unfetched": sum(1 for uid, _, _ in self._updates if uid > self._delivered_upto),
            "last_update_id": last,
            "delivered_upto": self._delivered_upto,
        }

    @property
    def stats(self) -> dict[str, Any]:
        """Requests per method, by chat, 429s, 5xx ... (see Throttle.snapshot)."""
        return {
            **self.throttle.snapshot(),
            "pending_updates": len(self._updates),
            "calls_logged": len(self.log),
        }

    # ----------------------------------------------------------------- script API: limits/faults
    def limits(
        self,
        global_per_sec: int | None = None,
        per_chat_per_sec: int | None = None,
        per_group_per_min: int | None = None,
    ) -> None:
        """Telegram-like flood limits on send-type methods (no arguments: off)."""
        self.throttle.set_limits(global_per_sec, per_chat_per_sec, per_group_per_min)

    def faults(
        self,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        timeout_rate: float = 0.0,
        seed: int | None = None,
        timeout_hold: float | None = None,
    ) -> None:
        """Random faults on send-type methods; "timeout" holds the request `timeout_hold` s, then 504."""
        self.throttle.set_faults(rate_429, rate_500, timeout_rate, seed, timeout_hold)

    def outage(self, seconds: float, kind: FaultKind = "500", all_methods: bool = True) -> None:
        """Every request fails with `kind` for `seconds` (getUpdates too unless all_methods=False)."""
        self.throttle.set_outage(seconds, kind, all_methods)

    # ----------------------------------------------------------------- waiting
    def poke(self) -> None:
        """Note bot activity (for wait_idle) and wake everything waiting."""
        self._last_activity = time.monotonic()
        self.wake()

    def wake(self) -> None:
        """Wake wait_for() callers to re-check their predicate, without counting as activity."""
        ev, self._activity_ev = self._activity_ev, asyncio.Event()
        ev.set()

    def _poke_updates(self) -> None:
        ev, self._updates_ev = self._updates_ev, asyncio.Event()
        ev.set()

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 5.0, what: str | Callable[[], str] = "condition"
    ) -> None:
        """Wait until `predicate()` holds, re-checking whenever the bot does something."""
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(
                    f"timed out after {timeout}s waiting for {what() if callable(what) else what}"
                )
            ev = self._activity_ev
            with suppress(TimeoutError):
                await asyncio.wait_for(ev.wait(), remaining)

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.2) -> None:
        """Wait until every queued update was fetched by the bot and no Bot API call (other than
        getUpdates) has been in flight or arrived for `quiet` seconds. Raises TimeoutError.
        A handler that computes silently for longer than `quiet` looks idle: raise `quiet` then."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            busy = self._delivered_upto < self._next_update_id - 1 or self._inflight > 0
            quiet_left = quiet - (now - self._last_activity)
            if not busy and quiet_left <= 0:
                return
            remaining = deadline - now
            if remaining <= 0:
                raise TimeoutError(
                    f"bot not idle after {timeout}s: {self.updates_info()}, in flight {self._inflight}"
                )
            ev = self._activity_ev
            with suppress(TimeoutError):
                await asyncio.wait_for(ev.wait(), remaining if busy else min(quiet_left, remaining))

    def begin_request(self) -> None:
        self._inflight += 1
        self.poke()

    def end_request(self) -> None:
        self._inflight -= 1
        self.poke()

    # ----------------------------------------------------------------- updates
    def enqueue(self, kind: str, payload: Any) -> dict[str, Any]:
        uid = self._next_update_id
        self._next_update_id += 1
        update = {"update_id": uid, kind: payload}
        self._updates.append((uid, kind, update))
        self._poke_updates()
        return update

    def confirm(self, offset: int | None) -> None:
        """Drop updates below `offset` (negative: keep only the last -offset), as getUpdates does."""
        if not offset:
            return
        if offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()
            return
        while self._updates and self._updates[0][0] < offset:
            self._updates.popleft()

    def drop_updates(self) -> None:
        self._updates.clear()
        self._delivered_upto = self._next_update_id - 1

    def take_updates(self, limit: int) -> list[dict[str, Any]]:
        """Up to `limit` unconfirmed updates the bot subscribed to; they stay queued until confirmed."""
        allowed = set(self.allowed_updates) if self.allowed_updates else None
        batch: list[dict[str, Any]] = []
        last = 0
        for uid, kind, update in self._updates:
            last = uid
            if (kind in allowed) if allowed is not None else (kind not in NOT_BY_DEFAULT):
                batch.append(update)
                if len(batch) >= limit:
                    break
        if last > self._delivered_upto:
            self._delivered_upto = last
        if batch:
            self.poke()
        return batch

    # ----------------------------------------------------------------- messages & files
    def new_message(
        self,
        chat: SimChat,
        sender: dict[str, Any],
        fields: Mapping[str, Any],
        date: datetime | int | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        msg: Message = {
            "message_id": chat.next_message_id(),
            "from": sender,
            "chat": chat.info,
            "date": epoch(date),
        }
        if reply_to is not None:
            # Telegram nests only one level of replies
            msg["reply_to_message"] = {k: v for k, v in reply_to.items() if k != "reply_to_message"}
        msg.update(fields)
        chat.messages[msg["message_id"]] = msg
        return msg

    def bot_message(
        self, chat: SimChat, fields: Mapping[str, Any], reply_to: Message | None = None
    ) -> Message:
        msg = self.new_message(chat, self.bot_info, fields, None, reply_to)
        chat.bot_ids.append(msg["message_id"])
        self.poke()
        return msg

    def replace_message(self, chat: SimChat, message: Message) -> None:
        """Store an edited version (a new dict: earlier references stay as they were)."""
        chat.messages[message["message_id"]] = message
        self.poke()

    def user_message(
        self,
        user: SimUser,
        chat: SimChat,
        fields: Mapping[str, Any],
        *,
        date: datetime | int | None = None,
        reply_to: Message | None = None,
    ) -> Message:
        """A user writes into a chat: store the message and queue the update."""
        if chat.migrated_to is not None:
            raise ValueError(f"chat {chat.id} was migrated to {chat.migrated_to}; write there")
        if chat.is_group:
            chat.members.setdefault(user.id, "member")
        elif chat.id != user.id:
            raise ValueError("a user can only write into their own private chat with the bot")
        else:
            if user.blocked:  # writing to the bot again is how a Telegram user unblocks it
                self.set_blocked(user, False)
            user.started = True
        msg = self.new_message(chat, user.info, fields, date, reply_to)
        self.enqueue("message", msg)
        user.mark(chat)
        return msg

    def user_edit(self, user: SimUser, message: Message, text: str, *, caption: bool = False) -> Message:
        """An edited text (or, with caption=True, the caption of a photo or document): an edited_message."""
        chat_id, message_id = message_ref(message)
        chat = self.chat(chat_id)
        current = chat.messages.get(message_id)
        if current is None or current["from"]["id"] != user.id:
            raise ValueError("a user can only edit their own messages")
        field, entities = ("caption", "caption_entities") if caption else ("text", "entities")
        edited = {k: v for k, v in current.items() if k != entities}
        edited.update({field: text, "edit_date": epoch(None)})
        if ents := command_entities(text):
            edited[entities] = ents
        chat.messages[message_id] = edited
        self.enqueue("edited_message", edited)
        return edited

    def buttons_of(self, message: Message) -> list[dict[str, Any]]:
        """Inline buttons of the message's current version, flattened."""
        chat_id, message_id = message_ref(message)
        current = self.chats[chat_id].messages.get(message_id, message) if chat_id in self.chats else message
        rows = (current.get("reply_markup") or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]

    def press(self, user: SimUser, message: Message, data: str, *, check: bool = True) -> dict[str, Any]:
        chat_id, message_id = message_ref(message)
        chat = self.chat(chat_id)
        current = chat.messages.get(message_id)
        if current is None or message_id in chat.deleted:
            raise ValueError(f"message {message_id} in chat {chat_id} does not exist (deleted?)")
        if check and data not in {b.get("callback_data") for b in self.buttons_of(current)}:
            raise ValueError(f"no button with callback_data {data!r} on message {message_id}")
        query_id = str(4_000_000_000_000 + next(self._seq))
        query = {
            "id": query_id,
            "from": user.info,
            "message": current,
            "chat_instance": str(-chat_id * 7 + 3),
            "data": data,
        }
        self.callbacks[query_id] = {"query": query, "answer": None}
        self.enqueue("callback_query", query)
        user.mark(chat)
        return query

    def store_file(
        self, data: bytes, kind: str, *, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        n = next(self._seq)
        prefix = {"photo": "AgAC", "document": "BQAC"}.get(kind, "CQAC")
        suffix = PurePosixPath(file_name).suffix if file_name else (".jpg" if kind == "photo" else "")
        width, height = image_size(data) if kind == "photo" else (0, 0)
        stored = StoredFile(
            file_id=f"{prefix}{n:010d}",
            file_unique_id=f"AQAD{n:08d}",
            kind=kind,
            data=bytes(data),
            file_path=f"{kind}s/file_{n}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # ----------------------------------------------------------------- membership changes
    def set_blocked(self, user: SimUser, blocked: bool) -> None:
        """Block / unblock; Telegram tells the bot with a my_chat_member update."""
        if user.blocked == blocked:
            return
        user.blocked = blocked
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        self._my_chat_member(user.chat, user.info, old, new)

    def set_bot_membership(self, chat: SimChat, status: str, by: SimUser | None) -> None:
        old, chat.bot_status = chat.bot_status, status
        self._my_chat_member(chat, by.info if by else GROUP_ANONYMOUS, old, status)

    def _my_chat_member(self, chat: SimChat, actor: dict[str, Any], old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            return {
                "user": self.bot_info,
                "status": status,
                **({"until_date": 0} if status == "kicked" else {}),
            }

        change = {"chat": chat.info, "from": actor, "date": epoch(None)}
        change.update(old_chat_member=member(old), new_chat_member=member(new))
        self.enqueue("my_chat_member", change)

    def migrate_chat(self, chat: SimChat, new_chat_id: int) -> SimChat:
        """Group -> supergroup upgrade with Telegram's two service messages."""
        if new_chat_id in self.chats:
            raise ValueError(f"chat {new_chat_id} already exists")
        new = SimChat(self, new_chat_id, "supergroup", title=chat.title, username=chat.username)
        new.members = dict(chat.members)
        self.chats[new_chat_id] = new
        if chat.username:
            self.chats_by_username[chat.username.lower()] = new
        chat.migrated_to = new_chat_id
        self.enqueue("message", self.new_message(chat, GROUP_ANONYMOUS, {"migrate_to_chat_id": new_chat_id}))
        self.enqueue("message", self.new_message(new, GROUP_ANONYMOUS, {"migrate_from_chat_id": chat.id}))
        return new

    # ----------------------------------------------------------------- the call log
    def record(self, call: SentCall) -> SentCall:
        self.log.append(call)
        if call.chat_id is not None:
            self._log_by_chat.setdefault(call.chat_id, []).append(call)
        return call

    def next_seq(self) -> int:
        return next(self._seq)
