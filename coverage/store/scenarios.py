"""Saved scenarios and the run log.

A saved scenario keeps everything needed to compute its numbers again: the analysis
parameters (JSON from `Scenario.to_dict`), where the providers came from (dataset, register
or both), the register revision and date used, and the dataset's id and manifest hash; plus
the summary it gave when saved. The run log records every saved, run, diffed or exported
analysis with its parameters and versions (AccessMod's long-standing wish).
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import sqlalchemy as sa

from coverage.errors import InputError
from coverage.store import tables as tb
from coverage.store.db import PermissionDeniedError, Store, utc
from coverage.store.register import editor_areas

PROVIDER_SOURCES: tuple[str, ...] = ("dataset", "register", "both")
"""Where an analysis takes its providers: the dataset's, the register's, or both (deduplicated)."""

MAX_NAME_CHARS = 200


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def check_name(name: str) -> str:
    """Return the trimmed scenario name; refuse an empty or overlong one."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_CHARS:
        msg = f"scenario name {name!r}: give 1-{MAX_NAME_CHARS} characters"
        raise InputError(msg)
    return name


def _row(conn: sa.Connection, name: str) -> dict[str, Any] | None:
    query = sa.select(tb.scenarios).where(tb.scenarios.c.name == name)
    row = conn.execute(query).mappings().first()
    return dict(row) if row else None


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["params"] = json.loads(row["params"])
    out["summary"] = json.loads(row["summary"])
    out["created_at"] = utc(row["created_at"]).isoformat(timespec="seconds")
    out["updated_at"] = utc(row["updated_at"]).isoformat(timespec="seconds")
    return out


def log_run(
    conn: sa.Connection,
    store: Store,
    *,
    action: str,
    scenario: str,
    params: object,
    versions: object,
    summary: object,
) -> None:
    """Add a run-log entry (inside the caller's transaction)."""
    conn.execute(
        sa.insert(tb.run_log).values(
            at=store.clock(),
            actor=store.actor,
            action=action,
            scenario=scenario,
            params=_dumps(params),
            versions=_dumps(versions),
            summary=_dumps(summary),
        )
    )


def record_run(
    store: Store, *, action: str, scenario: str, params: object, versions: object, summary: object
) -> None:
    """Add a run-log entry in its own transaction."""
    with store.transaction() as conn:
        log_run(
            conn,
            store,
            action=action,
            scenario=scenario,
            params=params,
            versions=versions,
            summary=summary,
        )


def save(  # noqa: PLR0913
    store: Store,
    name: str,
    *,
    params: dict,
    provider_source: str,
    register_revision: int | None,
    on_date: str | None,
    dataset_id: str,
    manifest_sha256: str,
    summary: dict,
    replace: bool = False,
) -> dict[str, Any]:
    """Save a scenario (and a run-log entry) in one transaction; return it as saved."""
    name = check_name(name)
    if provider_source not in PROVIDER_SOURCES:
        msg = f"provider source {provider_source!r}: use one of {', '.join(PROVIDER_SOURCES)}"
        raise InputError(msg)
    values = {
        "params": _dumps(params),
        "provider_source": provider_source,
        "register_revision": register_revision,
        "on_date": on_date,
        "dataset_id": dataset_id,
        "manifest_sha256": manifest_sha256,
        "summary": _dumps(summary),
        "updated_at": store.clock(),
    }
    with store.transaction() as conn:
        existing = _row(conn, name)
        if existing and not replace:
            msg = f"a scenario named {name!r} exists; choose another name or replace it (--replace)"
            raise InputError(msg)
        if existing:
            _check_owner(store, conn, existing)
            conn.execute(
                sa.update(tb.scenarios)
                .where(tb.scenarios.c.id == existing["id"])
                .values(**values, version=existing["version"] + 1)
            )
        else:
            conn.execute(
                sa.insert(tb.scenarios).values(
                    name=name, **values, created_at=store.clock(), created_by=store.actor, version=1
                )
            )
        log_run(
            conn,
            store,
            action="save",
            scenario=name,
            params=params,
            versions=_versions(values),
            summary=summary,
        )
        saved = _row(conn, name)
    return _decode(saved or {})


