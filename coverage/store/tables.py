"""The workspace's tables (SQLAlchemy Core): the schema the migrations create, in one place.

Times are UTC. `changesets.id` is the register revision: one per write, numbered without gaps
in commit order (writers are serialised by the `revision_counter` row), so "the register at
revision R" is well defined on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlalchemy as sa

APPLICATION = "digituki-coverage-workspace"
"""Value of `workspace_meta.application`: how a file is recognised as ours."""

SQLITE_APPLICATION_ID = 0x44475455  # "DGTU" in `PRAGMA application_id`

metadata = sa.MetaData()

workspace_meta = sa.Table(
    "workspace_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

revision_counter = sa.Table(
    "revision_counter",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.Integer, nullable=False),
)

changesets = sa.Table(
    "changesets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("n_changes", sa.Integer, nullable=False),
)

providers = sa.Table(
    "providers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("provider_type", sa.String(40), nullable=False),
    sa.Column("auta_part", sa.String(4), nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("capacity_h_week", sa.Float, nullable=False),
    sa.Column("kunta_code", sa.String(3), nullable=False),
    sa.Column("x", sa.Float, nullable=False),
    sa.Column("y", sa.Float, nullable=False),
    sa.Column("address", sa.Text, nullable=False, default=""),
    sa.Column("languages", sa.Text, nullable=False, default=""),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("reference_date", sa.String(10), nullable=False, default=""),
    sa.Column("location_approximate", sa.Boolean, nullable=False, default=False),
    sa.Column("flags", sa.Text, nullable=False, default=""),
    sa.Column("opening_hours", sa.Text, nullable=False, default=""),
    sa.Column("staffed_hours", sa.Text, nullable=False, default=""),
    sa.Column("channels", sa.Text, nullable=False, default=""),
    sa.Column("valid_from", sa.String(10), nullable=False),
    sa.Column("valid_to", sa.String(10), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("revision", sa.Integer, sa.ForeignKey("changesets.id"), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
)

provider_history = sa.Table(
    "provider_history",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("changeset_id", sa.Integer, sa.ForeignKey("changesets.id"), nullable=False),
    sa.Column("provider_id", sa.Integer, sa.ForeignKey("providers.id"), nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=False),
    sa.Index("ix_provider_history_provider_changeset", "provider_id", "changeset_id"),
    sa.Index("ix_provider_history_changeset", "changeset_id"),
)

rejected_edits = sa.Table(
    "rejected_edits",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("based_on_version", sa.Integer, nullable=False),
    sa.Column("current_version", sa.Integer, nullable=False),
    sa.Column("proposed", sa.Text, nullable=False),
)

editors = sa.Table(
    "editors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("area", sa.String(80), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("added_by", sa.String(200), nullable=False),
    sa.UniqueConstraint("actor", "area", name="uq_editors_actor_area"),
)

scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("provider_source", sa.String(20), nullable=False),
    sa.Column("register_revision", sa.Integer, nullable=True),
    sa.Column("on_date", sa.String(10), nullable=True),
    sa.Column("dataset_id", sa.String(200), nullable=False),
    sa.Column("manifest_sha256", sa.String(64), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

run_log = sa.Table(
    "run_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("scenario", sa.String(400), nullable=False, default=""),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("versions", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
)
