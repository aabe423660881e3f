"""Pace, status in words and the mid-way check-in, on the Spring and Summer 2024 calendars."""

import datetime as dt

import pytest

from microintern_tui.domain.dataset import Dataset
from microintern_tui.domain.models import Checkin, HoursEntry, Intern
from microintern_tui.domain.programme import BUILTIN_COHORTS
from microintern_tui.domain.progress import (
    CheckinState,
    Status,
    checkin_state,
    expected_hours,
    hours_per_week,
    needed_per_week,
    programme_week,
    remaining_hours,
    status,
    total_hours,
)

D = dt.date
SPRING, SUMMER = BUILTIN_COHORTS


@pytest.mark.parametrize(
    ("cohort", "today", "expected"),
    [
        (SPRING, D(2024, 1, 1), 0.0),
        (SPRING, D(2024, 3, 3), 0.0),
        (SPRING, D(2024, 3, 4), 0.0),
        (SPRING, D(2024, 3, 5), 1.14),
        (SPRING, D(2024, 3, 11), 8.0),
        (SPRING, D(2024, 3, 18), 16.0),
        (SPRING, D(2024, 3, 25), 24.0),
        (SPRING, D(2024, 4, 1), 32.0),
        (SPRING, D(2024, 4, 7), 38.86),
        (SPRING, D(2024, 4, 8), 40.0),
        (SPRING, D(2025, 1, 1), 40.0),
        (SUMMER, D(2024, 6, 30), 0.0),
        (SUMMER, D(2024, 7, 15), 16.0),
        (SUMMER, D(2024, 8, 5), 40.0),
    ],
)
def test_expected_hours_by_today(cohort, today, expected):
    assert expected_hours(cohort, today) == expected


@pytest.mark.parametrize(
    ("cohort", "today", "total", "words"),
    [
        # before the start nobody is behind, whatever they logged
        (SPRING, D(2024, 3, 1), 0, "not started"),
        (SPRING, D(2024, 3, 1), 6, "not started"),
        (SPRING, D(2024, 3, 4), 0, "not started"),
        # nothing logged is "not started" until it is more than 4 h (half a week) under pace
        (SPRING, D(2024, 3, 7), 0, "not started"),
        (SPRING, D(2024, 3, 7), 1, "on track"),
        (SPRING, D(2024, 3, 8), 0, "behind"),
        # the acceptance test: Monday of week 3 expects 16 h
        (SPRING, D(2024, 3, 18), 5, "behind"),
        (SPRING, D(2024, 3, 18), 16, "on track"),
        (SPRING, D(2024, 3, 18), 0, "behind"),
        (SPRING, D(2024, 3, 18), 11.99, "behind"),
        (SPRING, D(2024, 3, 18), 12, "on track"),
        (SPRING, D(2024, 3, 18), 39.99, "on track"),
        (SPRING, D(2024, 3, 18), 40, "done"),
        (SPRING, D(2024, 3, 18), 40.01, "over 40"),
        (SPRING, D(2024, 4, 15), 30, "behind"),
        (SPRING, D(2024, 4, 15), 36, "on track"),
        (SPRING, D(2024, 4, 15), 40, "done"),
        (SPRING, D(2024, 4, 15), 52, "over 40"),
        (SUMMER, D(2024, 7, 15), 5, "behind"),
        (SUMMER, D(2024, 7, 15), 16, "on track"),
        (SUMMER, D(2024, 6, 1), 40, "done"),
    ],
)
def test_status_in_words(cohort, today, total, words):
    assert status(total, cohort, today) == words


def test_status_words_are_the_ones_of_the_issue():
    assert [s.value for s in Status] == ["not started", "on track", "behind", "done", "over 40"]


@pytest.mark.parametrize(
    ("cohort", "today", "state"),
    [
        (SPRING, D(2024, 3, 4), "not due"),
        (SPRING, D(2024, 3, 17), "not due"),
        (SPRING, D(2024, 3, 18), "due"),
        (SPRING, D(2024, 3, 24), "due"),
        (SPRING, D(2024, 3, 25), "overdue"),
        (SPRING, D(2024, 8, 1), "overdue"),
        (SUMMER, D(2024, 7, 14), "not due"),
        (SUMMER, D(2024, 7, 15), "due"),
        (SUMMER, D(2024, 7, 21), "due"),
        (SUMMER, D(2024, 7, 22), "overdue"),
    ],
)
def test_checkin_state_without_a_checkin(cohort, today, state):
    assert checkin_state((), cohort, today) == state


def _checkin(day: dt.date, *, deleted: bool = False) -> Checkin:
    return Checkin("c1", "i1", day, "went well", deleted=deleted)


@pytest.mark.parametrize("today", [D(2024, 3, 18), D(2024, 3, 25), D(2024, 6, 1)])
def test_a_recorded_checkin_is_recorded_even_after_week_3(today):
    assert checkin_state([_checkin(D(2024, 3, 19))], SPRING, today) is CheckinState.RECORDED


