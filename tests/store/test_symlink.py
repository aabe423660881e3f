"""The file the user named is the file that changes (issue 10 §4): a ``--db`` that is a link.

People link a synced folder's file into their home. Every command through the link must
change the file in the synced folder, keep its lock and backups there, and leave the link
a link; a link to nothing is refused in one line.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from team_files import COPY_NAMES, add_record, cli, hours_doc, intern_id, one_line_error, raw

from microintern_tui.store import lock
from microintern_tui.store.backups import BACKUP_DIR
from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.store import Store


@pytest.fixture
def linked(tmp_path: Path) -> tuple[Path, Path]:
    """``home/team.json``, a relative link to ``Dropbox/team/team.json`` (which exists)."""
    target = tmp_path / "Dropbox" / "team" / "team.json"
    target.parent.mkdir(parents=True)
    Store(target, "sam").add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    home = tmp_path / "home"
    home.mkdir()
    link = home / "team.json"
    link.symlink_to(Path("..") / "Dropbox" / "team" / "team.json")
    return link, target


def _ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_command_through_a_link_changes_the_target_and_keeps_the_link(linked):
    link, target = linked
    readlink = os.readlink(link)
    # a conflicted copy beside the target, as the sync client leaves it
    data = raw(target)
    copy = target.with_name(COPY_NAMES["Dropbox"])
    copy.write_text(
        json.dumps(add_record(data, "hours", hours_doc(intern_id(data, "ann@uni.example"))))
    )

    _ok(cli(link, "intern", "add", "--name", "Bo Chen", "--email", "bo@uni.example",
            "--employer", "Bow", "--cohort", "Spring 2024"))  # fmt: skip
    _ok(cli(link, "hours", "add", "bo@uni.example", "--date", "2024-03-12", "--hours", "2"))
    _ok(cli(link, "training", "bo@uni.example", "--pre"))
    _ok(cli(link, "checkin", "add", "bo@uni.example", "--note", "fine"))
    _ok(cli(link, "cohort", "add", "Spring 2027", "--start", "2027-03-01"))
    _ok(cli(link, "cohort", "archive", "Spring 2027"))
    _ok(cli(link, "merge"))
    listed = _ok(cli(link, "restore", "--list"))
    _ok(cli(link, "restore", "1"))
    _ok(cli(link, "check"))

    assert link.is_symlink() and os.readlink(link) == readlink
    assert sorted(p.name for p in link.parent.iterdir()) == ["team.json"]  # nothing else here
    names = {p.name for p in target.parent.iterdir()}
    assert {"team.json", "team.json.lock", BACKUP_DIR, MERGED_DIR} <= names
    assert not copy.exists()  # the copy beside the target was merged
    assert len(listed.splitlines()) > 2
    restored = Store(target, "x").load()  # the version before the last change (archive)
    assert not restored.find_cohort("Spring 2027").archived
    assert [h.hours for h in restored.hours_of(restored.find_intern("bo@uni.example").id)] == [2]


def test_a_chain_of_links_is_followed_to_the_file(linked, tmp_path):
    link, target = linked
    again = tmp_path / "again.json"
    again.symlink_to(link)
    _ok(cli(again, "training", "ann@uni.example", "--hear"))
    assert again.is_symlink() and link.is_symlink()
    assert Store(target, "x").load().interns[0].hear


def test_unlock_through_a_link_breaks_the_lock_beside_the_target(linked):
    link, target = linked
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)).isoformat(timespec="seconds")
    record = {"user": "kim", "host": "kims-laptop", "pid": 4242, "since": since}
    lock.owner_path(target).write_text(json.dumps(record), encoding="utf-8")

    done = _ok(cli(link, "unlock", "--yes"))

    assert done.startswith("removed the lock of kim@kims-laptop")
    assert not lock.owner_path(target).exists()
    assert not lock.owner_path(link).exists()


@pytest.mark.parametrize(
    "command",
    [
        ("intern", "add", "--name", "Bo", "--email", "bo@uni.example", "--employer", "Bow",
         "--cohort", "Spring 2024"),
        ("status",),
        ("cohort", "add", "Spring 2027", "--start", "2027-03-01"),
        ("merge",),
        ("check",),
    ],
    ids=lambda c: " ".join(c[:2]),
)  # fmt: skip
@pytest.mark.parametrize("where", ["missing file", "missing folder"])
def test_a_link_to_nothing_is_refused_in_one_line(tmp_path, command, where):
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "Dropbox").mkdir()
    link = home / "team.json"
    gone = tmp_path / "Dropbox" / ("team.json" if where == "missing file" else "team/team.json")
    link.symlink_to(gone)

    line = one_line_error(cli(link, *command), 2)

    assert str(link) in line
    assert str(gone) in line or str(gone.parent) in line
    assert link.is_symlink() and not gone.exists()
    assert sorted(p.name for p in home.iterdir()) == ["team.json"]
    assert sorted(p.name for p in (tmp_path / "Dropbox").iterdir()) == []
