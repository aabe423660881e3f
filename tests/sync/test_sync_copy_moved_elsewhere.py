"""A conflicted copy that another machine merged and moved first is not an error here.

Found with a real Syncthing: both machines merge the same ``.sync-conflict-`` copy; the
first to move it into ``.microintern-merged/`` has that move carried to the other machine,
whose own move then finds no copy. Its changes are in the file either way.
"""

from __future__ import annotations

import datetime as dt
import shutil

from microintern_tui.store.conflicts import MERGED_DIR
from microintern_tui.store.store import Store


def test_a_copy_moved_away_by_the_sync_client_mid_merge_still_saves(db_path):
    store = Store(db_path, "ann")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow Food Bank", "Spring 2024")
    copy = db_path.with_name("team.sync-conflict-20240318-101500-ABCDEF1.json")
    other = Store(copy, "bob")
    shutil.copyfile(db_path, copy)
    other.add_hours(ann.id, dt.date(2024, 3, 11), 2, "from bob", dt.date(2024, 3, 18))

    with store.transaction():
        # The copy is merged (read) by now; the other machine's move of it arrives.
        copy.unlink()
    assert [h.note for h in store.load().hours] == ["from bob"]
    assert store.last_merge is not None and len(store.last_merge.merged) == 1
    merged = db_path.with_name(MERGED_DIR)
    assert not merged.exists() or list(merged.iterdir()) == []  # nothing left to move
