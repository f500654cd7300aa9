"""The provider register: import, add, edit and retire providers; every change kept.

Each write is one register revision (`Store.changeset`) with one history row per provider
changed, holding the whole record before and after. So the register at any revision, or as it
was on any date, is rebuilt from the history alone, and an interrupted write leaves nothing.
Edits name the version they were based on: if someone else changed the provider meanwhile, the
edit is refused with both versions shown and kept in `rejected_edits`, never silently merged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import sqlalchemy as sa

from coverage.data.providers import SENIORSURF_MATCH_M, _norm
from coverage.data.schema import PROVIDER_COLUMNS, SERVICE_FLAGS
from coverage.errors import InputError, Problem
from coverage.store import tables as tb
from coverage.store.db import ConflictError, PermissionDeniedError, Store, StoreError, utc

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from coverage.data.dataset import Dataset

REGISTER_FIELDS: tuple[str, ...] = (
    "name",
    "provider_type",
    "auta_part",
    "channel",
    "capacity_h_week",
    "kunta_code",
    "x",
    "y",
    "address",
    "languages",
    "source",
    "reference_date",
    "location_approximate",
    "flags",
    "opening_hours",
    "staffed_hours",
    "channels",
    "valid_from",
    "valid_to",
)
"""Fields of a register entry (history keeps all of them before and after each change)."""

EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "opening_hours": ("opening_hours", "aukioloajat", "aukiolo", "öppettider"),
    "staffed_hours": ("staffed_hours", "ohjausajat", "henkilökunta_paikalla", "bemannade_tider"),
    "channels": ("channels", "kanavat", "kanaler"),
    "valid_from": ("valid_from", "voimassa_alkaen", "alkaen", "giltig_från"),
    "valid_to": ("valid_to", "voimassa_asti", "asti", "giltig_till"),
    "source": ("source", "lähde", "källa"),
}
"""Register fields an imported file may carry beyond the validator's columns (header aliases)."""

IMPORT_CHUNK_ROWS = 5000
"""Rows written per statement batch during an import (progress is reported per batch)."""

