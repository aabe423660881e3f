"""The built-in 2024 calendars match the programme page, and new cohorts follow the offsets."""

import datetime as dt

import pytest

from microintern_tui.domain.errors import ValidationError
from microintern_tui.domain.models import MilestoneKind
from microintern_tui.domain.programme import BUILTIN_COHORTS, cohort_id_for, new_cohort
from microintern_tui.domain.progress import Phase, countdown, next_milestone, timeline

D = dt.date

PUBLISHED = {
    "Spring 2024": {
        "go_live": D(2024, 1, 15),
        "applications_deadline": D(2024, 1, 28),
        "applications_sent": D(2024, 1, 29),
        "training_invitations": D(2024, 2, 16),
        "pre_training": D(2024, 2, 28),
        "start": D(2024, 3, 4),
        "midway": D(2024, 3, 18),
        "end": D(2024, 4, 1),
        "post_workshop": D(2024, 4, 10),
        "hear_deadline": D(2024, 8, 11),
    },
    "Summer 2024": {
        "go_live": D(2024, 5, 13),
        "applications_deadline": D(2024, 5, 28),
        "applications_sent": D(2024, 5, 29),
        "training_invitations": D(2024, 6, 14),
        "pre_training": D(2024, 6, 26),
        "start": D(2024, 7, 1),
        "midway": D(2024, 7, 15),
        "end": D(2024, 7, 29),
        "post_workshop": D(2024, 8, 7),
        "hear_deadline": D(2024, 8, 11),
    },
}


@pytest.mark.parametrize("cohort", BUILTIN_COHORTS, ids=lambda c: c.name)
def test_builtin_dates_are_the_published_ones(cohort):
    assert {m.key: m.date for m in cohort.milestones} == PUBLISHED[cohort.name]


def test_new_cohort_proposes_every_date_from_the_start_monday():
    cohort = new_cohort("Spring 2027", D(2027, 3, 1))
    dates = {m.key: m.date for m in cohort.milestones}
    assert dates["go_live"] == D(2027, 1, 11)
    assert dates["pre_training"] == D(2027, 2, 24)
    assert dates["midway"] == D(2027, 3, 15)
    assert dates["end"] == D(2027, 3, 29)
    assert dates["post_workshop"] == D(2027, 4, 7)


def test_a_start_that_is_not_a_monday_is_refused_with_its_weekday():
    with pytest.raises(ValidationError, match="Tuesday"):
        new_cohort("Spring 2027", D(2027, 3, 2))


SPRING, SUMMER = BUILTIN_COHORTS


def test_builtin_cohorts_start_on_the_published_mondays_and_end_five_weeks_later():
    assert (SPRING.name, SPRING.start, SPRING.end) == ("Spring 2024", D(2024, 3, 4), D(2024, 4, 7))
    assert (SUMMER.name, SUMMER.start, SUMMER.end) == ("Summer 2024", D(2024, 7, 1), D(2024, 8, 4))


@pytest.mark.parametrize("cohort", BUILTIN_COHORTS, ids=lambda c: c.name)
def test_only_start_midway_and_end_are_week_commencing(cohort):
    weeks = {m.key for m in cohort.milestones if m.kind is MilestoneKind.WEEK}
    assert weeks == {"start", "midway", "end"}
    assert all(m.date.weekday() == 0 for m in cohort.milestones if m.key in weeks)


# (cohort, today, milestone key, days until, words)
COUNTDOWNS = [
    (SPRING, D(2024, 1, 1), "go_live", 14, "in 14 days"),
    (SPRING, D(2024, 2, 27), "pre_training", 1, "tomorrow"),
    (SPRING, D(2024, 2, 28), "pre_training", 0, "today"),
    (SPRING, D(2024, 2, 29), "pre_training", -1, "passed"),
    (SPRING, D(2024, 3, 4), "start", 0, "this week"),
    (SPRING, D(2024, 3, 10), "start", -6, "this week"),
    (SPRING, D(2024, 3, 11), "start", -7, "passed"),
    (SPRING, D(2024, 3, 17), "midway", 1, "tomorrow"),
    (SPRING, D(2024, 3, 18), "midway", 0, "this week"),
    (SPRING, D(2024, 3, 20), "midway", -2, "this week"),
    (SPRING, D(2024, 3, 24), "midway", -6, "this week"),
    (SPRING, D(2024, 3, 25), "midway", -7, "passed"),
    (SPRING, D(2024, 3, 18), "end", 14, "in 14 days"),
    (SPRING, D(2024, 4, 10), "post_workshop", 0, "today"),
    (SPRING, D(2024, 4, 11), "hear_deadline", 122, "in 122 days"),
    (SPRING, D(2024, 8, 12), "hear_deadline", -1, "passed"),
    (SUMMER, D(2024, 5, 28), "applications_deadline", 0, "today"),
    (SUMMER, D(2024, 5, 28), "applications_sent", 1, "tomorrow"),
    (SUMMER, D(2024, 7, 15), "midway", 0, "this week"),
    (SUMMER, D(2024, 7, 31), "end", -2, "this week"),
    (SUMMER, D(2024, 8, 5), "end", -7, "passed"),
    (SUMMER, D(2024, 8, 5), "post_workshop", 2, "in 2 days"),
    (SUMMER, D(2024, 8, 8), "hear_deadline", 3, "in 3 days"),
    (SUMMER, D(2024, 8, 11), "hear_deadline", 0, "today"),
]


