"""Two machines save hours within a second of each other in a folder that Syncthing syncs.

Each "machine" is a ``microintern`` command run with its own data folder (so its own machine
id and outbox) on its own copy of the folder; two real Syncthing instances sync the copies
over loopback. Syncthing keeps one of two versions saved at once: with ``maxConflicts`` 10 it
keeps the other as a conflicted copy, with 0 it drops it. Either way, once each machine has run
a writing command after the sync, every entry a command reported saved is in the file, on
both sides.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FOLDERS, Pair
from syncthing_driver import loopback_problems, settle

from microintern_tui.store.codec import decode

pytestmark = pytest.mark.slow

TODAY = "2024-03-18"
ROUNDS = 6
EMAIL = "ann@uni.example"


class Machine:
    """One machine: its own data folder (machine id, outbox) and its copy of the team file."""

    def __init__(self, name: str, user: str, db: Path, data_home: Path) -> None:
        self.name = name
        self.user = user
        self.db = db
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
        self.env.update(
            XDG_DATA_HOME=str(data_home / "data"),
            XDG_STATE_HOME=str(data_home / "state"),
            XDG_CONFIG_HOME=str(data_home / "config"),
            TZ="UTC",
            PYTHONIOENCODING="utf-8",
        )

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "microintern_tui.cli", "--db", str(self.db)] + [
            "--user", self.user, "--today", TODAY, *args,
        ]  # fmt: skip

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.argv(*args),
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.argv(*args), env=self.env, capture_output=True, text=True, timeout=60
        )

    def notes(self) -> set[str]:
        """The notes of the live hours entries in this machine's copy of the file."""
        data = decode(self.db.read_bytes(), self.db)
        return {
            str(d.get("note"))
            for d in data.get("hours", {}).values()
            if d.get("deleted") is not True
        }


def _save_together(machines: list[Machine], round_no: int) -> list[str]:
    """Both machines save an hours entry at once; the notes of the saves that reported done."""
    running = []
    try:
        for m in machines:
            note = f"{m.name}-{round_no}"
            running.append((note, m.start("hours", "add", EMAIL, "--date", "2024-03-11",
                                           "--hours", "0.5", "--note", note)))  # fmt: skip
        saved = []
        for note, process in running:
            out, err = process.communicate(timeout=60)
            if process.returncode == 0 and out.startswith("recorded"):
                saved.append(note)
            else:
                pytest.fail(f"{note}: exit {process.returncode}: {err.strip()}")
        return saved
    finally:
        for _note, process in running:
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize(
    "folder", list(FOLDERS), ids=[f"maxConflicts={n}" for n in FOLDERS.values()]
)
def test_every_saved_entry_reaches_both_sides_after_each_machine_runs_again(
    pair: Pair, folder: str, tmp_path: Path
) -> None:
    """Saves made at the same moment on two machines all end up in the file on both sides."""
    for instance in (pair.a, pair.b):
        assert loopback_problems(instance) == []
    a = Machine("ann", "ann", pair.a.folders[folder] / "team.json", tmp_path / "ann")
    b = Machine("bob", "bob", pair.b.folders[folder] / "team.json", tmp_path / "bob")
    added = a.run("intern", "add", "--name", "Ann Lee", "--email", EMAIL,
                  "--employer", "Bow Food Bank", "--cohort", "Spring 2024")  # fmt: skip
    assert added.returncode == 0, added.stderr
    settle(pair.a, pair.b, folder)

    saved: list[str] = []
    dropped = 0  # entries a save reported done that the settled file then lacked
    for round_no in range(ROUNDS):
        this_round = _save_together([a, b], round_no)
        saved += this_round
        settle(pair.a, pair.b, folder)
        dropped += len(set(this_round) - a.notes())
        assert pair.foreign_sockets() == []
    # The sync client really did drop saves (else this test proves nothing).
    assert dropped >= 1, f"Syncthing kept every save of {ROUNDS} rounds: no clash happened"

    # One side at a time, a writing command runs on each machine and the sync settles.
    for machine in (a, b):
        flushed = machine.run("outbox", "--flush")
        assert flushed.returncode == 0, flushed.stderr
        settle(pair.a, pair.b, folder)

    for machine in (a, b):
        missing = set(saved) - machine.notes()
        assert not missing, f"{machine.name}'s copy lacks saved entries {sorted(missing)}"
        status = machine.run("status")
        assert status.returncode == 0, status.stderr
        assert "not yet in the shared file" not in status.stderr  # nothing waits any more
    assert pair.foreign_sockets() == []
