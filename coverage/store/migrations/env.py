"""Alembic environment: migrations run on the connection the store hands over.

Never a URL from a config file; inside the store's own transaction, so a failed upgrade
changes nothing.
"""

from __future__ import annotations

from alembic import context

from coverage.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
