"""The provider register: history, optimistic edits, dates, editors' areas, twins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from coverage.errors import InputError
from coverage.store import ConflictError, PermissionDeniedError, register
from tests.store.conftest import opened

MEMBERSHIP = pd.DataFrame({"kunta_code": ["698", "091", "049"], "maakunta": ["19", "01", "01"]})


def rec(name, kunta="698", x=443800.0, y=7375600.0, **extra):
    base = {
        "name": name,
        "provider_type": "ngo",
        "auta_part": "B",
        "channel": "walk_in",
        "capacity_h_week": 4.0,
        "kunta_code": kunta,
        "x": x,
        "y": y,
    }
    return register.record_from_frame_row({**base, **extra}, "")


class Clock:
    def __init__(self, start="2026-01-01T10:00:00"):
        self.now = datetime.fromisoformat(start).replace(tzinfo=UTC)

    def __call__(self):
        return self.now

    def go(self, days):
        self.now += timedelta(days=days)


def test_add_edit_and_history_before_after(store_url):
    with opened(store_url, actor="alice") as store:
        revision, ids, skipped = register.add_records(
            store, [rec("Kylätalo"), rec("Kirjastoauto")], action="add"
        )
        assert (revision, ids, skipped) == (1, [1, 2], 0)
        assert (
            register.edit(
                store,
                "register:1",
                based_on_version=1,
                changes={"name": "Kylätalo Oy", "capacity_h_week": 6.0},
            )
            == 2
        )
        log = register.history(store)
        assert log["revision"].tolist() == [1, 1, 2]
        assert (
            log.iloc[2]["changes"]
            == "name: 'Kylätalo' -> 'Kylätalo Oy'; capacity_h_week: 4.0 -> 6.0"
        )
        assert log.iloc[2]["actor"] == "alice"
        assert register.providers_at(store, revision=1)["name"].tolist() == [
            "Kylätalo",
            "Kirjastoauto",
        ]
        now = register.providers_at(store)
        assert now["name"].tolist() == ["Kylätalo Oy", "Kirjastoauto"]
        assert now["version"].tolist() == [2, 1]
        assert register.history(store, "register:2")["changes"].tolist() == ["added"]


def test_second_editor_gets_a_conflict_and_nothing_is_lost(store_url):
    with opened(store_url, actor="alice") as alice, opened(store_url, actor="bob") as bob:
        register.add_records(alice, [rec("Kylätalo")], action="add")
        seen_by_both = register.providers_at(bob)["version"].iloc[0]
        register.edit(alice, 1, based_on_version=seen_by_both, changes={"opening_hours": "ma 9-12"})
        with pytest.raises(
            ConflictError,
            match=r"changed by alice .*version 2; you edited version 1.*"
            r"nothing was overwritten.*opening_hours: now 'ma 9-12', yours 'ti 9-12'",
        ) as err:
            register.edit(
                bob, 1, based_on_version=seen_by_both, changes={"opening_hours": "ti 9-12"}
            )
        assert err.value.proposed == {"opening_hours": "ti 9-12"}
        assert register.providers_at(alice)["opening_hours"].tolist() == ["ma 9-12"]
        kept = register.rejected(alice)
        assert kept[
            ["actor", "provider_id", "based_on_version", "current_version"]
        ].values.tolist() == [["bob", 1, 1, 2]]
        assert "ti 9-12" in kept["proposed"].iloc[0]
        assert register.history(alice)["action"].tolist() == ["add", "edit", "rejected edit"]


def test_register_as_it_was_on_a_date(store_url):
    clock = Clock()
    with opened(store_url, clock=clock) as store:
        register.add_records(store, [rec("Eka")], action="add")  # 2026-01-01
        clock.go(2)
        register.add_records(store, [rec("Toka", x=444800.0)], action="add")  # 2026-01-03
        clock.go(2)
        register.retire(store, 1, based_on_version=1)  # 2026-01-05
        clock.go(1)

        def names(day):
            return register.providers_at(store, revision=register.revision_on(store, day), on=day)[
                "name"
            ].tolist()

        assert names("2025-12-31") == []
        assert names("2026-01-02") == ["Eka"]
        assert names("2026-01-04") == ["Eka", "Toka"]
        assert names("2026-01-05") == ["Toka"]
        assert register.providers_at(store, include_retired=True)["valid_to"].fillna(
            "-"
        ).tolist() == ["2026-01-05", "-"]
        assert register.change_days(store) == ["2026-01-01", "2026-01-03", "2026-01-05"]


def test_editors_are_enforced_in_the_store(store_url):
    with (
        opened(store_url, actor="admin", membership=MEMBERSHIP) as admin,
        opened(store_url, actor="lappi", membership=MEMBERSHIP) as lappi,
        opened(store_url, actor="guest", membership=MEMBERSHIP) as guest,
    ):
        register.add_records(
            guest, [rec("Before rules")], action="add"
        )  # single-user: no rules yet
        with pytest.raises(InputError, match="name an administrator first"):
            register.set_editor(admin, "lappi", "maakunta:19")
        register.set_editor(admin, "admin", "*")
        register.set_editor(admin, "lappi", "maakunta:19")
        register.add_records(lappi, [rec("Rovaniemi point", "698")], action="add")
        with pytest.raises(
            PermissionDeniedError,
            match=r"lappi may not change providers in municipality 091.*maakunta:19",
        ):
            register.add_records(
                lappi, [rec("Helsinki point", "091", x=385000.0, y=6672000.0)], action="add"
            )
        with pytest.raises(PermissionDeniedError, match="municipality 091"):
            register.edit(lappi, 2, based_on_version=1, changes={"kunta_code": "091"})
        with pytest.raises(PermissionDeniedError, match="guest may not change"):
            register.edit(guest, 2, based_on_version=1, changes={"name": "x"})
        with pytest.raises(PermissionDeniedError, match="not an administrator"):
            register.set_editor(lappi, "lappi", "maakunta:01")
        register.add_records(
            admin, [rec("Helsinki point", "091", x=385000.0, y=6672000.0)], action="add"
        )
        assert register.edit(lappi, 2, based_on_version=1, changes={"name": "Rovaniemi"}) == 2
        assert len(register.providers_at(admin)) == 3
        assert register.list_editors(admin)[["actor", "area"]].values.tolist() == [
            ["admin", "*"],
            ["lappi", "maakunta:19"],
        ]


def test_twins_of_dataset_providers_follow_the_sync_rule():
    dataset = pd.DataFrame(
        {
            "provider_id": ["kirkanta:1", "seniorsurf:2"],
            "name": ["Kallion kirjasto", "Apuomena"],
            "provider_type": ["library", "ngo"],
            "x": [0.0, 5000.0],
            "y": [0.0, 0.0],
        }
    )
    reg = pd.DataFrame(
        {
            "provider_id": [f"register:{i}" for i in range(1, 6)],
            "name": ["Kallion kirjasto, lainaus", "apuomena", "Apuomena", "Kahvila", "Kirjasto"],
            "provider_type": ["library", "ngo", "ngo", "ngo", "library"],
            "x": [120.0, 5100.0, 5600.0, 10.0, 2000.0],
            "y": [0.0, 0.0, 0.0, 0.0, 0.0],
        }
    )
    both, twins = register.combine(dataset, reg)
    assert twins == 2
    assert both["provider_id"].tolist() == [
        "kirkanta:1",
        "seniorsurf:2",
        "register:3",
        "register:4",
        "register:5",
    ]


def test_bad_record_is_refused(store_url):
    with opened(store_url) as store:
        with pytest.raises(InputError, match=r"valid_to.*not be before valid_from"):
            register.add_records(
                store, [rec("X", valid_from="2026-05-01", valid_to="2026-04-01")], action="add"
            )
        assert store.revision() == 0
        register.add_records(store, [rec("X")], action="add")
        with pytest.raises(InputError, match="unknown field"):
            register.edit(store, 1, based_on_version=1, changes={"colour": "red"})
        assert register.providers_at(store)["version"].tolist() == [1]
