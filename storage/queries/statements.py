"""Statements built once at import, for the paths that run them on every message."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_unless_present(table: Table, key: Column[Any], returning: Column[Any]) -> dict[str, Any]:
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING `returning`, one per dialect name (both databases
    have it). A re-delivered row neither raises nor needs a savepoint; its RETURNING is simply empty.
    Built once: building a statement and its cache key cost more than running it."""
    return {
        dialect.__name__.rsplit(".", 1)[-1]: dialect.insert(table)
        .on_conflict_do_nothing(index_elements=[key])
        .returning(returning)
        for dialect in (postgresql, sqlite)
    }
