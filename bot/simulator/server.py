"""The HTTP side: an aiohttp server on loopback speaking the Bot API, plus a thread runner.

Routes: ``/bot<token>/<method>`` (GET or POST; JSON, form-urlencoded or multipart bodies),
``/file/bot<token>/<file_path>`` for downloads and ``/_sim/...`` control endpoints (control.py).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from aiohttp import BodyPartReader, web

from .control import add_control_routes
from .limits import Fault
from .methods import Request, Upload, as_int, call_method, decode_params
from .state import ApiError, SentCall, SimState

logger = logging.getLogger(__name__)


def json_response(payload: Any, status: int = 200) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return web.Response(body=body, status=status, content_type="application/json", charset="utf-8")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class BotApiSimulator(SimState):
    """A Telegram Bot API server for one bot, in-process on the current asyncio loop.

    Point PTB at it with ``.base_url(f"{sim.url}/bot").base_file_url(f"{sim.url}/file/bot")``.
    """

    def __init__(
        self,
        bot_username: str = "flagbot_demo_bot",
        latency_ms: float = 0,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_first_name: str = "Flagbot",
    ) -> None:
        super().__init__(bot_username, bot_first_name=bot_first_name)
        self.latency = latency_ms / 1000
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self._closing = asyncio.Event()
        self._poll_generation = 0  # a newer getUpdates pre-empts an older one with 409, like Telegram

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self, port: int | None = None) -> str:
        """Bind (port 0 = a free one) and serve; returns the base URL."""
        self._closing = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        add_control_routes(app, self)
        # short shutdown: held requests (long polls, timeout faults) are released via _closing
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port if port is None else port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self.url

    async def stop(self) -> None:
        self._closing.set()
        self._poke_updates()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiSimulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def _hold(self, seconds: float) -> None:
        """Sleep, but return at once when the server stops."""
        with suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    # ------------------------------------------------------------------ Bot API
    async def _read_request(self, request: web.Request) -> Request:
        params: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.can_read_body:
            ctype = request.content_type
            if ctype == "application/json":
                try:
                    body = await request.json()
                except ValueError:
                    raise ApiError(400, "Bad Request: can't parse JSON object") from None
                if isinstance(body, dict):
                    params.update(body)
            elif ctype == "multipart/form-data":
                # read parts straight into memory (request.post() would spool files to disk)
                reader = await request.multipart()
                while (part := await reader.next()) is not None:
                    if not isinstance(part, BodyPartReader) or part.name is None:
                        continue
                    if part.filename is not None:
                        data = bytes(await part.read(decode=False))
                        uploads[part.name] = Upload(part.filename, data, part.headers.get("Content-Type"))
                    else:
                        params[part.name] = await part.text()
            else:
                params.update(await request.post())
        return Request(request.match_info["method"], decode_params(params), uploads)

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if self.token is None:
            self.token = token
        polling = request.match_info["method"].lower() == "getupdates"
        if not polling:  # long polls are not "activity": wait_idle would never see quiet
            self.begin_request()
        try:
            try:
                req = await self._read_request(request)
            except ApiError as exc:
                return json_response(exc.payload(), exc.code)
            if self.latency:
                await asyncio.sleep(self.latency)
            chat_key = req.params.get("chat_id")
            chat_id = _int_or_none(chat_key)
            is_group = (chat_id or 0) < 0 or str(chat_key).startswith("@")
            fault = self.throttle.check(
                req.method.lower(), chat_key if chat_id is None else chat_id, is_group
            )
            if fault is not None:
                return await self._fault_response(req, fault, chat_id, polling)
            try:
                result = await self._get_updates(req) if polling else call_method(self, req)
            except ApiError as exc:
                self.throttle.count_error(exc.code)
                if not polling:
                    self._log(req, ok=False, error=exc)
                return json_response(exc.payload(), exc.code)
            except Exception as exc:  # a simulator bug or params it cannot digest: say so loudly
                logger.exception("simulator failed on %s %s", req.method, req.params)
                error = ApiError(500, f"Internal Server Error: simulator failed: {exc!r}")
                self.throttle.count_error(500)
                self._log(req, ok=False, error=error)
                return json_response(error.payload(), 500)
            if not polling:
                self._log(req, result=result)
            return json_response({"ok": True, "result": result})
        finally:
            if not polling:
                self.end_request()

    async def _fault_response(
        self, req: Request, fault: Fault, chat_id: int | None, polling: bool
    ) -> web.Response:
        req.chat_id = chat_id
        if fault.kind == "429":
            error = ApiError(
                429, f"Too Many Requests: retry after {fault.retry_after}", {"retry_after": fault.retry_after}
            )
        elif fault.kind == "500":
            error = ApiError(500, "Internal Server Error")
        else:  # the client should time out first; 504 is for clients with long timeouts
            await self._hold(self.throttle.timeout_hold)
            error = ApiError(504, "Gateway Timeout")
        self.throttle.count_error(error.code)
        if not polling:
            self._log(req, ok=False, error=error)
        return json_response(error.payload(), error.code)

    def _log(
        self, req: Request, *, ok: bool = True, result: Any = None, error: ApiError | None = None
    ) -> None:
        call = SentCall(
            seq=self.next_seq(),
            method=req.method,
            params=req.params,
            chat_id=req.chat_id,
            ts=time.time(),
            ok=ok,
            result=result,
            error_code=error.code if error else None,
            description=error.description if error else None,
            files=req.stored,
        )
        self.record(call)

    async def _get_updates(self, req: Request) -> list[dict[str, Any]]:
        """Long polling with Telegram's confirm-by-offset semantics."""
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
            )
        p = req.params
        limit = min(max(as_int(p.get("limit"), "limit") or 100, 1), 100)
        try:
            timeout = max(float(p.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: invalid timeout specified") from None
        if p.get("allowed_updates") is not None:
            self.allowed_updates = list(p["allowed_updates"]) or None  # the setting persists
        self._poll_generation += 1
        generation = self._poll_generation
        self._poke_updates()  # wakes an older poll so it can answer 409
        self.wake()  # lets wait_for() see that the bot is polling
        self.confirm(as_int(p.get("offset"), "offset"))
        deadline = time.monotonic() + timeout
        while True:
            batch = self.take_updates(limit)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self._closing.is_set():
                return batch
            ev = self._updates_ev
            with suppress(TimeoutError):
                await asyncio.wait_for(ev.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self.files_by_path.get(request.match_info["path"])
        if stored is None:
            return json_response({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        if self.latency:
            await asyncio.sleep(self.latency)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")


class SimulatorThread:
    """Runs a BotApiSimulator on its own loop in a daemon thread (for sync code or a bot that
    blocks its loop). Touch the simulator only through `call`, which runs on its loop."""

    def __init__(self, **kwargs: Any) -> None:
        self._kwargs = kwargs
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.sim: BotApiSimulator | None = None
        self.url = ""

    def start(self, timeout: float = 10.0) -> str:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                self.sim = BotApiSimulator(**self._kwargs)
                self.url = loop.run_until_complete(self.sim.start())
                self._loop = loop
            except BaseException as exc:  # report to the starting thread
                errors.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self.sim.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="bot-api-simulator", daemon=True)
        self._thread.start()
        if not ready.wait(timeout) or errors:
            raise RuntimeError(f"simulator did not start: {errors[0] if errors else 'timeout'}")
        return self.url

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float = 60.0, **kwargs: Any) -> Any:
        """Run ``fn(sim, *args, **kwargs)`` on the simulator's loop (awaiting it if it is a
        coroutine) and return the result, e.g. ``t.call(lambda s: s.user(1).send("/start"))``."""
        if self._loop is None or self.sim is None:
            raise RuntimeError("simulator thread not started")
        sim = self.sim

        async def job() -> Any:
            result = fn(sim, *args, **kwargs)
            return await result if inspect.isawaitable(result) else result

        return asyncio.run_coroutine_threadsafe(job(), self._loop).result(timeout)

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None

    def __enter__(self) -> SimulatorThread:
        if self._loop is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_in_thread(**kwargs: Any) -> SimulatorThread:
    """Start a simulator in a background thread; returns the handle (its `.url` is set)."""
    thread = SimulatorThread(**kwargs)
    thread.start()
    return thread
