"""``/_sim/*`` JSON control endpoints: drive the simulator from another process.

Every endpoint answers ``{"ok": true, "result": ...}`` or ``{"ok": false, "description": ...}``
(400 for bad input, 408 when a wait timed out). They call the same SimState methods as the Python
API, so both views always agree.
"""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from .actors import SimChat, SimUser
    from .state import SimState

Body = dict[str, Any]


def _json(payload: Any, status: int = 200) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, default=str).encode()
    return web.Response(body=body, status=status, content_type="application/json", charset="utf-8")


def _user(sim: SimState, body: Body) -> SimUser:
    user = sim.user(
        int(body["user_id"]), body.get("first_name"), body.get("last_name"), username=body.get("username")
    )
    changes = {k: body[k] for k in ("first_name", "last_name", "username", "language_code") if body.get(k)}
    if changes:  # a new dict: messages already sent keep the old "from"
        user.info = {**user.info, **changes}
    return user


def _chat(sim: SimState, body: Body, user: SimUser) -> SimChat:
    chat_id = body.get("chat_id")
    if chat_id is None or int(chat_id) == user.id:
        return user.chat
    if int(chat_id) < 0 and int(chat_id) not in sim.chats:
        return sim.group(int(chat_id), body.get("chat_title"))
    return sim.chat(int(chat_id))


def _message_ref(sim: SimState, body: Body, user: SimUser) -> dict[str, Any]:
    chat = _chat(sim, body, user)
    return {"chat": {"id": chat.id}, "message_id": int(body["message_id"])}


def void(fn: Callable[[Body], None]) -> Callable[[Body], bool]:
    """Adapt a setter (returns None) to an endpoint answering `true`."""

    def run(body: Body) -> bool:
        fn(body)
        return True

    return run


def add_control_routes(app: web.Application, sim: SimState) -> None:
    """Register the control endpoints on `app`, all acting on `sim`."""

    def route(method: str, path: str, fn: Callable[[Body], Any | Awaitable[Any]]) -> None:
        async def handler(request: web.Request) -> web.StreamResponse:
            body: Body = {**request.query, **request.match_info}
            try:
                if raw := await request.read():
                    data = json.loads(raw)
                    body.update(data if isinstance(data, dict) else {})
                result = fn(body)
                if inspect.isawaitable(result):
                    result = await result
            except TimeoutError as exc:
                return _json({"ok": False, "description": str(exc)}, 408)
            except (KeyError, ValueError, TypeError) as exc:
                return _json({"ok": False, "description": f"{type(exc).__name__}: {exc}"}, 400)
            if isinstance(result, web.StreamResponse):
                return result
            return _json({"ok": True, "result": result})

        app.router.add_route(method, f"/_sim/{path}", handler)

    def user_message(b: Body) -> Any:
        user = _user(sim, b)
        reply_to = None
        if b.get("reply_to_message_id"):
            reply_to = _chat(sim, b, user).messages.get(int(b["reply_to_message_id"]))
        return user.send(b["text"], _chat(sim, b, user), date=b.get("date"), reply_to=reply_to)

    def document(b: Body) -> Any:
        user = _user(sim, b)
        data = base64.b64decode(b["data_base64"])
        return user.send_document(
            data, b["filename"], b.get("caption"), _chat(sim, b, user), mime_type=b.get("mime_type")
        )

    def photo(b: Body) -> Any:
        user = _user(sim, b)
        return user.send_photo(base64.b64decode(b["data_base64"]), b.get("caption"), _chat(sim, b, user))

    def callback(b: Body) -> Any:
        user = _user(sim, b)
        ref = _message_ref(sim, b, user)
        if b.get("button_text"):
            return user.press_button(ref, b["button_text"])
        return user.press(ref, b["data"], check=bool(b.get("check", True)))

    def group(b: Body) -> Any:
        chat = sim.group(
            int(b["chat_id"]),
            b.get("title"),
            supergroup=b.get("supergroup", True),
            username=b.get("username"),
        )
        return chat.info

    def block(b: Body) -> Any:
        sim.set_blocked(_user(sim, b), bool(b.get("blocked", True)))
        return True

    def sent(b: Body) -> Any:
        chat_id = int(b["chat_id"]) if b.get("chat_id") not in (None, "") else None
        since = int(b.get("since") or 0)
        return [c.to_dict() for c in sim.sent(chat_id, b.get("method")) if c.seq > since]

    def file_bytes(b: Body) -> web.Response:
        stored = sim.files[b["file_id"]]
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    def transcript(b: Body) -> web.Response:
        text = sim.transcript_text(int(b["chat_id"]) if b.get("chat_id") else None)
        return web.Response(text=text, content_type="text/plain", charset="utf-8")

    def commands(b: Body) -> Any:
        scope = b.get("scope")
        return sim.commands(
            json.loads(scope) if isinstance(scope, str) else scope, b.get("language_code") or ""
        )

    async def wait_bot_messages(b: Body) -> Any:
        chat = sim.chat(int(b["chat_id"]))
        count = int(b.get("count", 1))
        await sim.wait_for(
            lambda: len(chat.bot_ids) >= count, float(b.get("timeout", 5)), f"{count} bot messages"
        )
        return chat.bot_messages()

    async def wait_idle(b: Body) -> Any:
        await sim.wait_idle(float(b.get("timeout", 5)), float(b.get("quiet", 0.2)))
        return True

    route("POST", "user_message", user_message)
    route("POST", "document", document)
    route("POST", "photo", photo)
    route("POST", "callback", callback)
    route("POST", "group", group)
    route("POST", "block", block)
    route("POST", "migrate", lambda b: sim.chat(int(b["chat_id"])).migrate_to(int(b["to"])).info)
    route("POST", "raw_update", lambda b: sim.push_raw_update(b))
    route("POST", "limits", void(lambda b: sim.limits(**b)))
    route("POST", "faults", void(lambda b: sim.faults(**b)))
    route(
        "POST",
        "outage",
        void(lambda b: sim.outage(float(b["seconds"]), b.get("kind", "500"), b.get("all_methods", True))),
    )
    route("GET", "sent", sent)
    route("GET", "messages", lambda b: sim.messages(int(b["chat_id"])))
    route("GET", "transcript", transcript)
    route("GET", "updates_pending", lambda b: sim.updates_info())
    route("GET", "stats", lambda b: sim.stats)
    route("GET", "commands", commands)
    route("GET", "callback_answer", lambda b: sim.callback_answer(b["id"]))
    route("GET", "files/{file_id}", file_bytes)
    route("GET", "wait_bot_messages", wait_bot_messages)
    route("GET", "wait_idle", wait_idle)