def test_a_deleted_checkin_does_not_count():
    checkins = [_checkin(D(2024, 3, 19), deleted=True)]
    assert checkin_state(checkins, SPRING, D(2024, 3, 25)) is CheckinState.OVERDUE


def _entry(day: dt.date, hours: float, *, deleted: bool = False, n: int = 0) -> HoursEntry:
    return HoursEntry(f"h{n}-{day}-{hours}", "i1", day, hours, deleted=deleted)


def test_totals_leave_out_deleted_entries_and_remaining_never_goes_negative():
    entries = [
        _entry(D(2024, 3, 5), 3.5),
        _entry(D(2024, 3, 6), 2.25),
        _entry(D(2024, 3, 6), 8, deleted=True),
    ]
    assert total_hours(entries) == 5.75
    assert remaining_hours(5.75) == 34.25
    assert remaining_hours(40) == 0
    assert remaining_hours(45.5) == 0


def test_hours_per_week_counts_the_five_programme_weeks_only():
    entries = [
        _entry(D(2024, 3, 3), 4),  # the day before the start: outside
        _entry(D(2024, 3, 4), 2),  # week 1
        _entry(D(2024, 3, 10), 1.5),  # Sunday: still week 1
        _entry(D(2024, 3, 11), 3),  # week 2
        _entry(D(2024, 3, 20), 5, deleted=True),
        _entry(D(2024, 4, 7), 6),  # last day of week 5
        _entry(D(2024, 4, 8), 7),  # after the end: outside
    ]
    assert hours_per_week(entries, SPRING) == (3.5, 3.0, 0.0, 0.0, 6.0)


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (D(2024, 3, 3), None),
        (D(2024, 3, 4), 1),
        (D(2024, 3, 18), 3),
        (D(2024, 4, 7), 5),
        (D(2024, 4, 8), None),
    ],
)
def test_programme_week(day, week):
    assert programme_week(SPRING, day) == week


def test_needed_per_week_spreads_what_is_left_over_the_weeks_to_come():
    assert needed_per_week(16, SPRING, D(2024, 3, 18)) == 8.0  # 24 h over the last 3 weeks
    assert needed_per_week(0, SPRING, D(2024, 3, 4)) == 8.0
    assert needed_per_week(10, SPRING, D(2024, 4, 8)) is None


SPRING_INTERNS = (
    Intern("slow", "Sam Slow", "sam@uni.example", "Bow Food Bank", SPRING.id, "Pat"),
    Intern("pace", "Pia Pace", "pia@uni.example", "Quire Books", SPRING.id, "pat "),
    Intern("gone", "Gil Gone", "gil@uni.example", "Quire Books", SPRING.id, deleted=True),
    Intern("summ", "Sue Summer", "sue@uni.example", "Docklands", SUMMER.id, "Kim"),
)


def test_dataset_progress_for_the_acceptance_example():
    hours = [
        HoursEntry("a", "slow", D(2024, 3, 12), 5.0),
        HoursEntry("b", "pace", D(2024, 3, 11), 8.0),
        HoursEntry("c", "pace", D(2024, 3, 15), 8.0),
        HoursEntry("d", "pace", D(2024, 3, 16), 4.0, deleted=True),
    ]
    checkins = [Checkin("k", "pace", D(2024, 3, 18), "fine")]
    ds = Dataset.build(BUILTIN_COHORTS, SPRING_INTERNS, hours, checkins)
    rows = {p.intern.id: p for p in ds.progress_all(D(2024, 3, 18))}
    assert set(rows) == {"slow", "pace", "summ"}  # the deleted intern is gone
    slow, pace = rows["slow"], rows["pace"]
    assert (slow.hours, slow.remaining, slow.expected, slow.status, slow.checkin) == (
        5.0,
        35.0,
        16.0,
        Status.BEHIND,
        CheckinState.DUE,
    )
    assert (pace.hours, pace.status, pace.checkin) == (16.0, Status.ON_TRACK, CheckinState.RECORDED)
    assert rows["summ"].status is Status.NOT_STARTED
    mine = ds.progress_all(D(2024, 3, 18), supervisor="  PAT")
    assert {p.intern.id for p in mine} == {"slow", "pace"}
    summer = ds.progress_all(D(2024, 3, 18), cohort_id=SUMMER.id)
    assert [p.intern.id for p in summer] == ["summ"]


def test_dataset_finds_interns_by_email_id_or_prefix_and_cohorts_by_name():
    ds = Dataset.build(BUILTIN_COHORTS, SPRING_INTERNS, (), ())
    assert ds.find_intern("SAM@uni.example").id == "slow"
    assert ds.find_intern("pace").id == "pace"
    assert ds.find_cohort(" summer  2024").id == SUMMER.id
    from microintern_tui.domain.errors import NotFoundError

    with pytest.raises(NotFoundError, match="gil@uni.example"):
        ds.find_intern("gil@uni.example")
    with pytest.raises(NotFoundError, match="Autumn 2024"):
        ds.find_cohort("Autumn 2024")