ID_PREFIX = "register:"
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$|^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the revision it made and how many rows it added or skipped."""

    revision: int
    added: int
    skipped_present: int
    warnings: list[Problem]


def parse_date(text: str) -> str | None:
    """Return an ISO date from "2026-06-30" or "30.6.2026"; None when it is not a date."""
    m = _DATE.match(text.strip())
    if not m:
        return None
    y, mo, d = (
        (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(6), m.group(5), m.group(4))
    )
    try:
        return date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _today(store: Store) -> str:
    return utc(store.clock()).date().isoformat()


# -- who may change what ---------------------------------------------------------------------


def editor_areas(conn: sa.Connection, actor: str) -> tuple[bool, set[str]]:
    """Return (rules in force, areas of `actor`): no editors named = single-user, no rules."""
    rows = conn.execute(sa.select(tb.editors.c.actor, tb.editors.c.area)).all()
    return bool(rows), {area for who, area in rows if who == actor}


def _areas_of_kunta(store: Store, kunta_code: str) -> set[str]:
    areas = {f"kunta:{kunta_code}"}
    membership = store.membership
    if membership is None:
        return areas
    frame = membership.set_index("kunta_code") if "kunta_code" in membership.columns else membership
    if kunta_code in frame.index:
        for division, unit in frame.loc[kunta_code].items():
            areas.add(f"{division}:{unit}")
    return areas


def check_may_edit(store: Store, conn: sa.Connection, kunta_codes: Iterable[str]) -> None:
    """Raise PermissionDeniedError unless the actor may change providers in every municipality."""
    in_force, areas = editor_areas(conn, store.actor)
    if not in_force or "*" in areas:
        return
    if store.membership is None and any(not a.startswith("kunta:") for a in areas):
        msg = "editor areas need the dataset's municipality keys; open the store with membership"
        raise StoreError(msg)
    refused = sorted({k for k in set(kunta_codes) if not (_areas_of_kunta(store, k) & areas)})
    if refused:
        mine = ", ".join(sorted(areas)) or "none"
        msg = (
            f"{store.actor} may not change providers in municipality {', '.join(refused[:10])}"
            f"{' …' if len(refused) > 10 else ''}: their editor areas are {mine}. "  # noqa: PLR2004
            "Ask an administrator to add the area (workspace editors add)."
        )
        raise PermissionDeniedError(msg)


def set_editor(store: Store, actor: str, area: str, *, remove: bool = False) -> None:
    """Name (or remove) an editor of an area ("maakunta:19", "kunta:091" or "*" for all).

    Only an editor of "*" may do this once rules are in force; the first editor named must
    therefore be an administrator ("*"), so the workspace never locks everyone out.
    """
    if area != "*" and not re.fullmatch(r"[a-z_]+:[0-9A-Za-z]+", area):
        msg = f"area {area!r}: write division:code, e.g. maakunta:19 or kunta:091, or * for all"
        raise InputError(msg)
    with store.transaction() as conn:
        in_force, mine = editor_areas(conn, store.actor)
        if in_force and "*" not in mine:
            msg = f"{store.actor} is not an administrator (area *); only they can name editors"
            raise PermissionDeniedError(msg)
        if not in_force and not remove and area != "*":
            msg = "name an administrator first: workspace editors add USER '*'"
            raise InputError(msg)
        if remove:
            conn.execute(
                sa.delete(tb.editors).where(tb.editors.c.actor == actor, tb.editors.c.area == area)
            )
        elif not conn.execute(
            sa.select(tb.editors.c.id).where(tb.editors.c.actor == actor, tb.editors.c.area == area)
        ).first():
            conn.execute(
                sa.insert(tb.editors).values(
                    actor=actor, area=area, added_at=store.clock(), added_by=store.actor
                )
            )


def list_editors(store: Store) -> pd.DataFrame:
    """Return the named editors and their areas."""
    with store.read() as conn:
        rows = conn.execute(
            sa.select(
                tb.editors.c.actor, tb.editors.c.area, tb.editors.c.added_at, tb.editors.c.added_by
            ).order_by(tb.editors.c.actor)
        ).all()
    return pd.DataFrame(rows, columns=["actor", "area", "added_at", "added_by"])


# -- records -----------------------------------------------------------------------------------


def _flags_text(row: pd.Series | dict) -> str:
    return ";".join(f for f in SERVICE_FLAGS if bool(row.get(f, False)))


def record_from_frame_row(row: dict[str, Any], today: str) -> dict[str, Any]:
    """Return a register record from a provider-frame row (validator output plus extras)."""
    rec = {
        "name": str(row["name"]),
        "provider_type": str(row["provider_type"]),
        "auta_part": str(row["auta_part"]),
        "channel": str(row["channel"]),
        "capacity_h_week": float(row["capacity_h_week"]),
        "kunta_code": str(row["kunta_code"]),
        "x": float(row["x"]),
        "y": float(row["y"]),
        "address": str(row.get("address") or ""),
        "languages": str(row.get("languages") or ""),
        "source": str(row.get("source") or ""),
        "reference_date": str(row.get("reference_date") or ""),
        "location_approximate": bool(row.get("location_approximate", False)),
        "flags": row["flags"] if "flags" in row else _flags_text(row),
        "opening_hours": str(row.get("opening_hours") or ""),
        "staffed_hours": str(row.get("staffed_hours") or ""),
        "channels": str(row.get("channels") or ""),
        "valid_from": str(row.get("valid_from") or today or ""),
        "valid_to": (str(row["valid_to"]) if row.get("valid_to") else None),
    }
    return rec


def _check_record(rec: dict[str, Any], where: str) -> None:
    problems = []
    if not rec["name"].strip():
        problems.append(Problem(where, None, "name", "a provider needs a name"))
    for key in ("valid_from", "valid_to"):
        if rec[key] is not None and parse_date(rec[key]) is None:
            problems.append(Problem(where, None, key, f"{rec[key]!r} is not a date (2026-06-30)"))
    if rec["valid_to"] and rec["valid_from"] and rec["valid_to"] < rec["valid_from"]:
        problems.append(Problem(where, None, "valid_to", "valid_to must not be before valid_from"))
    if not (rec["capacity_h_week"] >= 0):
        problems.append(Problem(where, None, "capacity_h_week", "capacity must be 0 or more hours"))
    if problems:
        raise InputError(problems)


def _row_values(
    rec: dict[str, Any], pk: int, version: int, cs_revision: int, at: datetime, actor: str
) -> dict[str, Any]:
    return {
        **rec,
        "id": pk,
        "version": version,
        "revision": cs_revision,
        "updated_at": at,
        "updated_by": actor,
    }


def _history_json(rec: dict[str, Any] | None, version: int | None = None) -> str | None:
    if rec is None:
        return None
    out = {k: rec[k] for k in REGISTER_FIELDS}
    if version is not None:
        out["version"] = version
    return json.dumps(out, ensure_ascii=False, sort_keys=True)


def _next_id(conn: sa.Connection) -> int:
    return (
        int(
            conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(tb.providers.c.id), 0))
            ).scalar_one()
        )
        + 1
    )


def _present_keys(conn: sa.Connection, today: str) -> dict[str, list[tuple[float, float]]]:
    rows = conn.execute(
        sa.select(tb.providers.c.name, tb.providers.c.x, tb.providers.c.y).where(
            sa.or_(tb.providers.c.valid_to.is_(None), tb.providers.c.valid_to > today)
        )
    ).all()
    out: dict[str, list[tuple[float, float]]] = {}
    for name, x, y in rows:
        out.setdefault(_norm(name), []).append((x, y))
    return out


def add_records(
    store: Store,
    records: list[dict[str, Any]],
    *,
    action: str,
    note: str = "",
    skip_present: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, list[int], int]:
    """Add register records in one revision; return (revision, new ids, skipped as present).

    With `skip_present`, a record named like an active register entry within
    `DUPLICATE_DISTANCE_M` of it is taken to be that entry and not added twice.
    """
    from coverage.data.uploads import DUPLICATE_DISTANCE_M  # noqa: PLC0415

    today = _today(store)
    for i, rec in enumerate(records):
        if not rec["valid_from"]:
            rec["valid_from"] = today
        if len(records) <= 1000 or i == 0:  # noqa: PLR2004 - imports were checked row by row
            _check_record(rec, f"record {i + 1}")
    with store.changeset(action, note) as cs:
        conn = cs.conn
        check_may_edit(store, conn, {r["kunta_code"] for r in records})
        if skip_present:
            present = _present_keys(conn, today)

            def is_present(r: dict[str, Any]) -> bool:
                return any(
                    (r["x"] - x) ** 2 + (r["y"] - y) ** 2 <= DUPLICATE_DISTANCE_M**2
                    for x, y in present.get(_norm(r["name"]), ())
                )

            kept = [r for r in records if not is_present(r)]
        else:
            kept = records
        first = _next_id(conn)
        ids = list(range(first, first + len(kept)))
        for start in range(0, len(kept), IMPORT_CHUNK_ROWS):
            chunk = kept[start : start + IMPORT_CHUNK_ROWS]
            chunk_ids = ids[start : start + IMPORT_CHUNK_ROWS]
            conn.execute(
                sa.insert(tb.providers),
                [
                    _row_values(r, pk, 1, cs.revision, cs.at, store.actor)
                    for r, pk in zip(chunk, chunk_ids, strict=True)
                ],
            )
            conn.execute(
                sa.insert(tb.provider_history),
                [
                    {
                        "changeset_id": cs.revision,
                        "provider_id": pk,
                        "action": "add",
                        "before": None,
                        "after": _history_json(r, 1),
                    }
                    for r, pk in zip(chunk, chunk_ids, strict=True)
                ],
            )
            if progress:
                progress(start + len(chunk), len(kept))
        cs.n_changes = len(kept)
    return cs.revision, ids, len(records) - len(kept)


def import_file(
    store: Store,
    source: str | bytes,
    ds: Dataset,
    *,
    filename: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate a provider file (the upload validator) and add its rows in one revision.

    Nothing is written when the file has an error; a process killed while writing leaves the
    register as it was (one transaction). Rows already in the register (same name within 50 m)
    are not added again, so importing the same file twice adds nothing.
    """
    from coverage.data.providers import assign_municipality  # noqa: PLC0415
    from coverage.data.uploads import _read_source, _read_table, _validate  # noqa: PLC0415

    data, display = _read_source(source, filename)
    table = _read_table(data, display, filename if filename is not None else display)
    extra_at = _extra_column_index(table.header)
    rows_by_number = dict(table.rows) if extra_at else {}
    result = _validate(table, display)  # the uploader's checks: every problem at once
    frame = pd.DataFrame(result.providers.drop(columns="geometry"))
    frame["city"] = ""
    frame, _report = assign_municipality(frame, ds.municipalities)
    warnings = [w for w in result.warnings if not _only_register_columns(w, extra_at)]
    today = _today(store)
    columns = {c: frame[c].tolist() for c in frame.columns}
    records, problems = [], []
    for i in range(len(frame)):
        row = {c: values[i] for c, values in columns.items()}
        number = int(str(row["provider_id"]).removeprefix("upload:"))
        cells = rows_by_number.get(number, [])
        for field, col in extra_at.items():
            text = cells[col].strip() if col < len(cells) else ""
            if field in ("valid_from", "valid_to") and text:
                iso = parse_date(text)
                if iso is None:
                    problems.append(
                        Problem(
                            display,
                            number,
                            table.header[col],
                            f"{text!r} is not a date; write 2026-06-30 or 30.6.2026",
                        )
                    )
                text = iso or ""
            if text:
                row[field] = text
        rec = record_from_frame_row(row, today)
        if "source" not in extra_at:
            rec["source"] = f"import: {_basename(display)}"
        if rec["valid_to"] and rec["valid_from"] and rec["valid_to"] < rec["valid_from"]:
            problems.append(
                Problem(display, number, "valid_to", "valid_to must not be before valid_from")
            )
        records.append(rec)
    if problems:
        raise InputError(problems)
    revision, ids, skipped = add_records(
        store,
        records,
        action="import",
        note=_basename(display),
        skip_present=True,
        progress=progress,
    )
    return ImportResult(
        revision=revision, added=len(ids), skipped_present=skipped, warnings=warnings
    )


