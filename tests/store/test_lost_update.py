"""No lost update inside the file (issue 10 §3): an edit carries the version it started from.

Two supervisors are two Store objects on one file, each opening a record, then saving
over it in turn: the second saves over a version it has not seen.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from team_files import TODAY, cli

from microintern_tui.domain.models import Checkin
from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.errors import EditConflict
from microintern_tui.store.store import Store


@pytest.fixture
def two(db_path: Path) -> tuple[Store, Store, str]:
    """Ann's and Bob's stores on one file holding Zed; and Zed's id."""
    ann, bob = Store(db_path, "ann"), Store(db_path, "bob")
    zed = ann.add_intern("Zed Zo", "zed@uni.example", "Bow", "Spring 2024")
    return ann, bob, zed.id


def _checkin(store: Store, checkin_id: str) -> Checkin:
    return next(c for c in store.load().checkins if c.id == checkin_id)


def test_two_edits_of_one_note_from_the_same_version_keep_both_texts_and_say_so(two):
    ann, bob, zed = two
    made = ann.add_checkin(zed, dt.date(2024, 3, 18), "Settling in", TODAY)
    ann_opened, bob_opened = _checkin(ann, made.id), _checkin(bob, made.id)

    first = ann.update_checkin(made.id, "Going well, says Ann", None, TODAY, base=ann_opened)
    second = bob.update_checkin(made.id, "Needs a call, says Bob", None, TODAY, base=bob_opened)

    assert first.both_kept == ""  # nothing happened meanwhile
    assert "ann changed this note while you edited it" in second.both_kept
    assert "both texts are kept" in second.both_kept
    saved = _checkin(Store(ann.path, "x"), made.id)
    assert saved.note == "Needs a call, says Bob"
    assert [(r.note, r.author) for r in saved.revisions] == [("Going well, says Ann", "ann")]
    # Ann, looking at what she saved, edits again: Bob's version is new to her too.
    again = ann.update_checkin(made.id, "Call booked", None, TODAY, base=first.checkin)
    assert "bob changed this note" in again.both_kept
    texts = {r.note for r in _checkin(Store(ann.path, "x"), made.id).revisions}
    assert texts == {"Going well, says Ann", "Needs a call, says Bob"}


def test_an_edit_from_the_current_version_keeps_no_revision(two):
    ann, bob, zed = two
    made = ann.add_checkin(zed, dt.date(2024, 3, 18), "Settling in", TODAY)
    first = ann.update_checkin(made.id, "One", None, TODAY, base=_checkin(ann, made.id))
    second = bob.update_checkin(made.id, "Two", None, TODAY, base=_checkin(bob, made.id))
    assert (first.both_kept, second.both_kept) == ("", "")
    assert _checkin(Store(ann.path, "x"), made.id).revisions == ()
    assert second.checkin.note == "Two"


def test_a_tick_is_set_to_what_the_user_chose_never_toggled(two):
    ann, bob, zed = two
    assert not ann.load().intern(zed).pre_training and not bob.load().intern(zed).pre_training
    ann.set_training(zed, "pre", True)
    bob.set_training(zed, "pre", True)  # Bob saw it unticked, and ticks it too
    assert Store(ann.path, "x").load().intern(zed).pre_training is True
    bob.set_training(zed, "pre", False)
    bob.set_training(zed, "pre", False)
    assert Store(ann.path, "x").load().intern(zed).pre_training is False


def test_the_training_command_ticks_whatever_the_tick_was(db_path):
    Store(db_path, "sam").add_intern("Zed Zo", "zed@uni.example", "Bow", "Spring 2024")
    for _ in range(2):
        done = cli(db_path, "training", "zed@uni.example", "--post")
        assert done.returncode == 0, done.stderr
        assert Store(db_path, "x").load().interns[0].post_training is True


def test_saving_cohort_dates_over_a_newer_version_refuses_and_says_what_changed(two):
    ann, bob, _ = two
    made = ann.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 1)), new=True)
    ann_opened, bob_opened = ann.load().cohort(made.id), bob.load().cohort(made.id)
    moved = dataclasses.replace(
        ann_opened,
        milestones=tuple(
            dataclasses.replace(m, date=dt.date(2027, 9, 1)) if m.key == "hear_deadline" else m
            for m in ann_opened.milestones
        ),
    )
    ann.save_cohort(moved, base=ann_opened)
    before = ann.path.read_bytes()
    renamed = dataclasses.replace(bob_opened, name="Spring 2027 (B)")

    with pytest.raises(EditConflict) as info:
        bob.save_cohort(renamed, base=bob_opened)

    message = str(info.value)
    assert "ann changed Spring 2027 since you opened it" in message
    assert "HEAR journal submission deadline is now 2027-09-01" in message
    assert "Nothing was saved" in message
    assert ann.path.read_bytes() == before
    assert info.value.current == ann.load().cohort(made.id).stamp.updated
    # Saved again from the version it now knows, it goes through.
    bob.save_cohort(
        dataclasses.replace(bob.load().cohort(made.id), name="Spring 2027 (B)"),
        base=bob.load().cohort(made.id),
    )
    saved = Store(ann.path, "x").load().cohort(made.id)
    assert saved.name == "Spring 2027 (B)"
    assert {m.key: m.date for m in saved.milestones}["hear_deadline"] == dt.date(2027, 9, 1)


def test_deleting_an_hours_entry_that_changed_since_it_was_shown_is_refused(two):
    ann, bob, zed = two
    entry, _ = ann.add_hours(zed, dt.date(2024, 3, 12), 2, "", TODAY)
    seen = bob.load().hours[0].stamp.updated
    # Meanwhile Ann's version of the entry changes (a merge brings another edit of it).
    with ann.transaction() as tx:
        tx.update("hours", entry.id, {"hours": 3.5})
    before = ann.path.read_bytes()

    with pytest.raises(EditConflict) as info:
        bob.delete_hours(entry.id, base=seen)

    assert "ann changed this entry since you opened it" in str(info.value)
    assert "it is now 3.5 h on 2024-03-12" in str(info.value)
    assert ann.path.read_bytes() == before
    assert [h.hours for h in Store(ann.path, "x").load().hours] == [3.5]
    bob.delete_hours(entry.id, base=info.value.current)  # from the version it now knows
    assert Store(ann.path, "x").load().hours == ()


def test_deleting_a_check_in_that_changed_since_it_was_shown_is_refused(two):
    ann, bob, zed = two
    made = ann.add_checkin(zed, dt.date(2024, 3, 18), "Settling in", TODAY)
    seen = _checkin(bob, made.id).stamp.updated
    ann.update_checkin(made.id, "Going well", None, TODAY, base=_checkin(ann, made.id))
    with pytest.raises(EditConflict, match="ann changed this check-in since you opened it"):
        bob.delete_checkin(made.id, base=seen)
    assert _checkin(Store(ann.path, "x"), made.id).note == "Going well"
