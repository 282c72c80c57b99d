"""PTB's AIORateLimiter, plus a cap on how many Bot API calls are on the wire at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

# A call holds its slot for the network's time and then some: over a 50 ms network under load a slot
# turned over every 60-70 ms, so 16 gave 230-270 replies/s and 24 gives 290-350 (docs/benchmarks.md).
# Still a bound on what one burst asks of Telegram at once; few enough to stay cheap.
IN_FLIGHT = 24
UNGATED = frozenset({"getUpdates"})  # a long poll waits for seconds on purpose; it must not hold a slot


class GatedRateLimiter(AIORateLimiter):
    """AIORateLimiter whose calls wait for one of `in_flight` slots just for the HTTP request itself.

    Why: it bounds what one burst asks of Telegram at once, and it was first needed for httpx, whose
    connection pool looks at every connection and waiting request each time a request starts or ends:
    with 100 users answered at once a sendMessage cost about twice the CPU it costs with 4–8 in flight
    (docs/benchmarks.md). The transport is aiohttp now (bot/runtime/transport.py), cheaper at any count. The slot is
    held only during the call, never while the limiter waits out a 429's retry_after, so one chat's
    flood wait does not hold up the others.
    """

    def __init__(self, *, in_flight: int = IN_FLIGHT, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._slots = asyncio.Semaphore(in_flight)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint in UNGATED:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

        async def in_a_slot(*call_args: Any, **call_kwargs: Any) -> Any:
            async with self._slots:
                return await callback(*call_args, **call_kwargs)

        return await super().process_request(in_a_slot, args, kwargs, endpoint, data, rate_limit_args)