def _only_register_columns(warning: Problem, extra_at: dict[str, int]) -> bool:
    """Return whether a "columns not used" warning names only register fields (used here)."""
    if warning.code != "upload.unused_columns":
        return False
    from coverage.data.uploads import _norm_header  # noqa: PLC0415

    params = dict(warning.params)
    used = {_norm_header(a) for f in extra_at for a in EXTRA_FIELDS[f]}
    return all(_norm_header(str(c)) in used for c in params.get("columns", ()))


def _extra_column_index(header: list[str]) -> dict[str, int]:
    """Return the column of each register-only field the file has (opening hours, …)."""
    from coverage.data.uploads import _norm_header  # noqa: PLC0415

    normed = [_norm_header(h) for h in header]
    where: dict[str, int] = {}
    for field, aliases in EXTRA_FIELDS.items():
        for alias in aliases:
            if _norm_header(alias) in normed:
                where[field] = normed.index(_norm_header(alias))
                break
    return where


def _basename(display: str) -> str:
    return display.replace("\\", "/").rsplit("/", 1)[-1]


def _current(conn: sa.Connection, provider_id: int) -> dict[str, Any] | None:
    row = (
        conn.execute(sa.select(tb.providers).where(tb.providers.c.id == provider_id))
        .mappings()
        .first()
    )
    return dict(row) if row else None


