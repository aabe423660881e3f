"""The 40-hour cap: hours that take an intern over 40 are refused unless allowed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from microintern_tui.domain.errors import ValidationError
from microintern_tui.domain.hours import OverCapError, check_cap, check_new_hours
from microintern_tui.domain.models import HoursEntry
from microintern_tui.domain.progress import total_hours
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 25)


def _entries(*hours: float) -> list[HoursEntry]:
    return [HoursEntry(f"h{n}", "i1", dt.date(2024, 3, 4 + n), h) for n, h in enumerate(hours)]


@pytest.mark.parametrize(
    ("existing", "new", "refused"),
    [
        ((20.0, 17.0), 3.0, False),  # exactly 40
        ((20.0, 17.0), 3.25, True),
        ((40.0,), 0.25, True),
        ((), 24.0, False),
    ],
)
def test_check_cap(existing: tuple[float, ...], new: float, refused: bool) -> None:
    if refused:
        with pytest.raises(OverCapError) as caught:
            check_cap("Ann Lee", _entries(*existing), new)
        assert caught.value.total == round(sum(existing) + new, 2)
        assert isinstance(caught.value, ValidationError)
    else:
        check_cap("Ann Lee", _entries(*existing), new)


def test_deleted_entries_do_not_count_toward_the_cap() -> None:
    entries = [*_entries(20.0, 19.0), HoursEntry("hx", "i1", dt.date(2024, 3, 9), 8, deleted=True)]
    check_cap("Ann Lee", entries, 1.0)


def test_check_new_hours_still_only_warns_over_40() -> None:
    warnings = check_new_hours(_entries(20.0, 19.0), dt.date(2024, 3, 20), 3.0, TODAY)
    assert warnings == ["total 42 h is over the 40 hours the host employer agreed to"]


def test_message_names_the_intern_and_the_total() -> None:
    with pytest.raises(OverCapError) as caught:
        check_cap("Ann Lee", _entries(20.0, 18.5), 3.0)
    assert str(caught.value) == (
        "hours '3': would take Ann Lee to 41.5 h, over the 40 agreed with the host employer"
    )


@pytest.fixture
def ann(tmp_path: Path) -> tuple[Store, str]:
    store = Store(tmp_path / "team.json", "Sam", lock_timeout=5.0)
    intern = store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    for day in range(4, 14):
        store.add_hours(intern.id, dt.date(2024, 3, day), 3.85, "", TODAY)
    return store, intern.id


def test_store_refuses_hours_over_40_and_writes_nothing(ann: tuple[Store, str]) -> None:
    store, intern_id = ann
    before = store.path.read_bytes()
    with pytest.raises(OverCapError):
        store.add_hours(intern_id, dt.date(2024, 3, 20), 2.0, "", TODAY)
    assert store.path.read_bytes() == before
    assert Store(store.path, "Sam").load().hours_of(intern_id) == store.load().hours_of(intern_id)
    assert len(store.load().hours_of(intern_id)) == 10


def test_store_records_hours_over_40_when_allowed(ann: tuple[Store, str]) -> None:
    store, intern_id = ann
    entry, warnings = store.add_hours(
        intern_id, dt.date(2024, 3, 20), 2.0, "", TODAY, allow_over=True
    )
    assert entry.hours == 2.0
    assert warnings == ["total 40.5 h is over the 40 hours the host employer agreed to"]
    assert total_hours(Store(store.path, "Sam").load().hours_of(intern_id)) == 40.5


def test_the_cap_counts_hours_another_supervisor_just_recorded(ann: tuple[Store, str]) -> None:
    store, intern_id = ann
    store.load()  # this supervisor's view: 38.5 h
    other = Store(store.path, "Priya")
    other.add_hours(intern_id, dt.date(2024, 3, 21), 1.5, "", TODAY)  # now 40 on disk
    with pytest.raises(OverCapError) as caught:
        store.add_hours(intern_id, dt.date(2024, 3, 22), 1.0, "", TODAY)
    assert caught.value.total == 41.0
