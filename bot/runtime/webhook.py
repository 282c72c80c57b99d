"""Webhook mode (SPEC §10): an aiohttp server that stores each update in the inbox before answering 200.

POST <path of WEBHOOK_URL>: the `X-Telegram-Bot-Api-Secret-Token` header must equal WEBHOOK_SECRET
(403 otherwise, and nothing is stored). The update is committed to the inbox and only then answered 200,
so whatever we could not store (database away: 503) Telegram delivers again. Processing happens after
the answer, in the inbox dispatcher: a slow handler never makes Telegram time out and re-send.

GET /healthz: the same answer as the health server's (bot/runtime/health.py).
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from aiohttp import web

from bot.runtime.health import HEALTH_PATH, health_route
from bot.runtime.inbox import InboxDispatcher
from bot.runtime.retry import brief

log = logging.getLogger("flagbot.webhook")

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024  # Telegram's updates are a few KiB; a megabyte is already absurd


def webhook_path(url: str) -> str:
    """The path Telegram POSTs to: the path of WEBHOOK_URL ("/" when it has none)."""
    return urlsplit(url).path or "/"


class WebhookServer:
    """The HTTP side of webhook mode: start() binds WEBHOOK_LISTEN:WEBHOOK_PORT, stop() closes it."""

    def __init__(
        self,
        dispatcher: InboxDispatcher,
        *,
        secret: str,
        path: str,
        listen: str,
        port: int,
        role: Callable[[], str],
    ) -> None:
        self.dispatcher, self.secret, self.path = dispatcher, secret, path
        self.listen, self.port, self.role = listen, port, role
        self.refused = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.path, self._update)
        app.router.add_get(HEALTH_PATH, health_route(self.dispatcher.sessions, self.role))
        # access_log off: the path is public but a proxy's logs are the place for requests
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=5.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen, self.port)
        await site.start()
        address = self._runner.addresses[0]
        self.port = int(address[1])
        log.info("webhook server on %s:%s%s (and /healthz)", self.listen, self.port, self.path)

    async def stop(self) -> None:
        """Stop accepting updates (Telegram keeps what it could not deliver and tries again)."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.refused += 1
            log.warning("webhook: refused a request without the right secret from %s", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            data = json.loads(await request.read())
        except (ValueError, UnicodeDecodeError):
            return web.Response(status=400, text="not JSON")
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            return web.Response(status=400, text="not an update")
        try:
            await self.dispatcher.store([data])
        except Exception as error:  # noqa: BLE001 - not stored: Telegram must deliver it again
            log.warning(
                "webhook: cannot store update %s (%s); answering 503", data["update_id"], brief(error)
            )
            return web.Response(status=503, text="try again")
        return web.Response(status=200, text="ok")
