"""One gate for every record (issue 10 §1): a copy or backup with one bad record is refused whole.

Every test runs the real ``microintern`` command, or the call the app's poll makes
(``Store.merge_conflicts``), against real files beside a real data file.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from team_files import (
    COPY_NAMES,
    Data,
    add_record,
    cli,
    first,
    hours_doc,
    intern_id,
    make_team,
    nested,
    raw,
    stamp,
    write_json,
)

from microintern_tui.store.backups import BACKUP_DIR, list_backups
from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.merge import records_of
from microintern_tui.store.store import Store


def _new_intern(**fields: Any) -> dict[str, Any]:
    doc = {"id": "intern-zed", "name": "Zed Zo", "email": "zed@uni.example", "employer": "Bow",
           "cohort_id": "spring-2024", "supervisor": "", "pre_training": False,
           "post_training": False, "hear": False, **stamp()}  # fmt: skip
    doc.update(fields)
    return {k: v for k, v in doc.items() if v is not None}


def _bad_hours(**fields: Any) -> Callable[[Data], tuple[Data, list[str]]]:
    def damage(data: Data) -> tuple[Data, list[str]]:
        doc = hours_doc(intern_id(data, "ann@uni.example"), **fields)
        return add_record(data, "hours", doc), [doc["id"], f"'{next(iter(fields))}'"]

    return damage


def _intern_without_email(data: Data) -> tuple[Data, list[str]]:
    return add_record(data, "interns", _new_intern(email=None)), ["intern-zed", "'email'"]


def _extra_field_300_deep(data: Data) -> tuple[Data, list[str]]:
    doc = hours_doc(intern_id(data, "ann@uni.example"), comment=nested(300))
    return add_record(data, "hours", doc), [doc["id"], "'comment'", "deeper"]


def _unknown_table_300_deep(data: Data) -> tuple[Data, list[str]]:
    return {**data, "later": {"1": {"id": "x", "payload": nested(300)}}}, ["'later'", "deeper"]


def _meta_300_deep(data: Data) -> tuple[Data, list[str]]:
    out = copy.deepcopy(data)
    first(out, "meta")[1]["extra"] = nested(300)
    return out, ["'meta'", "deeper"]


def _revision_300_deep(data: Data) -> tuple[Data, list[str]]:
    out = copy.deepcopy(data)
    key, doc = first(out, "checkins")
    revision = {"note": "older", "updated": doc["updated"], "author": "bob", "x": nested(300)}
    out["checkins"][key] = {**doc, "revisions": [revision], **stamp()}
    return out, [doc["id"], "'revisions'"]


def _milestone_300_deep(data: Data) -> tuple[Data, list[str]]:
    out = copy.deepcopy(data)
    key, doc = first(out, "cohorts")
    out["cohorts"][key] = {**doc, "milestones": {**doc["milestones"], "x": nested(300)}}
    return out, [doc["id"], "'milestones'"]


def _table_not_an_object(data: Data) -> tuple[Data, list[str]]:
    return {**data, "hours": [1, 2, 3]}, ["'hours'", "damaged"]


#: Each kind of impossible record: damage(copy data) -> (damaged data, words the report names).
DAMAGE: dict[str, Callable[[Data], tuple[Data, list[str]]]] = {
    "a date that does not exist": _bad_hours(date="2024-02-30"),
    "hours as text": _bad_hours(hours="2"),
    "hours of 1e308": _bad_hours(hours=1e308),
    "a note 300 lists deep": _bad_hours(note=nested(300)),
    "anonymised 300 lists deep": _bad_hours(anonymised=nested(300)),
    "an intern without an email": _intern_without_email,
    "an unknown field 300 deep": _extra_field_300_deep,
    "an unknown table 300 deep": _unknown_table_300_deep,
    "a meta field 300 deep": _meta_300_deep,
    "a note revision 300 deep": _revision_300_deep,
    "a milestone 300 deep": _milestone_300_deep,
    "a table that is not an object": _table_not_an_object,
}


def _records_of(data: Data) -> dict[str, Any]:
    """The records of raw data, by table and id, without the meta record (saves stamp it)."""
    return {k: v for k, v in records_of(data).items() if k != "meta"}


def _records(db: Path) -> dict[str, Any]:
    return _records_of(raw(db))


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Data]:
    db = tmp_path / "team.json"
    return db, make_team(db)


def _good_copy(db: Path, data: Data) -> tuple[Path, str]:
    """A Google Drive copy holding Bob's good hours entry; returns it and the entry's id."""
    doc = hours_doc(intern_id(data, "bo@uni.example"), hours=4)
    path = db.with_name("team (1).json")
    write_json(path, add_record(data, "hours", doc))
    return path, doc["id"]


def _assert_refused_and_good_merged(
    db: Path, before: Data, bad: Path, bad_bytes: bytes, good_id: str
) -> None:
    assert bad.read_bytes() == bad_bytes  # left where it is, unchanged
    assert not (db.parent / MERGED_DIR / bad.name).exists()
    assert (db.parent / MERGED_DIR / "team (1).json").is_file()  # the good one merged
    after = records_of(raw(db))
    assert set(after["hours"]) == set(records_of(before)["hours"]) | {good_id}
    for table in ("interns", "checkins", "cohorts"):
        assert after[table] == records_of(before)[table], table
    checked = cli(db, "check")
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("client", COPY_NAMES)
@pytest.mark.parametrize("kind", DAMAGE)
def test_merge_refuses_a_copy_with_one_bad_record_whole_and_merges_the_others(team, kind, client):
    db, data = team
    damaged, words = DAMAGE[kind](data)
    bad = db.with_name(COPY_NAMES[client])
    write_json(bad, damaged)
    bad_bytes = bad.read_bytes()
    _good, good_id = _good_copy(db, data)

    merged = cli(db, "merge")

    assert merged.returncode == 0, merged.stderr
    assert "Traceback" not in merged.stderr
    report = [line for line in merged.stdout.splitlines() if bad.name in line]
    assert len(report) == 1, merged.stdout
    assert report[0].startswith(f"left alone: {bad.name}")
    for word in words:
        assert word in report[0], (word, report[0])
    assert "merged 1 change from team (1).json" in merged.stdout
    _assert_refused_and_good_merged(db, data, bad, bad_bytes, good_id)


@pytest.mark.parametrize("kind", DAMAGE)
def test_the_apps_poll_refuses_a_bad_copy_the_same_way(team, kind):
    db, data = team
    damaged, words = DAMAGE[kind](data)
    bad = db.with_name(COPY_NAMES["Syncthing"])
    write_json(bad, damaged)
    bad_bytes = bad.read_bytes()
    _good, good_id = _good_copy(db, data)
    store = Store(db, "sam")
    store.load()

    report = store.merge_conflicts()  # what the app's poll calls, without asking

    (skipped,) = report.skipped
    assert skipped.path == bad
    assert skipped.problem is not None
    for word in words:
        assert word in skipped.problem
    assert [m.source.name for m in report.merged] == ["team (1).json"]
    assert store.check() == []
    _assert_refused_and_good_merged(db, data, bad, bad_bytes, good_id)


@pytest.mark.parametrize("kind", ["hours of 1e308", "an unknown table 300 deep"])
def test_a_writing_command_saves_its_change_beside_a_bad_copy(team, kind):
    """Every writing command merges copies first: a bad one must not stop the change."""
    db, data = team
    damaged, _ = DAMAGE[kind](data)
    bad = db.with_name(COPY_NAMES["Dropbox"])
    write_json(bad, damaged)
    added = cli(db, "hours", "add", "bo@uni.example", "--date", "2024-03-13", "--hours", "3")
    assert added.returncode == 0, added.stderr
    assert "recorded 3 h" in added.stdout
    assert bad.exists()
    assert cli(db, "check").returncode == 0


def _bad_backup(db: Path) -> Path:
    """A backup, named as the newest, holding an hours entry of 1e308 hours."""
    data = raw(db)
    parts = list_backups(db)[0].name.split(".")
    if len(parts[1]) == 6:  # numbered: the next number
        parts[1] = f"{int(parts[1]) + 1:06d}"
    else:  # named by time only (before numbering): a later time
        parts[1] = "2099" + parts[1][4:]
    path = db.with_name(BACKUP_DIR) / ".".join(parts)
    doc = hours_doc(intern_id(data, "ann@uni.example"), hours=1e308)
    write_json(path, add_record(data, "hours", doc))
    return path


def test_restoring_a_backup_with_a_bad_record_is_refused_and_changes_nothing(team, file_hash):
    db, _data = team
    bad = _bad_backup(db)
    folder = db.with_name(BACKUP_DIR)
    before = (file_hash(db), sorted((p.name, file_hash(p)) for p in folder.iterdir()))
    listed = cli(db, "restore", "--list")
    assert listed.returncode == 0, listed.stderr
    assert bad.name in listed.stdout.splitlines()[1]  # it is number 1

    restored = cli(db, "restore", "1")

    assert restored.returncode == 2, restored.stdout
    line = restored.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line
    assert bad.name in line and "'hours'" in line and "1e+308" in line
    assert (file_hash(db), sorted((p.name, file_hash(p)) for p in folder.iterdir())) == before


def test_check_reports_a_record_id_used_twice(team):
    db, data = team
    key, doc = first(data, "hours")
    twice = add_record(data, "hours", {**doc, "hours": 3})
    write_json(db, twice)

    checked = cli(db, "check")

    assert checked.returncode == 2, checked.stdout
    problems = checked.stderr.splitlines()
    assert len(problems) == 1, checked.stderr
    assert doc["id"] in problems[0] and "same id" in problems[0]
    assert f"records {key} and " in problems[0]


def test_check_and_merge_of_a_copy_with_an_id_used_twice(team):
    """A copy holding one id twice is refused: merging would keep only one of the two."""
    db, data = team
    _key, doc = first(data, "hours")
    bad = db.with_name(COPY_NAMES["Dropbox"])
    write_json(bad, add_record(data, "hours", {**doc, "hours": 3, "note": "second"}))
    merged = cli(db, "merge")
    assert merged.returncode == 0, merged.stderr
    assert f"left alone: {bad.name}" in merged.stdout
    assert "same id" in merged.stdout
    assert bad.exists()
    assert _records(db) == _records_of(data)


def test_a_bad_copy_is_reported_again_but_never_merged_on_a_later_poll(team):
    db, data = team
    damaged, _ = DAMAGE["hours as text"](data)
    bad = db.with_name(COPY_NAMES["OneDrive"])
    write_json(bad, damaged)
    store = Store(db, "sam")
    for _ in range(3):
        assert [s.path for s in store.merge_conflicts().skipped] == [bad]
    assert _records(db) == _records_of(data)
    shutil.copyfile(bad, bad.with_suffix(".kept"))
    assert store.check() == []
