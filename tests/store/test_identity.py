"""One intern is one intern (issue 10 §2): what two machines add for one person is joined.

Each "machine" is a folder with its own copy of the team's file, changed by the real
``microintern`` command; the sync client then leaves one machine's version beside the
other's as a conflicted copy, and ``microintern merge`` joins them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from team_files import COPY_NAMES, cli, raw, write_json

from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.merge import records_of
from microintern_tui.store.store import Store

ROSTER = "name,email,employer,cohort,supervisor\n{name},{email},Bow,Spring 2024,\n"


def _ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Path, Path]:
    """Two machines' copies of one file, level after a sync, holding Ann."""
    ann_db = tmp_path / "ann-laptop" / "team.json"
    bob_db = tmp_path / "bob-desktop" / "team.json"
    ann_db.parent.mkdir()
    bob_db.parent.mkdir()
    _ok(cli(ann_db, "intern", "add", "--name", "Ann Lee", "--email", "ann@uni.example",
            "--employer", "Bow", "--cohort", "Spring 2024"))  # fmt: skip
    shutil.copyfile(ann_db, bob_db)
    return ann_db, bob_db


def _add_zed(db: Path, email: str, user: str, how: str) -> None:
    if how == "intern add":
        _ok(cli(db, "intern", "add", "--name", "Zed Zo", "--email", email, "--employer", "Bow",
                "--cohort", "Spring 2024", user=user))  # fmt: skip
    else:
        roster = db.with_name("roster.csv")
        roster.write_text(ROSTER.format(name="Zed Zo", email=email), encoding="utf-8")
        _ok(cli(db, "import", str(roster), user=user))


def _status(db: Path) -> list[dict]:
    return json.loads(_ok(cli(db, "status", "--json")))


@pytest.mark.parametrize("how", ["intern add", "import"])
def test_the_same_intern_added_on_two_machines_is_one_intern_after_the_merge(machines, how):
    ann_db, bob_db = machines
    _add_zed(ann_db, "zed@uni.example", "ann", how)
    _ok(cli(ann_db, "hours", "add", "zed@uni.example", "--date", "2024-03-12", "--hours", "3",
            user="ann"))  # fmt: skip
    _add_zed(bob_db, "Zed@Uni.Example", "bob", how)
    _ok(cli(bob_db, "hours", "add", "Zed@Uni.Example", "--date", "2024-03-13", "--hours", "2",
            user="bob"))  # fmt: skip
    _ok(cli(bob_db, "training", "Zed@Uni.Example", "--pre", user="bob"))
    copy = ann_db.with_name(COPY_NAMES["Dropbox"])
    bob_db.rename(copy)

    merged = _ok(cli(ann_db, "merge"))

    assert "joined intern: Zed Zo" in merged
    zeds = [p for p in _status(ann_db) if p["name"] == "Zed Zo"]
    assert len(zeds) == 1, zeds
    assert zeds[0]["hours"] == 5  # both machines' hours, on the one intern
    assert zeds[0]["pre_training"] is True  # Bob's tick is kept
    interns = [d for d in raw(ann_db)["interns"].values() if d["name"] == "Zed Zo"]
    (live,) = [d for d in interns if not d["deleted"]]
    (gone,) = [d for d in interns if d["deleted"]]
    assert gone["merged_into"] == live["id"]
    hours_of = {d["intern_id"] for d in raw(ann_db)["hours"].values()}
    assert gone["id"] not in hours_of
    _ok(cli(ann_db, "check"))
    # looked up by either spelling of the email, the intern is found
    _ok(cli(ann_db, "hours", "add", "ZED@uni.example", "--date", "2024-03-14", "--hours", "1"))
    assert (ann_db.parent / MERGED_DIR / copy.name).is_file()


def test_merging_either_way_round_gives_the_same_records(machines, tmp_path):
    ann_db, bob_db = machines
    _add_zed(ann_db, "zed@uni.example", "ann", "intern add")
    _ok(cli(ann_db, "hours", "add", "zed@uni.example", "--date", "2024-03-12", "--hours", "3",
            user="ann"))  # fmt: skip
    _add_zed(bob_db, "ZED@uni.example", "bob", "import")
    _ok(cli(bob_db, "hours", "add", "zed@uni.example", "--date", "2024-03-13", "--hours", "2",
            user="bob"))  # fmt: skip
    other = tmp_path / "other-way" / "team.json"
    other.parent.mkdir()
    shutil.copyfile(bob_db, other)
    shutil.copyfile(ann_db, other.with_name(COPY_NAMES["Syncthing"]))
    bob_db.rename(ann_db.with_name(COPY_NAMES["Dropbox"]))

    _ok(cli(ann_db, "merge"))
    _ok(cli(other, "merge"))

    one, two = records_of(raw(ann_db)), records_of(raw(other))
    one["meta"] = two["meta"] = {}  # who saved last differs
    assert one == two


