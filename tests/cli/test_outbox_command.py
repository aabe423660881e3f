"""``outbox``, ``repair`` and the note lines of every command, run as a user runs them.

Two machines are two environments with their own data folder (so their own machine id and
outbox). A sync client that keeps the other machine's version is simulated as it acts on
the file: that version's bytes replace the file (``_put_back``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest

from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.store import Store

EMAIL = "ann@uni.example"
WAITING_NOTE = (
    "microintern: note: 1 change not yet in the shared file; any writing command "
    "re-applies it (`microintern outbox` lists it)\n"
)


def ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def _put_back(db: Path, raw: bytes) -> None:
    tmp = db.with_name(".syncing.tmp")
    tmp.write_bytes(raw)
    shutil.copymode(db, tmp)  # as a sync client does: the file's mode, not the umask's
    os.replace(tmp, db)


@pytest.fixture
def other_machine(cli_env, tmp_path):
    """The environment of Kim's machine: another data folder, so another machine id."""
    return {**cli_env, "XDG_DATA_HOME": str(tmp_path / "kim-data"), "MICROINTERN_USER": "kim"}


@pytest.fixture
def dropped(cli, db_path, other_machine):
    """Sam's 2 h entry was saved, then the sync client kept Kim's version without it."""
    ok(cli("intern", "add", "--name", "Ann Lee", "--email", EMAIL, "--employer", "Bow Food Bank",
           "--cohort", "Spring 2024", env=other_machine))  # fmt: skip
    theirs = db_path.read_bytes()
    ok(cli("hours", "add", EMAIL, "--date", "2024-03-11", "--hours", "2", "--note", "lost"))
    _put_back(db_path, theirs)
    return theirs


def _notes(db: Path) -> list[str]:
    return sorted(h.note for h in Store(db, "x").load().hours)


@pytest.mark.parametrize(
    "command",
    [
        ("status",),
        ("status", "--json"),
        ("check",),
        ("milestones",),
        ("report", "--cohort", "Spring 2024"),
        ("merge", "--dry-run"),
        ("repair", "--dry-run"),
        ("outbox",),
    ],
)
def test_read_only_commands_write_nothing_while_changes_wait(
    cli, db_path, dropped, file_hash, command
):
    shutil.copyfile(db_path, db_path.with_name("team.sync-conflict-20240318-101500-ABC.json"))
    before = file_hash(db_path)
    result = cli(*command)
    assert result.returncode == 0, result.stderr
    assert file_hash(db_path) == before
    assert _notes(db_path) == []


@pytest.mark.parametrize("command", [("status",), ("check",), ("milestones",)])
def test_reading_commands_say_what_is_waiting(cli, dropped, command):
    result = cli(*command)
    assert result.returncode == 0, result.stderr
    assert result.stderr == WAITING_NOTE


def test_outbox_lists_each_change_and_whether_the_file_lacks_it(cli, dropped):
    out = ok(cli("outbox"))
    lines = out.splitlines()
    assert lines[0] == "your outbox: 1 change to team.json, each kept until another machine has it"
    assert lines[1].split() == ["kept", "(UTC)", "change", "in", "the", "file"]
    assert lines[2].endswith("  added hours: 2 h on 2024-03-11 for Ann Lee  NO")
    assert lines[3] == "1 not in the file yet: `microintern outbox --flush` re-applies it now"
    assert len(lines) == 4


def test_outbox_flush_reapplies_and_then_nothing_waits(cli, db_path, dropped):
    result = cli("outbox", "--flush")
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == "re-applied 1 change that team.json lacked, from your outbox on this machine\n"
    )
    assert result.stderr == ""
    assert _notes(db_path) == ["lost"]
    status = cli("status")
    assert status.returncode == 0 and status.stderr == ""
    assert ok(cli("outbox")).splitlines()[2].endswith("  yes")
    again = ok(cli("outbox", "--flush"))
    assert again == "nothing to re-apply: team.json has every change in your outbox\n"


def test_a_writing_command_reapplies_first_and_says_so(cli, db_path, dropped):
    result = cli("hours", "add", EMAIL, "--date", "2024-03-12", "--hours", "1", "--note", "next")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("recorded 1 h on 2024-03-12 for Ann Lee (total 3 / 40)")
    assert result.stderr == (
        "microintern: note: re-applied 1 change that team.json lacked, "
        "from your outbox on this machine\n"
    )
    assert _notes(db_path) == ["lost", "next"]


def test_the_other_machine_confirms_and_the_outbox_empties(cli, db_path, dropped, other_machine):
    ok(cli("outbox", "--flush"))
    ok(cli("status", env=other_machine))  # Kim's machine reads the file: nothing to do
    ok(cli("training", EMAIL, "--pre", env=other_machine))  # Kim saves
    assert ok(cli("outbox")) == "your outbox on this machine holds no changes to team.json\n"


