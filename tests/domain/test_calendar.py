"""The built-in 2024 calendars match the programme page, and new cohorts follow the offsets."""

import datetime as dt

import pytest

from microintern_tui.domain.errors import ValidationError
from microintern_tui.domain.programme import BUILTIN_COHORTS, new_cohort

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
