"""Telegram-like flood limits, injected faults, outages and request statistics.

Everything is off by default. Windows are sliding (a deque of timestamps per key), so a check is
O(1) amortised no matter how many messages a benchmark sends.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any, Literal

# Methods that create or change messages: the only ones Telegram flood-limits (lower-case, since
# Bot API method names are case-insensitive).
SEND_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendmediagroup",
        "sendaudio",
        "sendvideo",
        "sendvoice",
        "sendanimation",
        "sendsticker",
        "copymessage",
        "forwardmessage",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
        "editmessagemedia",
    }
)

FaultKind = Literal["429", "500", "timeout"]


@dataclass(frozen=True, slots=True)
class Fault:
    """What the server should answer instead of running the method."""

    kind: FaultKind
    retry_after: int = 0


class Throttle:
    """Decides per request whether to run it, answer 429 / 500, or hold it (timeout)."""

    def __init__(self) -> None:
        self.global_per_sec: int | None = None
        self.per_chat_per_sec: int | None = None
        self.per_group_per_min: int | None = None
        self._global: deque[float] = deque()
        self._chat: dict[Any, deque[float]] = {}
        self._group: dict[Any, deque[float]] = {}
        self.rate_429 = self.rate_500 = self.timeout_rate = 0.0
        self.timeout_hold = 10.0  # seconds a "timeout" fault holds the request before a 504
        self._rng = random.Random()
        self._outage_until = 0.0
        self._outage_kind: FaultKind = "500"
        self._outage_all = True
        self.requests: Counter[str] = Counter()
        self.by_chat: Counter[str] = Counter()
        self.errors: Counter[int] = Counter()
        self.faults_injected: Counter[str] = Counter()

    def set_limits(
        self,
        global_per_sec: int | None = None,
        per_chat_per_sec: int | None = None,
        per_group_per_min: int | None = None,
    ) -> None:
        """Enable flood limits (None disables one); resets the windows."""
        self.global_per_sec, self.per_chat_per_sec = global_per_sec, per_chat_per_sec
        self.per_group_per_min = per_group_per_min
        self._global.clear()
        self._chat.clear()
        self._group.clear()

    def set_faults(
        self,
        rate_429: float = 0.0,
        rate_500: float = 0.0,
        timeout_rate: float = 0.0,
        seed: int | None = None,
        timeout_hold: float | None = None,
    ) -> None:
        """Random faults on send-type methods; a seed makes a run reproducible."""
        self.rate_429, self.rate_500, self.timeout_rate = rate_429, rate_500, timeout_rate
        self._rng = random.Random(seed)
        if timeout_hold is not None:
            self.timeout_hold = timeout_hold

    def set_outage(self, seconds: float, kind: FaultKind = "500", all_methods: bool = True) -> None:
        """Fail every request (getUpdates too unless all_methods=False) for `seconds`."""
        self._outage_until = time.monotonic() + seconds
        self._outage_kind, self._outage_all = kind, all_methods

    def check(self, method: str, chat_key: Any, is_group: bool) -> Fault | None:
        """Count the request and return the fault to answer with, if any. `method` is lower-case."""
        now = time.monotonic()
        self.requests[method] += 1
        if chat_key is not None:
            self.by_chat[str(chat_key)] += 1
        is_send = method in SEND_METHODS
        if now < self._outage_until and (self._outage_all or is_send):
            return self._fault(self._outage_kind, math.ceil(self._outage_until - now))
        if not is_send:
            return None
        if self.rate_429 or self.rate_500 or self.timeout_rate:
            roll = self._rng.random()
            if roll < self.rate_429:
                return self._fault("429", 1)
            if roll < self.rate_429 + self.rate_500:
                return self._fault("500")
            if roll < self.rate_429 + self.rate_500 + self.timeout_rate:
                return self._fault("timeout")
        return self._flood_check(now, chat_key, is_group)

    def _flood_check(self, now: float, chat_key: Any, is_group: bool) -> Fault | None:
        windows: list[tuple[deque[float], int, float]] = []
        if self.global_per_sec:
            windows.append((self._global, self.global_per_sec, 1.0))
        if chat_key is not None and self.per_chat_per_sec:
            windows.append((self._chat.setdefault(chat_key, deque()), self.per_chat_per_sec, 1.0))
        if chat_key is not None and is_group and self.per_group_per_min:
            windows.append((self._group.setdefault(chat_key, deque()), self.per_group_per_min, 60.0))
        wait = 0.0
        for stamps, limit, span in windows:
            while stamps and stamps[0] <= now - span:
                stamps.popleft()
            if len(stamps) >= limit:
                wait = max(wait, stamps[0] + span - now)
        if wait > 0:
            return self._fault("429", max(1, math.ceil(wait)))
        for stamps, _, _ in windows:  # only requests that got through use up the quota
            stamps.append(now)
        return None

    def _fault(self, kind: FaultKind, retry_after: int = 0) -> Fault:
        self.faults_injected[kind] += 1
        return Fault(kind, retry_after)

    def count_error(self, code: int) -> None:
        self.errors[code] += 1

    def snapshot(self) -> dict[str, Any]:
        """Plain-JSON statistics: requests per method, by chat, 429s, 5xx, all error codes."""
        return {
            "requests": dict(self.requests),
            "total_requests": sum(self.requests.values()),
            "by_chat": dict(self.by_chat),
            "429": self.errors[429],
            "5xx": sum(n for code, n in self.errors.items() if code >= 500),
            "timeouts": self.faults_injected["timeout"],
            "errors": {str(code): n for code, n in self.errors.items()},
            "faults_injected": dict(self.faults_injected),
        }
