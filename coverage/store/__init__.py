"""The workspace store: the provider register, saved scenarios and the run log.

Kept in a database (SQLite file by default, PostgreSQL + PostGIS by URL). Data layer: imports
only `coverage.data`, `coverage.errors`, `coverage.defaults` and `coverage.messages`.
"""

from __future__ import annotations

from coverage.store.db import (
    ConflictError,
    ForeignStoreError,
    PermissionDeniedError,
    Store,
    StoreError,
    open_store,
    store_url,
)

__all__ = [
    "ConflictError",
    "ForeignStoreError",
    "PermissionDeniedError",
    "Store",
    "StoreError",
    "open_store",
    "store_url",
]