@pytest.fixture
def duplicated(tmp_path: Path) -> Path:
    """A file that already holds two live interns with one email, and two cohorts of one
    name (as an older microintern's merge left them), each with records of its own."""
    db = tmp_path / "team.json"
    store = Store(db, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    store.add_hours(ann.id, dt.date(2024, 3, 11), 2, "", dt.date(2024, 3, 18))
    store.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 1)), new=True)
    data = raw(db)
    later = {
        "created": "2030-01-01T00:00:00.000000+00:00",
        "updated": "2030-01-01T00:00:00.000000+00:00",
    }
    doc = next(iter(data["interns"].values()))
    data["interns"]["10"] = {**doc, "id": "twin-ann", "email": "ANN@uni.example", **later}
    hours = next(iter(data["hours"].values()))
    data["hours"]["10"] = {
        **hours,
        "id": "twin-hours",
        "intern_id": "twin-ann",
        "date": "2024-03-12",
    }
    cohort = next(iter(data["cohorts"].values()))
    data["cohorts"]["10"] = {**cohort, "id": "twin-cohort", "name": "SPRING  2027", **later}
    data["interns"]["11"] = {**doc, "id": "cy", "name": "Cy Dee", "email": "cy@uni.example",
                             "cohort_id": "twin-cohort"}  # fmt: skip
    write_json(db, data)
    return db


def test_check_explains_duplicates_and_repair_joins_them_after_a_dry_run(duplicated, file_hash):
    checked = cli(duplicated, "check")
    assert checked.returncode == 2
    problems = checked.stderr.splitlines()
    assert len(problems) == 2, problems
    assert "have the same email ANN@uni.example" in problems[0]
    assert "twin-cohort" in problems[1] and "have the same name" in problems[1]
    assert all("microintern repair" in p for p in problems)
    before = file_hash(duplicated)
    store = Store(duplicated, "sam")

    dry = store.repair(dry_run=True)

    assert dry.dry_run
    lines = dry.lines()
    assert any("joined intern: Ann Lee" in line for line in lines), lines
    assert any("joined cohort: SPRING  2027" in line for line in lines), lines
    assert file_hash(duplicated) == before

    done = store.repair()

    assert not done.dry_run and done.lines() == [
        line.replace("would merge", "merged") for line in lines
    ]
    assert store.check() == []
    _ok(cli(duplicated, "check"))
    status = _status(duplicated)
    (ann,) = [p for p in status if p["name"] == "Ann Lee"]
    assert ann["hours"] == 4
    (cy,) = [p for p in status if p["name"] == "Cy Dee"]
    assert cy["cohort"] == "Spring 2027"
    records = raw(duplicated)
    twin = next(d for d in records["interns"].values() if d["id"] == "twin-ann")
    assert twin["deleted"] is True and twin["merged_into"] == ann["id"]
    gone = next(d for d in records["cohorts"].values() if d["id"] == "twin-cohort")
    assert gone["deleted"] is True and gone["merged_into"] != "twin-cohort"
    assert store.repair(dry_run=True).change_count == 0  # nothing left to join


def test_a_tick_from_a_joined_record_counts_until_the_user_sets_it_otherwise(machines):
    ann_db, bob_db = machines
    _add_zed(ann_db, "zed@uni.example", "ann", "intern add")
    _add_zed(bob_db, "ZED@uni.example", "bob", "intern add")
    _ok(cli(bob_db, "training", "zed@uni.example", "--pre", user="bob"))
    _ok(cli(bob_db, "training", "zed@uni.example", "--hear", user="bob"))
    bob_db.rename(ann_db.with_name(COPY_NAMES["OneDrive"]))
    _ok(cli(ann_db, "merge"))
    (zed,) = [p for p in _status(ann_db) if p["name"] == "Zed Zo"]
    assert (zed["pre_training"], zed["hear"]) == (True, True)

    _ok(cli(ann_db, "training", "zed@uni.example", "--pre", "--undo", user="ann"))

    (zed,) = [p for p in _status(ann_db) if p["name"] == "Zed Zo"]
    assert (zed["pre_training"], zed["hear"]) == (False, True)  # the untick, and HEAR kept
    kept = next(d for d in raw(ann_db)["interns"].values() if d["id"] == zed["id"])
    assert kept["hear"] is True and "joined_ticks" not in kept  # now its own
    Store(ann_db, "sam").repair()  # joining again brings back nothing the user unticked
    (zed,) = [p for p in _status(ann_db) if p["name"] == "Zed Zo"]
    assert (zed["pre_training"], zed["hear"]) == (False, True)


def test_the_repair_command_shows_a_dry_run_then_joins(duplicated, file_hash):
    before = file_hash(duplicated)
    dry = _ok(cli(duplicated, "repair", "--dry-run"))
    assert dry.splitlines()[0] == (
        "would join 2 records of team.json into the record of one real thing"
    )
    assert file_hash(duplicated) == before

    done = _ok(cli(duplicated, "repair"))

    assert done.splitlines()[1:] == dry.splitlines()[1:]
    _ok(cli(duplicated, "check"))
    again = _ok(cli(duplicated, "repair"))
    assert again == "nothing to repair in team.json: no two records are one real thing\n"
