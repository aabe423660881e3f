"""Hostile sizes (issue 10 §8): a file over the size limit is refused before it is read, and
nesting of any depth is one line, never a RecursionError, a MemoryError or a traceback.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest
from team_files import COPY_NAMES, cli, make_team, one_line_error, raw

from microintern_tui.store.backups import BACKUP_DIR, list_backups
from microintern_tui.store.store import Store

COMMANDS = {
    "status": ("status",),
    "check": ("check",),
    "hours add": ("hours", "add", "ann@uni.example", "--date", "2024-03-12", "--hours", "1"),
    "intern add": ("intern", "add", "--name", "Cy", "--email", "cy@uni.example",
                   "--employer", "Bow", "--cohort", "Spring 2024"),
    "merge": ("merge",),
}  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_over_the_limit_is_refused_in_one_line_and_left_as_it_is(db_path, command):
    make_team(db_path)
    size = db_path.stat().st_size
    db_path.with_name(COPY_NAMES["Dropbox"]).write_bytes(db_path.read_bytes())  # work for merge
    before = db_path.read_bytes()
    line = one_line_error(
        cli(db_path, *COMMANDS[command], env={"MICROINTERN_MAX_FILE_BYTES": "1K"}), 2
    )
    assert f"{size:,} bytes, over the limit of 1,024 bytes" in line
    assert "MICROINTERN_MAX_FILE_BYTES" in line
    assert db_path.read_bytes() == before


def _limited_memory() -> None:
    # Room for Python and the store, not for the file: reading it would raise MemoryError.
    resource.setrlimit(resource.RLIMIT_AS, (768 << 20, 768 << 20))


def test_a_two_gigabyte_file_is_refused_without_reading_it(db_path):
    make_team(db_path)
    with open(db_path, "r+b") as handle:
        handle.truncate(2 << 30)  # sparse: 2 GB that cost no disk
    env = {**os.environ, "TZ": "UTC"}
    for args in (("status",), ("hours", "add", "ann@uni.example", "--date", "2024-03-12",
                               "--hours", "1")):  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-m", "microintern_tui.cli", "--db", str(db_path), "--user", "sam",
             "--today", "2024-03-18", *args],
            capture_output=True, text=True, env=env, timeout=120, preexec_fn=_limited_memory,
        )  # fmt: skip
        line = one_line_error(result, 2)
        assert "2,147,483,648 bytes, over the limit of 1,073,741,824 bytes" in line
    assert db_path.stat().st_size == 2 << 30


def test_a_copy_or_a_backup_over_the_limit_is_refused_and_the_file_still_works(db_path):
    make_team(db_path)
    copy = db_path.with_name(COPY_NAMES["Syncthing"])
    copy.write_text(json.dumps(raw(db_path)) + " " * 5000)
    limit = {"MICROINTERN_MAX_FILE_BYTES": str(db_path.stat().st_size + 100)}

    merged = cli(db_path, "merge", env=limit)

    assert merged.returncode == 0, merged.stderr
    (line,) = merged.stdout.splitlines()
    assert line.startswith("left alone: ") and copy.name in line and "over the limit" in line
    assert copy.exists()
    newest = list_backups(db_path)[0]
    newest.path.write_text(json.dumps(raw(db_path)) + " " * 5000)  # (a copy, not the link)
    line = one_line_error(cli(db_path, "restore", "1", env=limit), 2)
    assert "over the limit" in line and newest.name in line


def _deep(kind: str) -> bytes:
    depth = 100_000
    if kind == "lists":
        return b"[" * depth + b"]" * depth
    if kind == "objects":
        return b'{"a":' * depth + b"1" + b"}" * depth
    meta = {"app": "microintern", "schema": 1, "file_id": "f"}
    inner = "[" * 500 + "]" * 500
    if kind == "a record 500 deep":
        return (
            f'{{"meta": {{"1": {json.dumps(meta)}}}, "hours": {{"1": {{"x": {inner}}}}}}}'.encode()
        )
    return f'{{"meta": {{"1": {json.dumps(meta)}}}, "later": {{"1": {{"x": {inner}}}}}}}'.encode()


@pytest.mark.parametrize("kind", ["lists", "objects", "a record 500 deep", "a table 500 deep"])
@pytest.mark.parametrize("command", ["status", "hours add", "check"])
def test_a_deeply_nested_file_is_one_line_and_left_as_it_is(db_path, kind, command):
    db_path.write_bytes(_deep(kind))
    before = db_path.read_bytes()
    result = cli(db_path, *COMMANDS[command])
    if command == "check" and kind == "a record 500 deep":  # the file is ours: check lists it
        assert result.returncode == 2 and result.stderr.startswith("microintern: problem: ")
        line = result.stderr.strip()
        assert "hours record" in line and "'x' nests deeper than 8 levels" in line
    else:
        line = one_line_error(result, 2)
        assert str(db_path) in line
    assert len(line.splitlines()) == 1
    assert "Recursion" not in line and "MemoryError" not in line
    assert db_path.read_bytes() == before
    assert sorted(os.listdir(db_path.parent)) in (["team.json"], ["team.json", "team.json.lock"])


def test_a_bad_size_limit_is_one_line(db_path):
    Store(db_path, "sam").create()
    line = one_line_error(cli(db_path, "status", env={"MICROINTERN_MAX_FILE_BYTES": "lots"}), 2)
    assert "MICROINTERN_MAX_FILE_BYTES" in line and "'lots'" in line


def test_backups_of_a_file_near_the_limit_are_kept_and_listed(db_path):
    """The limit refuses what is over it, nothing at it: a file at the limit still saves."""
    make_team(db_path)
    limit = {"MICROINTERN_MAX_FILE_BYTES": str(db_path.stat().st_size + 2000)}
    added = cli(db_path, "training", "ann@uni.example", "--pre", env=limit)
    assert added.returncode == 0, added.stderr
    assert len(list(db_path.with_name(BACKUP_DIR).iterdir())) == len(list_backups(db_path))