def _versions(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: values[k]
        for k in (
            "provider_source",
            "register_revision",
            "on_date",
            "dataset_id",
            "manifest_sha256",
        )
    }


def versions_of(scenario: dict[str, Any]) -> dict[str, Any]:
    """Return the versions a saved scenario depends on (for the run log)."""
    return _versions(scenario)


def get(store: Store, name: str) -> dict[str, Any]:
    """Return a saved scenario by name."""
    with store.read() as conn:
        row = _row(conn, name)
    if row is None:
        msg = f"no scenario named {name!r}; `scenario list` shows the saved ones"
        raise InputError(msg)
    return _decode(row)


def list_scenarios(store: Store) -> pd.DataFrame:
    """Return the saved scenarios, newest first, with their national summary."""
    with store.read() as conn:
        rows = (
            conn.execute(
                sa.select(tb.scenarios).order_by(
                    tb.scenarios.c.updated_at.desc(), tb.scenarios.c.id.desc()
                )
            )
            .mappings()
            .all()
        )
    out = []
    for r in rows:
        d = _decode(dict(r))
        out.append(
            {
                "name": d["name"],
                "provider_source": d["provider_source"],
                "register_revision": d["register_revision"],
                "on_date": d["on_date"],
                "created_by": d["created_by"],
                "updated_at": d["updated_at"],
                **{k: v for k, v in d["summary"].items() if not isinstance(v, dict | list)},
                "dataset_id": d["dataset_id"],
            }
        )
    return pd.DataFrame(out)


def _check_owner(store: Store, conn: sa.Connection, row: dict[str, Any]) -> None:
    in_force, areas = editor_areas(conn, store.actor)
    if in_force and "*" not in areas and row["created_by"] != store.actor:
        msg = (
            f"scenario {row['name']!r} belongs to {row['created_by']}; "
            "only they or an administrator may change it"
        )
        raise PermissionDeniedError(msg)


def rename(store: Store, old: str, new: str) -> None:
    """Rename a saved scenario (run-log entries keep the name they were made under)."""
    new = check_name(new)
    with store.transaction() as conn:
        row = _row(conn, old)
        if row is None:
            msg = f"no scenario named {old!r}"
            raise InputError(msg)
        if _row(conn, new):
            msg = f"a scenario named {new!r} exists already"
            raise InputError(msg)
        _check_owner(store, conn, row)
        conn.execute(
            sa.update(tb.scenarios)
            .where(tb.scenarios.c.id == row["id"])
            .values(name=new, updated_at=store.clock(), version=row["version"] + 1)
        )
        log_run(
            conn,
            store,
            action="rename",
            scenario=f"{old} -> {new}",
            params={},
            versions={},
            summary={},
        )


def delete(store: Store, name: str) -> None:
    """Delete a saved scenario; the run log keeps its entries (and this deletion)."""
    with store.transaction() as conn:
        row = _row(conn, name)
        if row is None:
            msg = f"no scenario named {name!r}"
            raise InputError(msg)
        _check_owner(store, conn, row)
        conn.execute(sa.delete(tb.scenarios).where(tb.scenarios.c.id == row["id"]))
        log_run(
            conn,
            store,
            action="delete",
            scenario=name,
            params=json.loads(row["params"]),
            versions=_versions(row),
            summary=json.loads(row["summary"]),
        )


def run_log(store: Store, *, scenario: str | None = None) -> pd.DataFrame:
    """Return the run log (oldest first), optionally only one scenario's entries."""
    query = sa.select(tb.run_log).order_by(tb.run_log.c.id)
    if scenario is not None:
        query = query.where(tb.run_log.c.scenario == scenario)
    with store.read() as conn:
        rows = conn.execute(query).mappings().all()
    return pd.DataFrame(
        [{**dict(r), "at": utc(r["at"]).isoformat(timespec="seconds")} for r in rows],
        columns=["id", "at", "actor", "action", "scenario", "params", "versions", "summary"],
    )