def provider_pk(provider_id: str | int) -> int:
    """Return the register key of "register:12" or 12."""
    text = str(provider_id).removeprefix(ID_PREFIX)
    if not text.isdigit():
        msg = f"provider {provider_id!r}: give a register id such as register:12"
        raise InputError(msg)
    return int(text)


def edit(
    store: Store,
    provider_id: str | int,
    *,
    based_on_version: int,
    changes: dict[str, Any],
    action: str = "edit",
) -> int:
    """Change fields of one provider; return its new version.

    Raises
    ------
    ConflictError
        If the provider is no longer at `based_on_version` (someone else saved first); the
        proposed change is kept in `rejected_edits` and the message shows both.
    """
    pk = provider_pk(provider_id)
    based_on_version = int(based_on_version)
    unknown = sorted(set(changes) - set(REGISTER_FIELDS))
    if unknown:
        msg = f"unknown field(s) {', '.join(unknown)}; fields are {', '.join(REGISTER_FIELDS)}"
        raise InputError(msg)
    conflict: ConflictError | None = None
    with store.changeset(action, f"{ID_PREFIX}{pk}") as cs:
        conn = cs.conn
        current = _current(conn, pk)
        if current is None:
            msg = f"no provider {ID_PREFIX}{pk} in the register"
            raise InputError(msg)
        before = {k: current[k] for k in REGISTER_FIELDS}
        after = {**before, **changes}
        after["capacity_h_week"] = float(after["capacity_h_week"])
        after["x"], after["y"] = float(after["x"]), float(after["y"])
        _check_record(after, f"{ID_PREFIX}{pk}")
        check_may_edit(store, conn, {before["kunta_code"], after["kunta_code"]})
        if current["version"] != based_on_version:
            conflict = _conflict(store, conn, pk, based_on_version, current, changes)
            cs.action = "rejected edit"
        else:
            done = conn.execute(
                sa.update(tb.providers)
                .where(tb.providers.c.id == pk, tb.providers.c.version == based_on_version)
                .values(
                    **changes,
                    version=based_on_version + 1,
                    revision=cs.revision,
                    updated_at=cs.at,
                    updated_by=store.actor,
                )
            ).rowcount
            if done != 1:  # cannot happen while writers are serialised; refuse rather than guess
                conflict = _conflict(store, conn, pk, based_on_version, current, changes)
            else:
                conn.execute(
                    sa.insert(tb.provider_history).values(
                        changeset_id=cs.revision,
                        provider_id=pk,
                        action=action,
                        before=_history_json(before, based_on_version),
                        after=_history_json(after, based_on_version + 1),
                    )
                )
                cs.n_changes = 1
    if conflict is not None:
        raise conflict
    return based_on_version + 1


