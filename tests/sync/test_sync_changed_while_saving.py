"""A version that lands under a save (a sync client ignores the lock) is kept and merged."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

from microintern_tui.store.schema import INTERNS
from microintern_tui.store.store import Store

#: What a sync client does: put another machine's version in place, whole, lock or no lock.
SYNC_CLIENT = (
    "import os, shutil, sys; "
    "shutil.copyfile(sys.argv[1], sys.argv[2] + '.part'); "
    "os.replace(sys.argv[2] + '.part', sys.argv[2])"
)


def test_a_version_written_during_a_save_becomes_a_copy_that_merge_brings_in(
    db_path, run_cli, caplog
):
    sam = Store(db_path, "sam")
    ann = sam.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    kims = db_path.parent / "kims-laptop" / "team.json"
    kims.parent.mkdir()
    shutil.copyfile(db_path, kims)
    added = run_cli(kims, "kim", "hours", "add", "ann@uni.example", "--date", "2024-03-12",
                    "--hours", "3")  # fmt: skip
    assert added.returncode == 0, added.stderr

    with caplog.at_level(logging.WARNING), sam.transaction() as tx:
        tx.update(INTERNS, ann.id, {"hear": True})
        subprocess.run([sys.executable, "-c", SYNC_CLIENT, str(kims), str(db_path)], check=True)

    assert sam.unmerged_copy is not None
    assert sam.unmerged_copy.name.startswith("team (changed while saving ")
    assert sam.unmerged_copy.read_bytes() == kims.read_bytes()
    assert "changed on disk while saving" in caplog.text
    saved = Store(db_path, "x").load()
    assert saved.intern(ann.id).hear and saved.hours == ()  # Kim's hours are in the copy

    merged = run_cli(db_path, "sam", "merge")
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith(f"merged 1 change from {sam.unmerged_copy.name}")
    both = Store(db_path, "x").load()
    assert both.intern(ann.id).hear
    assert [(h.hours, h.stamp.author) for h in both.hours] == [(3.0, "kim")]


def test_an_ordinary_save_keeps_no_copy(db_path):
    sam = Store(db_path, "sam")
    ann = sam.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    Store(db_path, "kim").set_training(ann.id, "pre", True)  # another writer, under the lock
    sam.set_training(ann.id, "hear", True)
    assert sam.unmerged_copy is None
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == [
        "team.json",
        "team.json.lock",
    ]
