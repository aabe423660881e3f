"""The installed ``microintern`` in a real 80×24 terminal (a pty read by pyte), keyboard only."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from real_terminal import ENTER, ESCAPE, Terminal

from microintern_tui.store.schema import INTERNS
from microintern_tui.store.store import Store

TODAY = "2024-03-18"  # Monday of week 3 of Spring 2024 (the demo puts it in week 4)
USER = "Sam Supervisor"


def make_demo(microintern: Path, db: Path) -> None:
    """Write the demo data file through the installed command, as the README's first step."""
    subprocess.run(
        [
            str(microintern),
            "--db",
            str(db),
            "--user",
            USER,
            "--today",
            TODAY,
            "demo",
            "--create-only",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )


def open_filter(term: Terminal, screen: str) -> None:
    """Put the cursor in the filter box (the footer drops one-letter keys while it has it).

    The home screen sometimes starts with the filter box focused (its table cannot take
    the focus while it is still loading), so "/" is only pressed when it is needed.
    """
    if "Sort name" in screen:
        term.send("/")
    term.wait_until(
        lambda s: "Sort name" not in s and "/ Filter" in s, "the filter box to take the focus"
    )


def test_starts_filters_and_quits(
    microintern: Path, terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    db = tmp_path / "team.json"
    make_demo(microintern, db)
    before = db.read_bytes()
    term = terminal("--db", db, "--user", USER, "--today", TODAY)
    screen = term.wait_until(
        lambda s: "Amara Okonkwo" in s and "palette" in s.splitlines()[-1], "the home screen"
    )
    open_filter(term, screen)
    term.send("kofi")
    term.wait_until(
        lambda s: "Kofi Mensah" in s and "Amara Okonkwo" not in s, "the filter to keep only Kofi"
    )
    term.send(ENTER)  # back to the table
    term.send(ESCAPE)
    term.wait_for("Amara Okonkwo")
    term.send("q")
    assert term.wait_exit() == 0
    assert db.read_bytes() == before  # looking changes nothing


# Short enough to show whole in the name column at 80 columns.
ODD_NAME = "[i]Al\x1b]0;PWNED\x07"


def add_odd_intern(db: Path) -> None:
    """Put an intern whose name holds markup and an OSC "retitle" sequence in the file.

    The app's own forms refuse control characters, but a data file can be edited by
    other tools or merged from a sync conflict, so the store is written directly.
    """
    store = Store(db, USER)
    cohort = store.load().interns[0].cohort_id  # the demo's cohort
    with store.transaction() as tx:
        tx.insert(
            INTERNS,
            {
                "name": ODD_NAME,
                "email": "ann@odd.example",
                "employer": "Odd \x1b[2J Ltd",
                "cohort_id": cohort,
                "supervisor": USER,
            },
        )


def test_markup_and_controls_in_a_name_never_reach_the_terminal(
    microintern: Path, terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    db = tmp_path / "team.json"
    make_demo(microintern, db)
    add_odd_intern(db)
    term = terminal("--db", db, "--user", USER, "--today", TODAY)
    screen = term.wait_until(
        lambda s: "Amara Okonkwo" in s and "palette" in s.splitlines()[-1], "the home screen"
    )
    assert "[i]Al␛]0;PWNED␇" in screen
    assert "Odd ␛[2J Ltd" in screen
    raw = bytes(term.raw)
    assert b"\x1b]0;PWNED" not in raw and b"PWNED\x07" not in raw
    assert b"\x1b[2J Ltd" not in raw
    term.send("q")
    assert term.wait_exit() == 0