def test_a_change_the_file_cannot_take_is_kept_and_flush_says_why(
    cli, db_path, other_machine, file_hash
):
    ok(cli("intern", "add", "--name", "Ann Lee", "--email", EMAIL, "--employer", "Bow Food Bank",
           "--cohort", "Spring 2024", env=other_machine))  # fmt: skip
    theirs = db_path.read_bytes()
    ok(cli("hours", "add", EMAIL, "--date", "2024-03-11", "--hours", "20", "--note", "mine"))
    _put_back(db_path, theirs)
    ok(cli("hours", "add", EMAIL, "--date", "2024-03-11", "--hours", "10", "--note", "kim's",
           env=other_machine))  # fmt: skip
    before = file_hash(db_path)

    result = cli("outbox", "--flush")
    assert result.returncode == 2
    (line,) = result.stdout.splitlines()
    assert line.startswith("kept in your outbox, not re-applied: ")
    assert "24" in line  # the rule it would break: at most 24 hours on one day
    assert file_hash(db_path) == before
    assert "NO" in ok(cli("outbox")).splitlines()[-2]


def test_a_writing_command_merges_conflicted_copies_first_and_says_so(cli, db_path, dropped):
    ok(cli("outbox", "--flush"))
    copy = db_path.with_name("team.sync-conflict-20240318-101500-ABCDEF1.json")
    shutil.copyfile(db_path, copy)
    theirs = Store(copy, "kim")
    ann = theirs.load().find_intern(EMAIL)
    theirs.set_training(ann.id, "pre", True)

    result = cli("hours", "add", EMAIL, "--date", "2024-03-12", "--hours", "1")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "microintern: note: merged 1 change from 1 conflicted copy beside team.json "
        f"(moved into {MERGED_DIR}/)\n"
    )
    assert not copy.exists()
    assert Store(db_path, "x").load().find_intern(EMAIL).pre_training is True


def test_merge_prints_what_it_merged_once(cli, db_path, dropped):
    ok(cli("outbox", "--flush"))
    copy = db_path.with_name("team.sync-conflict-20240318-101500-ABCDEF1.json")
    shutil.copyfile(db_path, copy)
    theirs = Store(copy, "kim")
    theirs.set_training(theirs.load().find_intern(EMAIL).id, "hear", True)
    result = cli("merge")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"merged 1 change from {copy.name}")
    assert result.stderr == ""


def test_outbox_of_a_missing_file_is_one_line_and_exit_2(cli, db_path):
    result = cli("outbox")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("microintern: error: ")
    assert result.stderr.count("\n") == 1
    assert not db_path.exists()


def test_a_damaged_outbox_is_kept_aside_and_said(cli, db_path, dropped, tmp_path):
    (outbox_file,) = (tmp_path / "xdg-data" / "microintern" / "outbox" / "sam").glob("*.json")
    outbox_file.write_bytes(b"\x00garbage")
    result = cli("status")
    assert result.returncode == 0, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"microintern: note: your outbox file {outbox_file} was damaged")
    assert list(outbox_file.parent.glob("*.damaged-*"))[0].read_bytes() == b"\x00garbage"
    assert ok(cli("outbox")) == "your outbox on this machine holds no changes to team.json\n"


def test_repair_joins_two_interns_with_one_email(cli, db_path, file_hash):
    ok(cli("intern", "add", "--name", "Ann Lee", "--email", EMAIL, "--employer", "Bow",
           "--cohort", "Spring 2024"))  # fmt: skip
    data = orjson.loads(db_path.read_bytes())
    (key, ann) = next(iter(data["interns"].items()))
    twin = {
        **ann,
        "id": "0000-twin",
        "email": EMAIL.upper(),
        "created": "2030-01-01T00:00:00+00:00",
    }
    data["interns"][str(int(key) + 1)] = twin  # a hand edit, or an older tool
    db_path.write_bytes(orjson.dumps(data))
    assert cli("check").returncode == 2
    before = file_hash(db_path)

    dry = ok(cli("repair", "--dry-run"))
    assert (
        dry.splitlines()[0] == "would join 1 record of team.json into the record of one real thing"
    )
    assert file_hash(db_path) == before
    done = ok(cli("repair"))
    assert done.splitlines()[0] == "joined 1 record of team.json into the record of one real thing"
    assert dry.splitlines()[1:] == done.splitlines()[1:]
    assert ok(cli("check")).endswith("1 interns, 0 hours entries, 0 check-ins, 2 cohorts)\n")
    assert (
        ok(cli("repair")) == "nothing to repair in team.json: no two records are one real thing\n"
    )


def test_restore_says_how_many_of_your_changes_the_version_restored_lacks(cli, db_path):
    ok(cli("intern", "add", "--name", "Ann Lee", "--email", EMAIL, "--employer", "Bow",
           "--cohort", "Spring 2024"))  # fmt: skip
    ok(cli("hours", "add", EMAIL, "--date", "2024-03-11", "--hours", "2"))
    result = cli("restore", "1")  # the version before the hours
    assert result.returncode == 0, result.stderr
    assert result.stderr == WAITING_NOTE
    assert _notes(db_path) == []
