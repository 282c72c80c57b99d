"""A process-wide count of changes to who-is-who (people and units), for caches of who is calling.

Every ORM flush that adds, changes or deletes a Person or a Unit bumps the count, and so does the commit
that follows it (a reader between the flush and the commit may still have read the old row). A cache
that remembers the count with each entry knows the entry is stale once the count moved. Changes made by
another process are not seen here: such caches also expire entries after a few seconds.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from storage.tables import Person, Unit

_WHO_IS_WHO = (Person, Unit)
_count = 0


def people_generation() -> int:
    """Changes to people and units flushed or committed by this process so far."""
    return _count


def _bump() -> None:
    global _count
    _count += 1


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush_context: Any) -> None:
    if any(isinstance(obj, _WHO_IS_WHO) for obj in chain(session.new, session.dirty, session.deleted)):
        session.info["who_is_who_changed"] = True
        _bump()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop("who_is_who_changed", False):
        _bump()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("who_is_who_changed", None)