def _conflict(
    store: Store, conn: sa.Connection, pk: int, based_on: int, current: dict, changes: dict
) -> ConflictError:
    conn.execute(
        sa.insert(tb.rejected_edits).values(
            at=store.clock(),
            actor=store.actor,
            provider_id=pk,
            based_on_version=based_on,
            current_version=current["version"],
            proposed=json.dumps(changes, ensure_ascii=False, default=str),
        )
    )
    differing = {k: (current[k], v) for k, v in changes.items() if current.get(k) != v}
    shown = (
        "; ".join(f"{k}: now {a!r}, yours {b!r}" for k, (a, b) in differing.items())
        or "no field differs"
    )
    msg = (
        f"{ID_PREFIX}{pk} was changed by {current['updated_by']} at "
        f"{utc(current['updated_at']).isoformat(timespec='seconds')} "
        f"(version {current['version']}; "
        f"you edited version {based_on}). Your change was not saved, nothing was overwritten "
        f"and it is kept in the workspace's rejected edits. {shown}. Reload and apply it again."
    )
    return ConflictError(
        msg, current={k: current[k] for k in (*REGISTER_FIELDS, "version")}, proposed=dict(changes)
    )


def retire(
    store: Store, provider_id: str | int, *, based_on_version: int, on: str | None = None
) -> int:
    """End a provider's validity on `on` (default today); it stays in the history."""
    day = parse_date(on) if on else _today(store)
    if day is None:
        msg = f"{on!r} is not a date (2026-06-30)"
        raise InputError(msg)
    return edit(
        store,
        provider_id,
        based_on_version=based_on_version,
        changes={"valid_to": day},
        action="retire",
    )


# -- reading -------------------------------------------------------------------------------


def _frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """Return register records as a provider frame (PROVIDER_COLUMNS, service flags, extras)."""
    cols = [
        *PROVIDER_COLUMNS,
        *SERVICE_FLAGS,
        "opening_hours",
        "staffed_hours",
        "channels",
        "valid_from",
        "valid_to",
        "version",
    ]
    if not records:
        out = pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
        return out.astype(
            {
                "x": float,
                "y": float,
                "capacity_h_week": float,
                "location_approximate": bool,
                **dict.fromkeys(SERVICE_FLAGS, bool),
            }
        )
    frame = pd.DataFrame.from_records(records)
    frame["provider_id"] = ID_PREFIX + frame["id"].astype(str)
    flags = frame["flags"].fillna("").str.split(";")
    for f in SERVICE_FLAGS:
        frame[f] = [f in fl for fl in flags]
    frame["valid_to"] = frame["valid_to"].where(frame["valid_to"].notna(), None)
    frame = frame.astype(
        {"x": float, "y": float, "capacity_h_week": float, "location_approximate": bool}
    )
    return frame[cols].reset_index(drop=True)


