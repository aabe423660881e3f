"""The outbox of a machine: kept, confirmed by another machine's version, re-applied, bounded.

Each "machine" here is a Store with its own outbox folder and machine id on one data file.
A sync client's dropping of a save is what it really does to the file: it puts another
machine's version in its place (``_put_back``).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from microintern_tui.store.outbox import MAX_AGE, Outbox, about_interns
from microintern_tui.store.outbox_file import kept_aside
from microintern_tui.store.store import Store

DAY = dt.date(2024, 3, 11)
TODAY = dt.date(2024, 3, 18)
T0 = dt.datetime(2024, 3, 18, 9, 0, tzinfo=dt.UTC)


def _machine(
    db: Path,
    folder: Path,
    name: str,
    user: str = "sam",
    clock: Callable[[], dt.datetime] | None = None,
) -> Store:
    """A Store on ``db`` as machine ``name``, with that machine's outbox for ``user``."""
    outbox = Outbox(folder / f"outbox-{name}" / user, f"machine-{name}", db, clock, user=user)
    return Store(db, user, outbox=outbox)


def _put_back(db: Path, raw: bytes) -> None:
    """What a sync client does when it keeps another machine's version: replace the file."""
    tmp = db.with_name(".syncing.tmp")
    tmp.write_bytes(raw)
    os.replace(tmp, db)


def _kept(store: Store) -> list[str]:
    assert store.outbox is not None
    return sorted(
        f"{e.table}:{e.doc.get('note', e.doc.get('name'))}"
        for e in store.outbox.entries(store.records())
    )


def _notes(store: Store) -> list[str]:
    return sorted(h.note for h in store.load().hours)


def test_a_change_stays_until_a_version_saved_by_another_machine_has_it(db_path, tmp_path):
    a, b = _machine(db_path, tmp_path, "a"), _machine(db_path, tmp_path, "b")
    ann = a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    a.add_hours(ann.id, DAY, 2, "from a", TODAY)
    # Its own version proves nothing: that is the copy a sync client may overwrite.
    assert _kept(_machine(db_path, tmp_path, "a")) == ["hours:from a", "interns:Ann Lee"]

    b.add_hours(ann.id, DAY, 1, "from b", TODAY)  # b's version, made from a's
    assert _kept(a) == []  # confirmed: another machine saved a version holding them
    assert _kept(b) == ["hours:from b"]  # b's own change waits for a's next version


def test_a_change_the_sync_client_dropped_is_reapplied_by_the_next_writing_command(
    db_path, tmp_path
):
    a, b = _machine(db_path, tmp_path, "a"), _machine(db_path, tmp_path, "b")
    ann = b.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    theirs = db_path.read_bytes()
    a.add_hours(ann.id, DAY, 2, "dropped", TODAY)
    _put_back(db_path, theirs)  # the sync client kept b's version

    again = _machine(db_path, tmp_path, "a")  # the next command on machine a
    assert _notes(again) == []
    assert again.outbox is not None
    assert [e.doc["note"] for e in again.outbox.waiting(again.records())] == ["dropped"]
    again.add_hours(ann.id, DAY, 1, "next", TODAY)
    assert again.last_replay is not None and again.last_replay.count == 1
    assert _notes(_machine(db_path, tmp_path, "b")) == ["dropped", "next"]


def test_a_single_machines_outbox_is_bounded_by_age(db_path, tmp_path):
    now = [T0]
    a = _machine(db_path, tmp_path, "a", clock=lambda: now[0])
    ann = a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    a.add_hours(ann.id, DAY, 2, "mine", TODAY)

    now[0] = T0 + MAX_AGE - dt.timedelta(days=1)
    assert len(_kept(_machine(db_path, tmp_path, "a", clock=lambda: now[0]))) == 2
    now[0] = T0 + MAX_AGE + dt.timedelta(days=1)
    assert _kept(_machine(db_path, tmp_path, "a", clock=lambda: now[0])) == []


def test_a_change_another_machines_version_lacked_outlives_the_age_bound(db_path, tmp_path):
    now = [T0]
    b = _machine(db_path, tmp_path, "b")
    ann = b.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    theirs = db_path.read_bytes()
    _machine(db_path, tmp_path, "a", clock=lambda: now[0]).add_hours(
        ann.id, DAY, 2, "dropped", TODAY
    )
    _put_back(db_path, theirs)
    now[0] = T0 + dt.timedelta(minutes=1)  # machine a sees b's version, without its change
    assert _kept(_machine(db_path, tmp_path, "a", clock=lambda: now[0])) == ["hours:dropped"]

    now[0] = T0 + MAX_AGE + dt.timedelta(days=5)
    assert _kept(_machine(db_path, tmp_path, "a", clock=lambda: now[0])) == ["hours:dropped"]


