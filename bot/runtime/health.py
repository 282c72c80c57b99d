"""/healthz: is the database answering, does this process lead the scheduler, how much waits in the inbox.

GET /healthz: {"status": "ok" | "degraded", "database": "ok" | "unavailable", "scheduler": "leader" | "follower" | "starting",
"inbox_backlog": n, "outbox_backlog": n, "version": …}; 200 when the database answers, 503 otherwise.
No error text: the endpoint is unauthenticated, so why the database is away goes to the log only.
For a load balancer's health check, a monitor and people.

Webhook mode serves it beside the webhook (bot/runtime/webhook.py). Polling mode has no HTTP server of its own,
so with HEALTH_PORT set `flagbot run` serves it on a small server of its own (HealthServer; in webhook
mode too, when the port differs from WEBHOOK_PORT).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import SettingsError
from storage.queries import inbox as inbox_q

log = logging.getLogger("flagbot.health")

HEALTH_PATH = "/healthz"
HEALTH_TIMEOUT_S = 5.0


def app_version() -> str:
    try:
        return version("county-flagbot")
    except PackageNotFoundError:
        return "unknown"


async def health(
    sessions: async_sessionmaker[AsyncSession], *, role: str, timeout_s: float = HEALTH_TIMEOUT_S
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body) of /healthz."""
    body: dict[str, Any] = {
        "status": "ok",
        "database": "ok",
        "scheduler": role,
        "inbox_backlog": None,
        "outbox_backlog": None,
        "version": app_version(),
    }

    async def probe() -> None:
        async with sessions() as session:  # the backlog counts answer only if the database does
            body["inbox_backlog"] = await inbox_q.inbox_backlog(session)
            body["outbox_backlog"] = await inbox_q.outbox_backlog(session)

    try:
        await asyncio.wait_for(probe(), timeout_s)
    except Exception as error:  # noqa: BLE001 - the answer is "degraded"; the reason goes to the log
        # Unauthenticated: a database error names hosts, users and paths, so the details stay in the log.
        body["status"], body["database"] = "degraded", "unavailable"
        log.warning("health check: the database does not answer (%s)", type(error).__name__, exc_info=error)
        return 503, body
    return 200, body


def health_route(
    sessions: async_sessionmaker[AsyncSession], role: Callable[[], str]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """The aiohttp handler of GET /healthz, for the webhook server and the health server alike."""

    async def handle(request: web.Request) -> web.Response:
        status, body = await health(sessions, role=role())
        return web.json_response(body, status=status)

    return handle


class HealthServer:
    """Only GET /healthz, on listen:port (HEALTH_PORT): start() binds, stop() closes."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        listen: str,
        port: int,
        role: Callable[[], str],
    ) -> None:
        self.sessions, self.listen, self.port, self.role = sessions, listen, port, role
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Bind the port; one clear sentence (SettingsError) when it is taken or not allowed."""
        app = web.Application()
        app.router.add_get(HEALTH_PATH, health_route(self.sessions, self.role))
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.listen, self.port).start()
        except OSError as error:
            await self._runner.cleanup()
            self._runner = None
            raise SettingsError(
                f"HEALTH_PORT: cannot listen on {self.listen}:{self.port} ({error.strerror or error}); "
                "choose a free port or leave HEALTH_PORT empty."
            ) from error
        self.port = int(self._runner.addresses[0][1])
        log.info("health check on http://%s:%s%s", self.listen, self.port, HEALTH_PATH)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
