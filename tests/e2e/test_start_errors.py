"""The installed ``microintern`` on a data file it cannot use, in a real 80×24 terminal.

The app opens before it reads the file (so a big file does not delay the first frame);
when that first read finds the file damaged, the app stops, the terminal is given back,
and the one-line error every command prints says what is wrong: status 2, file unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from real_terminal import Terminal

DAMAGED = {
    "not-json": b'{"meta": {"1": {"app": "microint',
    "zero-bytes": b"",
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_file_is_reported_in_one_line_with_status_2(
    terminal: Callable[..., Terminal], tmp_path: Path, kind: str
) -> None:
    db = tmp_path / "team.json"
    db.write_bytes(DAMAGED[kind])
    term = terminal("--db", db, "--user", "Sam Supervisor", "--today", "2024-03-18")
    term.wait_until(lambda s: "microintern: error:" in s, "the error line")
    assert term.wait_exit() == 2
    # After the app gave the terminal back: one line naming the file, saying it is unchanged.
    message = bytes(term.raw).rpartition(b"microintern: error:")[2].decode()
    assert message.count("\n") == 1 and message.endswith("\n"), message
    assert str(db) in message and "not changed" in message
    assert db.read_bytes() == DAMAGED[kind]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["team.json"]
