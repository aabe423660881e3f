"""Property-based tests of the arithmetic: pace, remaining, weekly sums, status, hours parsing."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microintern_tui.domain.errors import ValidationError
from microintern_tui.domain.hours import parse_hours
from microintern_tui.domain.models import HoursEntry, MilestoneKind
from microintern_tui.domain.programme import BUILTIN_COHORTS, new_cohort
from microintern_tui.domain.progress import (
    BEHIND_MARGIN,
    Status,
    countdown,
    expected_hours,
    hours_per_week,
    next_milestone,
    remaining_hours,
    status,
    total_hours,
)

D = dt.date

mondays = st.dates(D(2020, 1, 6), D(2035, 12, 31)).map(lambda d: d - dt.timedelta(days=d.weekday()))
cohorts = st.one_of(
    st.sampled_from(BUILTIN_COHORTS), mondays.map(lambda m: new_cohort(f"Cohort {m}", m))
)
days = st.dates(D(2019, 1, 1), D(2037, 1, 1))
#: Hours as people record them: hundredths of an hour.
cents = st.integers(min_value=1, max_value=2400)
totals = st.integers(min_value=0, max_value=10_000).map(lambda c: c / 100)


@given(cohorts, days, days)
def test_expected_hours_never_go_down_and_stay_within_0_and_40(cohort, a, b):
    early, late = sorted((a, b))
    assert 0 <= expected_hours(cohort, early) <= expected_hours(cohort, late) <= 40


@given(cohorts, days)
def test_expected_hours_are_0_before_the_start_and_40_after_the_end(cohort, day):
    if day <= cohort.start:
        assert expected_hours(cohort, day) == 0
    if day > cohort.end:
        assert expected_hours(cohort, day) == 40


@given(totals)
def test_remaining_and_done_make_40(total):
    assert remaining_hours(total) + min(total, 40) == pytest.approx(40, abs=1e-9)
    assert remaining_hours(total) >= 0


@st.composite
def entries_for(draw, cohort):
    n = draw(st.integers(min_value=0, max_value=30))
    out = []
    for k in range(n):
        offset = draw(st.integers(min_value=-10, max_value=45))
        out.append(
            HoursEntry(
                f"h{k}",
                "i1",
                cohort.start + dt.timedelta(days=offset),
                draw(cents) / 100,
                deleted=draw(st.booleans()),
            )
        )
    return out


@given(st.data())
def test_hours_per_week_sum_to_the_total_within_the_five_weeks(data):
    cohort = data.draw(cohorts)
    entries = data.draw(entries_for(cohort))
    inside = [e for e in entries if cohort.start <= e.date <= cohort.end]
    weeks = hours_per_week(entries, cohort)
    assert len(weeks) == 5
    assert all(w >= 0 for w in weeks)
    assert sum(weeks) == pytest.approx(total_hours(inside), abs=1e-6)


@given(cohorts, days, totals)
def test_status_agrees_with_the_totals(cohort, today, total):
    words = status(total, cohort, today)
    assert (words is Status.OVER) == (total > 40)
    assert (words is Status.DONE) == (total == 40)
    if words is Status.BEHIND:
        assert total < expected_hours(cohort, today) - BEHIND_MARGIN
        assert today >= cohort.start
    if words is Status.ON_TRACK:
        assert 0 < total < 40
        assert total >= expected_hours(cohort, today) - BEHIND_MARGIN
    if today < cohort.start and total < 40:
        assert words is Status.NOT_STARTED


@given(st.integers(min_value=-5000, max_value=5000))
def test_parse_hours_accepts_exactly_hundredths_from_0_01_to_24(n):
    text = str(Decimal(n) / 100)
    if 1 <= n <= 2400:
        assert parse_hours(text) == n / 100
    else:
        with pytest.raises(ValidationError):
            parse_hours(text)


@given(st.integers(min_value=1, max_value=240_000).filter(lambda n: n % 100))
def test_parse_hours_refuses_more_than_two_decimals(n):
    with pytest.raises(ValidationError):
        parse_hours(str(Decimal(n) / 10_000))


@given(st.one_of(st.text(), st.floats(allow_nan=True, allow_infinity=True)))
def test_parse_hours_returns_a_valid_number_or_a_validation_error(value):
    try:
        hours = parse_hours(value)
    except ValidationError as exc:
        assert exc.field == "hours"
    else:
        assert 0 < hours <= 24
        assert round(hours, 2) == hours


@given(cohorts, days)
def test_countdown_words_agree_with_the_days(cohort, today):
    for m in cohort.milestones:
        c = countdown(m, today)
        assert c.days == (m.date - today).days
        if today > m.last_day:
            assert c.label == "passed"
        elif today >= m.date:
            assert c.label == ("this week" if m.kind is MilestoneKind.WEEK else "today")
        elif c.days == 1:
            assert c.label == "tomorrow"
        else:
            assert c.label == f"in {c.days} days"


@given(cohorts, days)
def test_next_milestone_is_the_earliest_not_yet_over(cohort, today):
    upcoming = next_milestone(cohort, today)
    running = [m for m in cohort.milestones if m.last_day >= today]
    if not running:
        assert upcoming is None
    else:
        assert upcoming is not None
        assert upcoming.milestone.date == min(m.date for m in running)
        assert upcoming.label != "passed"