def revision_on(store: Store, day: str) -> int:
    """Return the last revision recorded by the end of `day` (UTC)."""
    end = datetime.fromisoformat(day).replace(tzinfo=utc(store.clock()).tzinfo) + timedelta(days=1)
    with store.read() as conn:
        found = conn.execute(
            sa.select(sa.func.max(tb.changesets.c.id)).where(tb.changesets.c.at < end)
        ).scalar()
    return int(found or 0)


def providers_at(
    store: Store,
    *,
    revision: int | None = None,
    on: str | None = None,
    include_retired: bool = False,
) -> pd.DataFrame:
    """Return the register as a provider frame.

    `revision`: the register as it stood after that revision (default: now). `on`: only
    providers valid on that date (valid_from <= on < valid_to; default today);
    `include_retired` keeps every entry regardless of dates.
    """
    day = on or _today(store)
    with store.read() as conn:
        latest = int(conn.execute(sa.select(tb.revision_counter.c.revision)).scalar_one())
        if revision is None or revision >= latest:
            rows = [
                dict(r)
                for r in conn.execute(
                    sa.select(tb.providers).order_by(tb.providers.c.id)
                ).mappings()
            ]
        else:
            h = tb.provider_history
            last = (
                sa.select(h.c.provider_id, sa.func.max(h.c.changeset_id).label("cs"))
                .where(h.c.changeset_id <= revision)
                .group_by(h.c.provider_id)
                .subquery()
            )
            query = (
                sa.select(h.c.provider_id, h.c.after)
                .join(
                    last,
                    sa.and_(h.c.provider_id == last.c.provider_id, h.c.changeset_id == last.c.cs),
                )
                .order_by(h.c.provider_id)
            )
            rows = [{**json.loads(after), "id": pid} for pid, after in conn.execute(query)]
    if not include_retired:
        rows = [
            r
            for r in rows
            if r["valid_from"] <= day and (r["valid_to"] is None or day < r["valid_to"])
        ]
    for r in rows:
        r.setdefault("version", None)
    return _frame(rows)


def history(store: Store, provider_id: str | int | None = None) -> pd.DataFrame:
    """Return the change log: when, who, what, and each changed field before -> after."""
    h, c = tb.provider_history, tb.changesets
    query = (
        sa.select(
            c.c.id,
            c.c.at,
            c.c.actor,
            c.c.action,
            c.c.note,
            h.c.provider_id,
            h.c.action,
            h.c.before,
            h.c.after,
        )
        .join(h, h.c.changeset_id == c.c.id, isouter=True)
        .order_by(c.c.id, h.c.provider_id)
    )
    if provider_id is not None:
        query = query.where(h.c.provider_id == provider_pk(provider_id))
    rows = []
    with store.read() as conn:
        for rev, at, actor, cs_action, note, pid, action, before, after in conn.execute(query):
            b = json.loads(before) if before else {}
            a = json.loads(after) if after else {}
            changed = [k for k in REGISTER_FIELDS if b.get(k) != a.get(k)] if b else []
            rows.append(
                {
                    "revision": rev,
                    "at": utc(at).isoformat(timespec="seconds"),
                    "actor": actor,
                    "action": action or cs_action,
                    "note": note,
                    "provider_id": f"{ID_PREFIX}{pid}" if pid is not None else "",
                    "name": a.get("name", ""),
                    "changes": "; ".join(f"{k}: {b.get(k)!r} -> {a.get(k)!r}" for k in changed)
                    if b
                    else ("added" if a else ""),
                }
            )
    return pd.DataFrame(
        rows,
        columns=["revision", "at", "actor", "action", "note", "provider_id", "name", "changes"],
    )


def rejected(store: Store) -> pd.DataFrame:
    """Return the edits refused because of a conflict (so nothing typed is lost)."""
    with store.read() as conn:
        rows = (
            conn.execute(sa.select(tb.rejected_edits).order_by(tb.rejected_edits.c.id))
            .mappings()
            .all()
        )
    return pd.DataFrame([dict(r) for r in rows])


# -- the register as analysis input --------------------------------------------------------