def test_each_supervisor_keeps_only_their_own_changes(db_path, tmp_path):
    ann_s, kim_s = _machine(db_path, tmp_path, "a", "ann"), _machine(db_path, tmp_path, "a", "kim")
    intern = ann_s.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    ann_s.add_hours(intern.id, DAY, 2, "by ann", TODAY)
    kim_s.set_training(intern.id, "pre", True)
    kim_s.set_training(intern.id, "pre", True)  # no change: nothing to keep

    assert ann_s.outbox is not None and kim_s.outbox is not None
    for store, who in ((ann_s, "ann"), (kim_s, "kim")):
        authors = {e.doc["author"] for e in store.outbox.entries(store.records())}
        assert authors == {who}
    assert _kept(kim_s) == ["interns:Ann Lee"]


def test_a_record_changed_by_someone_else_is_not_kept(db_path, tmp_path):
    store = _machine(db_path, tmp_path, "a", "ann")
    store.create()
    data = store.records()
    theirs = {"id": "h1", "author": "kim", "note": "kim's"}
    same = {"id": "h2", "author": "ann", "note": "unchanged"}
    data = {**data, "hours": {"1": theirs, "2": same}}
    assert store.outbox is not None
    store.outbox.keep(data, [("hours", "1", None), ("hours", "2", dict(same))])
    assert store.outbox.entries(data) == []


def test_a_damaged_outbox_file_is_kept_aside_and_said(db_path, tmp_path):
    a = _machine(db_path, tmp_path, "a")
    a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    assert a.outbox is not None
    path = a.outbox.path_for(a.file_id())
    path.write_bytes(b'{"format": "microintern-outbox", "entr')  # cut short

    again = _machine(db_path, tmp_path, "a")
    again.load()
    (notice,) = again.take_notices()
    (aside,) = kept_aside(path.parent)
    assert "damaged" in notice and aside.name in notice
    assert aside.read_bytes() == b'{"format": "microintern-outbox", "entr'
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    again.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    assert _kept(again) == ["interns:Bo Chen"]


def test_entries_that_are_not_changes_are_kept_aside_and_the_others_kept(db_path, tmp_path):
    a = _machine(db_path, tmp_path, "a")
    a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    assert a.outbox is not None
    path = a.outbox.path_for(a.file_id())
    state = orjson.loads(path.read_bytes())
    state["entries"]["hours/x"] = {"table": "hours", "doc": "not a record", "kept": "x"}
    damaged = orjson.dumps(state)
    path.write_bytes(damaged)

    again = _machine(db_path, tmp_path, "a")
    again.load()
    assert "damaged" in again.take_notices()[0]
    assert [p.read_bytes() for p in kept_aside(path.parent)] == [damaged]
    assert _kept(again) == ["interns:Ann Lee"]


def test_the_outbox_is_private(db_path, tmp_path):
    a = _machine(db_path, tmp_path, "a")
    a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    assert a.outbox is not None
    path = a.outbox.path_for(a.file_id())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700  # names of supervisors


def test_scrub_removes_a_persons_changes_from_every_outbox_file(db_path, tmp_path):
    a = _machine(db_path, tmp_path, "a")
    ann = a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    bo = a.add_intern("Bo Chen", "bo@uni.example", "Bow", "Spring 2024")
    a.add_hours(ann.id, DAY, 2, "ann's", TODAY)
    a.add_hours(bo.id, DAY, 2, "bo's", TODAY)
    other_copy = db_path.with_name("copy.json")  # the same team file at another place
    other_copy.write_bytes(db_path.read_bytes())
    elsewhere = Outbox(a.outbox.folder, "machine-a", other_copy, user="sam")  # type: ignore[union-attr]
    Store(other_copy, "sam", outbox=elsewhere).add_hours(ann.id, DAY, 1, "ann's too", TODAY)

    assert a.outbox is not None
    assert a.outbox.scrub(about_interns({ann.id})) == 3
    assert _kept(a) == ["hours:bo's", "interns:Bo Chen"]
    assert elsewhere.entries(Store(other_copy, "sam").records()) == []


KEEPER = """
import sys
from pathlib import Path
from microintern_tui.store.outbox import Outbox

folder, db, who, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
outbox = Outbox(Path(folder), "machine-a", Path(db), user=who)
for n in range(count):
    doc = {"id": f"{who}-{n}", "author": who, "created": "x", "updated": "x"}
    outbox.keep({"meta": {"1": {"file_id": "team"}}, "hours": {"1": doc}}, [("hours", "1", None)])
"""


@pytest.mark.slow
def test_two_processes_keeping_changes_at_once_lose_none(tmp_path):
    """The app and a command on one machine keep changes in one outbox file at once."""
    folder, db, count = tmp_path / "outbox" / "sam", tmp_path / "team.json", 60
    writers = [
        subprocess.Popen([sys.executable, "-c", KEEPER, str(folder), str(db), who, str(count)])
        for who in ("app", "cli")
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    outbox = Outbox(folder, "machine-a", db)
    kept = outbox.entries({"meta": {"1": {"file_id": "team"}}})
    assert len(kept) == 2 * count
