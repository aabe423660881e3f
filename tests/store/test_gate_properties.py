"""After any merge, ``check`` passes (issue 10 §1): hypothesis damages one record of a copy.

The damage is what a hand edit, an old tool or a sync client gone wrong can leave: a field
replaced by any JSON, a field removed, an id used twice, hours or a date out of range, a
value nested far deeper than any record, a record pointing at nothing. Whatever it is, the
real ``merge`` command ends with a file that parses and passes ``check``; a copy it refused is
left where it was, byte for byte, and a copy it merged is moved aside with its records kept.
"""

from __future__ import annotations

import copy
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from team_files import COPY_NAMES, Data, cli, make_team, nested, raw, write_json

from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.merge import records_of
from microintern_tui.store.store import Store

TABLES = ("interns", "hours", "checkins", "cohorts")
#: Fields worth damaging besides those a record has (some are optional).
FIELDS = {
    "interns": {"anonymised", "merged_into"},
    "hours": {"anonymised"},
    "checkins": {"anonymised", "edited_from", "revisions"},
    "cohorts": {"archived"},
}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def damaged_copy(draw: st.DrawFn, base: Data) -> Data:
    """``base`` with one record of one table damaged in one way."""
    data = copy.deepcopy(base)
    table = draw(st.sampled_from(TABLES))
    key = draw(st.sampled_from(sorted(data[table])))
    doc = data[table][key]
    field = draw(st.sampled_from(sorted(set(doc) | FIELDS[table] | {"extra"})))
    how = draw(
        st.sampled_from(
            [
                "replace",
                "remove",
                "same id",
                "hours",
                "date",
                "deep",
                "orphan",
                "day over 24",
                "edit elsewhere",
            ]  # fmt: skip
        )
    )
    if how == "replace":
        doc[field] = draw(json_values)
    elif how == "remove":
        doc.pop(field, None)
    elif how == "same id":
        others = [d["id"] for k, d in data[table].items() if k != key]
        if others:
            doc["id"] = draw(st.sampled_from(others))
    elif how == "hours":
        doc["hours"] = draw(st.sampled_from([0, -1, 0.001, 2.555, 24.01, 25, 1e308, True, "2"]))
    elif how == "date":
        doc["date"] = draw(st.sampled_from(["2024-02-30", "2024-13-01", "24-03-01", "", "x" * 99]))
    elif how == "deep":
        doc[field] = nested(draw(st.integers(min_value=9, max_value=400)))
    elif how == "orphan":
        doc["intern_id" if table != "interns" else "cohort_id"] = "nothing-by-this-id"
    elif how == "day over 24":
        new = {**copy.deepcopy(next(iter(data["hours"].values()))), "hours": 23, "id": "h-more"}
        data["hours"][str(1 + max(map(int, data["hours"])))] = new
    else:  # a good edit made on another machine: merged
        doc["updated"] = "2030-01-01T00:00:00.000000+00:00"
        doc["author"] = draw(st.sampled_from(["bob", "kim"]))
    return data


@pytest.fixture(scope="module")
def base_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("base") / "team.json"
    make_team(db)
    return db


def _records(db: Path) -> dict[str, Any]:
    return {k: v for k, v in records_of(raw(db)).items() if k != "meta"}


def _merge_and_check(base_file: Path, damage: st.DataObject, *, real_command: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "team.json"
        shutil.copyfile(base_file, db)
        before = _records(db)
        copy_path = db.with_name(damage.draw(st.sampled_from(sorted(COPY_NAMES.values()))))
        write_json(copy_path, damage.draw(damaged_copy(raw(db))))
        copy_bytes = copy_path.read_bytes()

        if real_command:
            merged = cli(db, "merge")
            assert merged.returncode == 0, merged.stderr
            assert "error" not in merged.stderr, merged.stderr  # notes may follow
        else:
            Store(db, "sam").merge_conflicts()

        assert Store(db, "x").check() == []  # parses, every record and every rule
        moved = db.parent / MERGED_DIR / copy_path.name
        if copy_path.exists():  # refused: left alone, and nothing of it merged
            assert copy_path.read_bytes() == copy_bytes
            assert not moved.exists()
            assert _records(db) == before
        else:  # merged: moved aside whole, and every record of the file still there
            assert moved.read_bytes() == copy_bytes
            after = _records(db)
            for table, docs in before.items():
                assert set(docs) <= set(after[table])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(damage=st.data())
def test_after_the_apps_merge_of_any_damaged_copy_check_passes(base_file, damage):
    _merge_and_check(base_file, damage, real_command=False)


@pytest.mark.slow
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(damage=st.data())
def test_after_the_merge_command_on_any_damaged_copy_check_passes(base_file, damage):
    _merge_and_check(base_file, damage, real_command=True)
