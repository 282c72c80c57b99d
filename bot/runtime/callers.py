"""Who is calling, remembered for a few seconds: a contact reporting ten projects in a row is looked up once.

An entry is used only while (1) the Telegram user still has the name, username and language it had (else
the database must remember the new ones), (2) no person or unit changed in this process since
(storage/changes.py: a /grant, /revoke, invite or unreachable mark here takes effect at once), and (3) it
is younger than TTL_S, the most a change made by another process (several webhook processes) takes to
be seen here.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.domain.roles import Caller
from storage.changes import people_generation

TTL_S = 10.0
MAX_ENTRIES = 10_000  # far above a county's people; past it the cache starts afresh

Key = tuple[int, str, str | None, str | None]  # user id, full name, username, language code


class CallerCache:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._entries: dict[int, tuple[Key, Caller, int, float]] = {}
        self._clock = clock

    @staticmethod
    def generation() -> int:
        """Read before looking someone up in the database; pass to put()."""
        return people_generation()

    def get(self, key: Key) -> Caller | None:
        entry = self._entries.get(key[0])
        if entry is None:
            return None
        known_key, caller, generation, expires = entry
        if known_key != key or generation != people_generation() or self._clock() >= expires:
            del self._entries[key[0]]
            return None
        return caller

    def put(self, key: Key, caller: Caller, *, generation: int) -> None:
        """`generation`: people_generation() read before the database was, so a change in between shows."""
        if len(self._entries) >= MAX_ENTRIES:
            self._entries.clear()
        self._entries[key[0]] = (key, caller, generation, self._clock() + TTL_S)
