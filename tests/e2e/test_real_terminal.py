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


def footer(screen: str) -> str:
    return screen.splitlines()[-1]


def text_box_focused(screen: str) -> bool:
    """Whether a text box has the focus: the footer then shows the help key as F1, not "?".

    (Textual drops a binding from the footer when the focused widget would type its key.)
    """
    return "f1 Help" in footer(screen)


def table_focused(screen: str) -> bool:
    return "palette" in footer(screen) and not text_box_focused(screen)


def wait_home(term: Terminal) -> str:
    """The first complete home screen (the footer is drawn last)."""
    return term.wait_until(
        lambda s: "Amara Okonkwo" in s and "palette" in footer(s), "the home screen"
    )


def open_filter(term: Terminal, screen: str) -> None:
    """Press "/" to put the cursor in the filter box, from the table (which starts focused).

    The table must have the focus at start, or the first letters a user types would land
    in the filter box instead of running the home screen's keys.
    """
    assert table_focused(screen), f"the table should start with the focus:\n{screen}"
    term.send("/")
    term.wait_until(text_box_focused, "the filter box to take the focus")


def test_starts_filters_and_quits(
    microintern: Path, terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    db = tmp_path / "team.json"
    make_demo(microintern, db)
    before = db.read_bytes()
    term = terminal("--db", db, "--user", USER, "--today", TODAY)
    screen = wait_home(term)
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
    screen = wait_home(term)
    assert "[i]Al␛]0;PWNED␇" in screen
    assert "Odd ␛[2J Ltd" in screen
    raw = bytes(term.raw)
    assert b"\x1b]0;PWNED" not in raw and b"PWNED\x07" not in raw
    assert b"\x1b[2J Ltd" not in raw
    term.send("q")
    assert term.wait_exit() == 0


NOTE = "Met George: exams are over, back on track"
CTRL_S = b"\x13"


def test_find_an_intern_add_hours_and_a_checkin_note_then_quit(
    microintern: Path, terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    """The issue's "done when": find an intern, record 2.5 h and a check-in note, quit."""
    db = tmp_path / "team.json"
    make_demo(microintern, db)
    before = Store(db, "reader").load()
    george = next(i for i in before.interns if i.name == "George Li")
    term = terminal("--db", db, "--user", USER, "--today", TODAY)
    screen = wait_home(term)
    open_filter(term, screen)
    term.send("george")
    term.wait_until(
        lambda s: "George Li" in s and "Amara Okonkwo" not in s, "the filter to keep only George"
    )
    term.send(ENTER)  # leave the filter box for the table
    term.wait_until(table_focused, "the table to take the focus")
    term.send(ENTER)  # open the intern
    term.wait_for("8.5 / 40 h")
    term.wait_for("No check-in yet")

    term.send("a")
    term.wait_for("Add hours for George Li")
    term.send("2.5")
    term.wait_for("Hours  2.5")
    # Enter saves from the hours box; the note stays empty. (Tab then typing at machine
    # speed would race the focus move: Textual hands keys already queued to the old box.)
    term.send(ENTER)
    term.wait_until(
        lambda s: "11 / 40 h" in s and "Add hours for" not in s, "the hours to be saved"
    )

    term.send("c")
    term.wait_for("check-in with George Li")
    term.send(NOTE)
    term.wait_for(NOTE)
    term.send(CTRL_S)
    term.wait_until(
        lambda s: "No check-in yet" not in s and "check-in with" not in s and "Met George" in s,
        "the check-in note to be saved",
    )
    term.send(ESCAPE)
    term.wait_for("My interns")
    term.send("q")
    assert term.wait_exit() == 0

    after = Store(db, "reader").load()
    old_ids = {h.id for h in before.hours_of(george.id)}
    new_hours = [h for h in after.hours_of(george.id) if h.id not in old_ids]
    assert [(h.date.isoformat(), h.hours, h.note) for h in new_hours] == [(TODAY, 2.5, "")]
    assert [(c.date.isoformat(), c.note) for c in after.checkins_of(george.id)] == [(TODAY, NOTE)]
    # nothing else changed: every other intern's hours and check-ins are as they were
    assert len(after.hours) == len(before.hours) + 1
    assert len(after.checkins) == len(before.checkins) + 1


BACKSPACE = b"\x7f"


def open_george(microintern: Path, terminal: Callable[..., Terminal], db: Path) -> Terminal:
    """The demo file's George Li (8.5 h so far) open in the app, found through the filter."""
    make_demo(microintern, db)
    term = terminal("--db", db, "--user", USER, "--today", TODAY)
    screen = wait_home(term)
    open_filter(term, screen)
    term.send("george")
    term.wait_until(
        lambda s: "George Li" in s and "Amara Okonkwo" not in s, "the filter to keep only George"
    )
    term.send(ENTER)  # leave the filter box for the table
    term.wait_until(table_focused, "the table to take the focus")
    term.send(ENTER)  # open the intern
    term.wait_for("8.5 / 40 h")
    return term


def georges_new_hours(db: Path, before: list[str]) -> list[float]:
    after = Store(db, "reader").load()
    george = next(i for i in after.interns if i.name == "George Li")
    return [h.hours for h in after.hours_of(george.id) if h.id not in before]


def georges_hour_ids(db: Path) -> list[str]:
    data = Store(db, "reader").load()
    george = next(i for i in data.interns if i.name == "George Li")
    return [h.id for h in data.hours_of(george.id)]


def test_keys_typed_in_one_go_into_the_hours_form_are_applied_in_order(
    microintern: Path, terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    """``7``, backspace, ``2``, Enter written to the terminal at once (a paste, a slow link):
    the backspace rubs out the 7, not the 2, and 2 hours are saved (Textual issue #6605)."""
    db = tmp_path / "team.json"
    term = open_george(microintern, terminal, db)
    before = georges_hour_ids(db)
    term.send("a")
    term.wait_for("Add hours for George Li")
    term.send(b"7" + BACKSPACE + b"2" + ENTER)
    term.wait_until(
        lambda s: "10.5 / 40 h" in s and "Add hours for" not in s, "2 hours to be saved"
    )
    term.send(ESCAPE)
    term.wait_for("My interns")
    term.send("q")
    assert term.wait_exit() == 0
    assert georges_new_hours(db, before) == [2.0]


def test_the_key_that_opens_the_form_and_the_keys_after_it_typed_in_one_go_are_saved(
    microintern: Path, terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    """``a``, ``3``, Enter written at once: the 3 and the Enter, read before the form was on
    screen, go into it rather than nowhere, and 3 hours are saved."""
    db = tmp_path / "team.json"
    term = open_george(microintern, terminal, db)
    before = georges_hour_ids(db)
    term.send(b"a3" + ENTER)
    term.wait_until(
        lambda s: "11.5 / 40 h" in s and "Add hours for" not in s, "3 hours to be saved"
    )
    term.send(ESCAPE)
    term.wait_for("My interns")
    term.send("q")
    assert term.wait_exit() == 0
    assert georges_new_hours(db, before) == [3.0]
