"""The Bot API over aiohttp instead of PTB's default httpx: the same requests, a third of the CPU.

Why: with replies going out concurrently, httpx's connection pool re-examines every connection (a system
call each) whenever a request starts or ends; a reply cost ~1.8 ms of CPU with 12 in flight over a 50 ms
network, and replies were half of the bot's work per report. aiohttp's pool hands out a free connection
directly (measured against the simulator: 0.3–0.5 ms per sendMessage; docs/benchmarks.md). aiohttp is
already here for the webhook server and the simulator.

PTB's BaseRequest does everything Telegram-specific (building the parameters, reading the answer,
turning error codes into exceptions); this class only moves bytes: a JSON body (which the Bot API takes
for every method), multipart when there are files, a timeout per call.
"""

from __future__ import annotations

import json

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.logs import redact

JSON_BODY = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A BaseRequest on one aiohttp ClientSession (made at initialize, closed at shutdown)."""

    def __init__(
        self,
        *,
        connection_pool_size: int = 64,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        write = self._write_timeout if not files else self._media_write_timeout
        if not isinstance(write_timeout, DefaultValue):
            write = write_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        pool = self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout
        # aiohttp has no write timeout of its own: sending counts against the whole call's budget.
        total = None if read is None or write is None else read + write + (connect or 0) + (pool or 0)
        timeout = aiohttp.ClientTimeout(total=total, sock_connect=connect, sock_read=read)
        body: aiohttp.FormData | bytes | None = None
        headers = None
        if request_data is not None and files:
            # Unquoted: file names go as UTF-8, as Telegram reads them ("2026年9—10月双月讲评.xlsx"); quoted,
            # aiohttp percent-encodes them and the chat shows "2026%E5%B9%B4…".
            form = aiohttp.FormData(quote_fields=False)
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, upload in files.items():
                filename, content, mimetype = _file_part(upload)
                form.add_field(name, content, filename=filename, content_type=mimetype)
            body = form
        elif request_data is not None:
            # The Bot API takes JSON bodies (but for uploads). Encoding a form percent-escaped the text
            # byte by byte in Python: a Chinese reply cost more to encode than to send.
            body = json.dumps(request_data.parameters, ensure_ascii=False).encode()
            headers = JSON_BODY
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # InvalidURL, TooManyRedirects …: their text has the URL, so the token (redacted here, once,
            # for everything downstream: outbox.error, the admins' notes, the logs)
            raise NetworkError(redact(f"aiohttp.{error.__class__.__name__}: {error}")) from error


def _file_part(upload: object) -> tuple[str | None, object, str | None]:
    """PTB's multipart value: (filename, content) or (filename, content, mimetype), httpx's shape."""
    if isinstance(upload, tuple):
        if len(upload) == 3:
            return upload[0], upload[1], upload[2]
        if len(upload) == 2:
            return upload[0], upload[1], None
    return None, upload, None
