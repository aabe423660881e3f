"""Two machines edit their own copy of the file; the sync client makes a conflicted copy;
``microintern merge`` brings every change of both into one file.

Each "machine" is a folder holding its copy; every writer is a separate process (the CLI,
or the worker script for the edits the CLI has no command for).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from microintern_tui.store.codec import decode
from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.merge import records_of
from microintern_tui.store.store import Store

WORKER = Path(__file__).with_name("sync_worker.py")
COPY = "team (Bob's conflicted copy 2024-03-18).json"
pytestmark = pytest.mark.slow


def _worker(*args: str) -> None:
    subprocess.run([sys.executable, str(WORKER), *args], check=True, timeout=120)


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def two_machines(tmp_path, run_cli):
    """Ann's and Bob's copies after each made changes the other has not seen."""
    ann_db = tmp_path / "ann-laptop" / "team.json"
    bob_db = tmp_path / "bob-desktop" / "team.json"
    ann_db.parent.mkdir()
    bob_db.parent.mkdir()
    for name, email in (("Ann Lee", "ann@uni.example"), ("Bo Chen", "bo@uni.example")):
        _ok(run_cli(ann_db, "sam", "intern", "add", "--name", name, "--email", email,
                    "--employer", "Bow Food Bank", "--cohort", "Spring 2024"))  # fmt: skip
    _ok(run_cli(ann_db, "sam", "hours", "add", "ann@uni.example", "--date", "2024-03-05",
                "--hours", "2", "--note", "typo"))  # fmt: skip
    _ok(run_cli(ann_db, "sam", "checkin", "add", "ann@uni.example", "--note", "Settling in"))
    shutil.copyfile(ann_db, bob_db)  # the sync client brings both machines level
    ds = Store(ann_db, "x").load()
    (typo,) = ds.hours
    (checkin,) = ds.checkins

    # offline, or within the sync delay, each works on their own copy
    _ok(run_cli(ann_db, "ann", "hours", "add", "ann@uni.example", "--date", "2024-03-12",
                "--hours", "3", "--note", "survey"))  # fmt: skip
    _ok(run_cli(ann_db, "ann", "training", "ann@uni.example", "--pre"))
    _worker("edit-note", str(ann_db), "ann", checkin.id, "Going well, says Ann")
    _ok(run_cli(bob_db, "bob", "hours", "add", "ann@uni.example", "--date", "2024-03-13",
                "--hours", "1.5", "--note", "interviews"))  # fmt: skip
    _ok(run_cli(bob_db, "bob", "hours", "add", "bo@uni.example", "--date", "2024-03-13",
                "--hours", "4"))  # fmt: skip
    _ok(run_cli(bob_db, "bob", "cohort", "add", "Spring 2027", "--start", "2027-03-01"))
    _worker("delete-hours", str(bob_db), "bob", typo.id)
    _worker("edit-note", str(bob_db), "bob", checkin.id, "Going well, says Bob")
    return ann_db, bob_db, checkin.id


def test_a_conflicted_copy_merges_into_a_file_with_every_change_of_both(two_machines, run_cli):
    ann_db, bob_db, checkin_id = two_machines
    copy = ann_db.with_name(COPY)
    bob_db.rename(copy)  # the sync client could not reconcile: Bob's version lands beside

    merged = _ok(run_cli(ann_db, "sam", "merge"))
    lines = merged.splitlines()
    assert lines[0] == f"merged 5 changes from {COPY} (moved to {MERGED_DIR}/{COPY})"
    assert sorted(lines[1:]) == sorted([
        "  added cohort: Spring 2027",
        "  added hours: 1.5 h on 2024-03-13 for Ann Lee",
        "  added hours: 4 h on 2024-03-13 for Bo Chen",
        "  deleted hours: 2 h on 2024-03-05 for Ann Lee",
        "  kept both texts of the check-in note for Ann Lee on 2024-03-18: the two copies "
        "differed; bob's text is the note, ann's is kept as a revision",
    ])  # fmt: skip

    ds = Store(ann_db, "x").load()
    ann, bo = ds.find_intern("ann@uni.example"), ds.find_intern("bo@uni.example")
    assert sorted((h.hours, h.note) for h in ds.hours_of(ann.id)) == [
        (1.5, "interviews"),
        (3.0, "survey"),
    ]  # Ann's and Bob's hours both kept; the deleted typo stays deleted
    assert [h.hours for h in ds.hours_of(bo.id)] == [4.0]
    assert ann.pre_training  # Ann's tick
    assert ds.find_cohort("Spring 2027").start.isoformat() == "2027-03-01"  # Bob's cohort
    (note,) = ds.checkins_of(ann.id)
    assert note.id == checkin_id
    assert note.note == "Going well, says Bob"
    assert [(r.note, r.author) for r in note.revisions] == [("Going well, says Ann", "ann")]
    # the deleted entry is still in the file as a tombstone, so no later merge revives it
    raw = decode(ann_db.read_bytes(), ann_db)
    assert sum(d["deleted"] for d in raw["hours"].values()) == 1

    assert not copy.exists()
    assert (ann_db.parent / MERGED_DIR / COPY).is_file()  # moved aside, never deleted
    again = _ok(run_cli(ann_db, "sam", "merge"))
    assert again == "no conflicted copies beside team.json\n"


def test_merging_either_way_gives_the_same_records(two_machines, tmp_path, run_cli):
    ann_db, bob_db, _ = two_machines
    other_way = tmp_path / "other-way" / "team.json"
    other_way.parent.mkdir()
    shutil.copyfile(bob_db, other_way)
    shutil.copyfile(ann_db, other_way.with_name("team (Ann's conflicted copy 2024-03-18).json"))
    bob_db.rename(ann_db.with_name(COPY))

    _ok(run_cli(ann_db, "sam", "merge"))
    _ok(run_cli(other_way, "sam", "merge"))

    one = records_of(decode(ann_db.read_bytes(), ann_db))
    two = records_of(decode(other_way.read_bytes(), other_way))
    assert one == two


def test_a_dry_run_prints_what_it_would_merge_and_writes_nothing(two_machines, run_cli, file_hash):
    ann_db, bob_db, _ = two_machines
    bob_db.rename(ann_db.with_name(COPY))
    folder = ann_db.parent
    before = (file_hash(ann_db), file_hash(ann_db.with_name(COPY)), _listing(folder))

    dry = _ok(run_cli(ann_db, "sam", "merge", "--dry-run"))

    assert dry.splitlines()[0] == f"would merge 5 changes from {COPY}"
    assert "  added hours: 4 h on 2024-03-13 for Bo Chen" in dry.splitlines()
    after = (file_hash(ann_db), file_hash(ann_db.with_name(COPY)), _listing(folder))
    assert after == before


def test_a_copy_of_another_teams_file_is_reported_and_left_alone(tmp_path, run_cli, file_hash):
    db = tmp_path / "team.json"
    Store(db, "sam").add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    stranger = tmp_path / "team (1).json"
    Store(stranger, "zed").add_intern("Zed Zo", "zed@uni.example", "Bow", "Spring 2024")
    before = (file_hash(db), file_hash(stranger))

    out = _ok(run_cli(db, "sam", "merge"))

    assert out.startswith("left alone: team (1).json is another team's microintern file")
    assert (file_hash(db), file_hash(stranger)) == before
    assert not (tmp_path / MERGED_DIR).exists()
