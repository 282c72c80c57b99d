"""Telegram's flood limits as the sender keeps them, and its back-off. Pure: no I/O, no clock of its own."""

from __future__ import annotations

import math
import random
from collections import deque
from dataclasses import dataclass


@dataclass(frozen=True)
class SenderOptions:
    """Limits and timings. The defaults are for Telegram; tests shrink the back-off."""

    # Telegram allows about 30/s in all; one is left for replies to users (their limiter retries a 429).
    # Windows count from the answer and add the margin, so 29 delivers about 28/s (docs/benchmarks.md).
    global_per_sec: int = 29
    chat_interval_s: float = 1.0  # one message a second per chat
    group_per_min: int = 20  # and twenty a minute per group (chat id < 0)
    # Added to every window. Counting from the answer already covers the network (Telegram counted the
    # send earlier, on arrival); the margin only absorbs timer jitter and rounding on either side.
    margin_s: float = 0.02
    max_in_flight: int = 8  # concurrent sends (to different chats)
    idle_poll_s: float = 0.5  # how often an idle sender looks for new messages (wake() is immediate)
    refetch_s: float = 0.25  # how often a busy sender re-reads the next message of each chat
    # Chats read per refetch: enough for a refetch interval at full rate even when every chat sent to in
    # the last second (about global_per_sec of them) is still waiting; more only costs time on the loop.
    heads_per_fetch: int = 100
    backoff_base_s: float = 10.0  # network trouble: 10 s, 20 s, 40 s … per message and for the sender
    backoff_cap_s: float = 3600.0
    max_attempts: int = 10  # 10 tries over ≈ 1.4–1.7 h with the defaults, then failed and the admins told
    # 429s in this many chats within a second, for at least half the answers, mean a bot-wide limit:
    # every chat waits. A few scattered 429s only hold back their own chats.
    flood_chats: int = 3
    stop_timeout_s: float = 10.0  # a clean stop waits this long for the sends in flight


def backoff_s(attempts: int, options: SenderOptions) -> float:
    """Delay before the next try after `attempts` failed ones (exponential, capped, jittered)."""
    delay = min(options.backoff_base_s * 2 ** max(attempts - 1, 0), options.backoff_cap_s)
    return float(delay * random.uniform(1.0, 1.2))


class RateLimits:
    """Telegram's flood limits, checked before each send; times are monotonic seconds.

    A send counts from the moment its answer arrived (Telegram counted it earlier, on arrival) and
    while it is in flight, so these windows are never more generous than a sliding window on
    Telegram's side, whatever the network latency.
    """

    def __init__(self, options: SenderOptions) -> None:
        self._o = options
        self._done: deque[float] = deque()  # answers within the last second
        self._in_flight = 0
        self._last: dict[int, float] = {}  # chat -> its last answer
        self._group: dict[int, deque[float]] = {}  # group -> answers within the last minute
        self._held: dict[int, float] = {}  # chat -> until (429)
        self._paused_until = 0.0  # every chat (network trouble, bot-wide flood)

    def chat_ready_at(self, chat_id: int, now: float) -> float:
        o = self._o
        ready = self._held.get(chat_id, 0.0)
        if chat_id in self._last:
            ready = max(ready, self._last[chat_id] + o.chat_interval_s + o.margin_s)
        window = self._group.get(chat_id)
        if window is not None:
            while window and window[0] <= now - 60.0 - o.margin_s:
                window.popleft()
            if len(window) >= o.group_per_min:
                ready = max(ready, window[len(window) - o.group_per_min] + 60.0 + o.margin_s)
        return ready

    def global_ready_at(self, now: float) -> float:
        o = self._o
        while self._done and self._done[0] <= now - 1.0 - o.margin_s:
            self._done.popleft()
        ready = self._paused_until
        if self._in_flight >= min(o.global_per_sec, o.max_in_flight):
            return math.inf  # wait for an answer
        excess = len(self._done) + self._in_flight - o.global_per_sec
        if excess >= 0:
            ready = max(ready, self._done[excess] + 1.0 + o.margin_s)
        return ready

    def begin(self) -> None:
        self._in_flight += 1

    def end(self, chat_id: int, now: float) -> None:
        self._in_flight -= 1
        self._done.append(now)
        self._last[chat_id] = now
        if chat_id < 0:
            self._group.setdefault(chat_id, deque()).append(now)

    def seed(self, chat_id: int, at: float) -> None:
        """A send made before this sender started (by the previous process), in time order."""
        self._done.append(at)
        self._last[chat_id] = max(at, self._last.get(chat_id, at))
        if chat_id < 0:
            self._group.setdefault(chat_id, deque()).append(at)

    def hold(self, chat_id: int, until: float) -> None:
        self._held[chat_id] = max(self._held.get(chat_id, 0.0), until)

    def pause(self, until: float) -> None:
        self._paused_until = max(self._paused_until, until)

    def prune(self, now: float) -> None:
        """Forget chats that have been quiet long enough to be free again."""
        self._last = {c: t for c, t in self._last.items() if t > now - self._o.chat_interval_s - 1.0}
        self._held = {c: t for c, t in self._held.items() if t > now}
        self._group = {c: w for c, w in self._group.items() if w and w[-1] > now - 61.0}
