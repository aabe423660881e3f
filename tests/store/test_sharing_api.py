"""The Store's sharing API as the app's poll uses it: catch up only when there is work."""

from __future__ import annotations

import datetime as dt
import shutil

from microintern_tui.store.outbox import Outbox
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 18)


def test_a_refused_copy_is_not_parsed_again_until_it_changes(tmp_path, monkeypatch):
    team = tmp_path / "team.json"
    store = Store(team, "sam")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    copy = tmp_path / "team (1).json"
    copy.write_text('{"meta": {"1": {"app": "microintern", "schema": 1}}, "hours": []}')
    first = store.catch_up()
    assert [c.path for c in first.skipped] == [copy]
    from microintern_tui.store import copies

    calls = []
    real = copies.read_copy
    monkeypatch.setattr(copies, "read_copy", lambda *a: calls.append(a) or real(*a))
    again = store.catch_up()
    assert calls == []  # not read, not locked: nothing new
    assert [c.path for c in again.skipped] == [copy]  # still reported as left alone
    copy.write_text("not json at all, and a different size")
    store.catch_up()
    assert len(calls) == 1


def test_catch_up_reapplies_what_a_sync_client_dropped(tmp_path):
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    a = Store(
        a_dir / "team.json", "ann", outbox=Outbox(tmp_path / "ob-a", "A", a_dir / "team.json")
    )
    ann = a.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    shutil.copy(a.path, b_dir / "team.json")
    b = Store(
        b_dir / "team.json", "bob", outbox=Outbox(tmp_path / "ob-b", "B", b_dir / "team.json")
    )
    a.add_hours(ann.id, dt.date(2024, 3, 5), 2, "ann's", TODAY)
    b.add_hours(ann.id, dt.date(2024, 3, 6), 3, "bob's", TODAY)
    shutil.copy(b.path, a.path)  # the sync client kept Bob's version only
    assert [e.doc["note"] for e in a.waiting()] == ["ann's"]
    a.catch_up()
    assert sorted(h.note for h in a.load().hours) == ["ann's", "bob's"]
    assert a.waiting() == []
    assert a.last_replay is not None and a.last_replay.count == 1