def combine(
    dataset_providers: pd.DataFrame, register_providers: pd.DataFrame
) -> tuple[pd.DataFrame, int]:
    """Return dataset + register providers without twins, and how many register rows were twins.

    The sync's rule (`data.providers.merge_seniorsurf`): a register entry within
    `SENIORSURF_MATCH_M` of a dataset library and named like a library, or of any dataset
    provider with the same name, is that provider. The dataset row stays; the twin is dropped.
    """
    from scipy.spatial import cKDTree  # noqa: PLC0415

    if register_providers.empty or dataset_providers.empty:
        return pd.concat([dataset_providers, register_providers], ignore_index=True), 0
    reg_xy = register_providers[["x", "y"]].to_numpy(float)
    names = register_providers["name"].map(_norm).to_numpy()
    says_library = (
        pd.Series(names).str.contains("kirjasto|bibliotek|library", regex=True).to_numpy()
    )
    libs = dataset_providers[dataset_providers["provider_type"] == "library"]
    twin = np.zeros(len(register_providers), dtype=bool)
    if len(libs):
        dist, _ = cKDTree(libs[["x", "y"]].to_numpy(float)).query(reg_xy, k=1)
        twin |= (dist <= SENIORSURF_MATCH_M) & says_library
    tree = cKDTree(dataset_providers[["x", "y"]].to_numpy(float))
    ds_names = dataset_providers["name"].map(_norm).to_numpy()
    for i, near in enumerate(tree.query_ball_point(reg_xy, r=SENIORSURF_MATCH_M)):
        if not twin[i] and any(ds_names[j] == names[i] for j in near):
            twin[i] = True
    kept = register_providers[~twin]
    return pd.concat([dataset_providers, kept], ignore_index=True), int(twin.sum())


def change_days(store: Store) -> list[str]:
    """Return the days (ISO, up to today) the register changed or a validity began or ended."""
    today = _today(store)
    with store.read() as conn:
        ats = (
            conn.execute(sa.select(tb.changesets.c.at).where(tb.changesets.c.n_changes > 0))
            .scalars()
            .all()
        )
        dates = conn.execute(sa.select(tb.providers.c.valid_from, tb.providers.c.valid_to)).all()
    days = {utc(a).date().isoformat() for a in ats}
    if not days:
        return []
    first = min(days)
    for start, end in dates:
        days.update(d for d in (start, end) if d)
    return sorted(d for d in days if first <= d <= today)


def new_record(
    ds: Dataset, *, name: str, provider_type: str, x: float, y: float, **fields: object
) -> dict[str, Any]:
    """Return a register record for a provider placed at (x, y) (EPSG:3067 metres).

    Type defaults (AUTA part, channel, capacity) come from the provider-type taxonomy and the
    municipality from the point, as for an uploaded file.
    """
    from coverage.data.providers import assign_municipality  # noqa: PLC0415
    from coverage.data.taxonomy import provider_types, resolve_provider_type  # noqa: PLC0415

    type_id = resolve_provider_type(provider_type)
    if type_id is None:
        msg = f"provider type {provider_type!r} is unknown; see data/providers/provider_types.csv"
        raise InputError(msg)
    pt = provider_types()[type_id]
    frame = pd.DataFrame(
        {
            "provider_id": ["new"],
            "name": [name],
            "x": [float(x)],
            "y": [float(y)],
            "city": [""],
            "kunta_code": [str(fields.pop("kunta_code", "") or "")],
        }
    )
    placed, _ = assign_municipality(frame, ds.municipalities)
    kunta = str(placed["kunta_code"].iloc[0])
    if not kunta:
        msg = f"({x:.0f}, {y:.0f}) is not in any Finnish municipality (EPSG:3067 metres)"
        raise InputError(msg)
    flags = fields.pop("flags", ())
    base = {
        "name": name,
        "provider_type": pt.provider_type,
        "auta_part": pt.auta_part,
        "channel": pt.channel,
        "capacity_h_week": pt.capacity_h_week,
        "kunta_code": kunta,
        "x": float(x),
        "y": float(y),
        "location_approximate": False,
        **{f if f.startswith("svc_") else f"svc_{f}": True for f in flags},
    }
    base.update({k: v for k, v in fields.items() if v is not None})
    return record_from_frame_row(base, "")