@pytest.mark.parametrize(
    ("cohort", "today", "key", "days", "label"),
    COUNTDOWNS,
    ids=[f"{c.name}-{t}-{k}" for c, t, k, _, _ in COUNTDOWNS],
)
def test_countdown_days_and_words(cohort, today, key, days, label):
    milestone = cohort.milestone(key)
    assert milestone is not None
    result = countdown(milestone, today)
    assert (result.days, result.label) == (days, label)


# (cohort, today, next milestone key, words); None when every milestone has passed
NEXT = [
    (SPRING, D(2023, 12, 1), "go_live", "in 45 days"),
    (SPRING, D(2024, 1, 28), "applications_deadline", "today"),
    (SPRING, D(2024, 2, 29), "start", "in 4 days"),
    (SPRING, D(2024, 3, 6), "start", "this week"),
    (SPRING, D(2024, 3, 11), "midway", "in 7 days"),
    (SPRING, D(2024, 3, 18), "midway", "this week"),
    (SPRING, D(2024, 3, 24), "midway", "this week"),
    (SPRING, D(2024, 3, 25), "end", "in 7 days"),
    (SPRING, D(2024, 4, 8), "post_workshop", "in 2 days"),
    (SPRING, D(2024, 4, 11), "hear_deadline", "in 122 days"),
    (SPRING, D(2024, 8, 11), "hear_deadline", "today"),
    (SPRING, D(2024, 8, 12), None, None),
    (SUMMER, D(2024, 5, 29), "applications_sent", "today"),
    (SUMMER, D(2024, 6, 27), "start", "in 4 days"),
    (SUMMER, D(2024, 7, 18), "midway", "this week"),
    (SUMMER, D(2024, 7, 22), "end", "in 7 days"),
    (SUMMER, D(2024, 8, 4), "end", "this week"),
    (SUMMER, D(2024, 8, 6), "post_workshop", "tomorrow"),
    (SUMMER, D(2024, 8, 9), "hear_deadline", "in 2 days"),
    (SUMMER, D(2024, 12, 1), None, None),
]


@pytest.mark.parametrize(
    ("cohort", "today", "key", "label"), NEXT, ids=[f"{c.name}-{t}" for c, t, _, _ in NEXT]
)
def test_next_milestone(cohort, today, key, label):
    upcoming = next_milestone(cohort, today)
    if key is None:
        assert upcoming is None
    else:
        assert upcoming is not None
        assert (upcoming.milestone.key, upcoming.label) == (key, label)


def test_timeline_marks_passed_running_and_next_milestones():
    phases = {m.key: phase for m, phase, _ in timeline(SPRING, D(2024, 3, 18))}
    assert phases["pre_training"] is Phase.PASSED
    assert phases["start"] is Phase.PASSED
    assert phases["midway"] is Phase.NOW
    assert phases["end"] is Phase.LATER
    on_training_day = {m.key: phase for m, phase, _ in timeline(SPRING, D(2024, 2, 28))}
    assert on_training_day["pre_training"] is Phase.TODAY
    assert on_training_day["start"] is Phase.LATER
    before_start = {m.key: phase for m, phase, _ in timeline(SPRING, D(2024, 3, 1))}
    assert before_start["start"] is Phase.NEXT


def test_new_cohort_keeps_an_edited_date_and_refuses_unknown_or_start_overrides():
    cohort = new_cohort("Spring 2027", D(2027, 3, 1), {"post_workshop": D(2027, 4, 9)})
    post = cohort.milestone("post_workshop")
    assert post is not None and post.date == D(2027, 4, 9)
    with pytest.raises(ValidationError, match="party"):
        new_cohort("Spring 2027", D(2027, 3, 1), {"party": D(2027, 4, 9)})
    with pytest.raises(ValidationError, match="start"):
        new_cohort("Spring 2027", D(2027, 3, 1), {"start": D(2027, 3, 8)})
    with pytest.raises(ValidationError, match="name"):
        new_cohort("   ", D(2027, 3, 1))


def test_cohort_id_ignores_case_and_spacing_so_builtins_are_the_same_in_every_file():
    assert new_cohort("  spring   2024 ", D(2024, 3, 4)).id == SPRING.id
    assert cohort_id_for("Spring 2024") != cohort_id_for("Summer 2024")
