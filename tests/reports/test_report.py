"""The cohort report's numbers on the fixed data set, and the at-risk wording."""

from __future__ import annotations

import datetime as dt

import pytest

from microintern_tui.domain.dataset import Dataset, InternProgress
from microintern_tui.domain.models import Intern
from microintern_tui.domain.programme import BUILTIN_COHORTS
from microintern_tui.domain.progress import CheckinState, Status
from microintern_tui.domain.report import AtRisk, Count, cohort_report, is_at_risk

from .fixture_data import TODAY


def _counts(counts: tuple[Count, ...]) -> dict[str, int]:
    return {c.label: c.count for c in counts}


def test_summer_report_counts(dataset: Dataset) -> None:
    r = cohort_report(dataset, dataset.find_cohort("Summer 2024"), TODAY)
    assert (r.interns, r.week, r.completed) == (6, 3, 0)
    assert _counts(r.by_status) == {
        "over 40": 1,
        "done": 1,
        "on track": 2,
        "behind": 2,
        "not started": 0,
    }
    assert _counts(r.hours) == {
        "none yet": 1,
        "under 10 h": 1,
        "10 to under 20 h": 1,
        "20 to under 30 h": 1,
        "30 to under 40 h": 0,
        "40 h": 1,
        "over 40 h": 1,
    }
    assert sum(c.count for c in r.hours) == sum(c.count for c in r.by_status) == r.interns
    assert _counts(r.checkins)["recorded"] == 2
    assert _counts(r.checkins)["due"] == 4
    assert [(t.label, t.done, t.total) for t in r.training] == [
        ("pre-internship training", 5, 6),
        ("post-internship workshop", 0, 6),
        ("HEAR journal", 0, 6),
    ]
    assert [p.intern.name for p in r.over] == ["Kai Moana"]


def test_at_risk_are_the_behind_with_the_steepest_need_first(dataset: Dataset) -> None:
    r = cohort_report(dataset, dataset.find_cohort("Summer 2024"), TODAY)
    assert [(a.progress.intern.name, a.phrase) for a in r.at_risk] == [
        ("Jo March", "needs 14.7 h/week for the remaining 2.7 weeks"),
        ("Ivo Petrov", "needs 12.9 h/week for the remaining 2.7 weeks"),
    ]


def test_spring_report_after_the_end(dataset: Dataset) -> None:
    r = cohort_report(dataset, dataset.find_cohort("Spring 2024"), TODAY)
    assert (r.interns, r.week, r.completed) == (7, None, 2)
    assert r.overdue == ("Eve Kim", "Zoë Ångström")
    assert [(a.progress.intern.name, a.phrase) for a in r.at_risk] == [
        ("Ben Ode", "the internship has ended 2 h short of 40"),
        ("Zoë Ångström", "the internship has ended 26.5 h short of 40"),
    ]


def test_caseload_groups_supervisor_names_ignoring_case_and_spacing(dataset: Dataset) -> None:
    r = cohort_report(dataset, dataset.find_cohort("Spring 2024"), TODAY)
    loads = {k.supervisor: (k.interns, k.behind, k.checkins_overdue, k.over) for k in r.caseloads}
    # Finn Walsh's supervisor is typed "priya  shah": the same person as "Priya Shah".
    assert loads == {
        "Priya Shah": (2, 0, 0, 1),
        "Sam Supervisor": (4, 0, 1, 0),
        "Tom Okafor": (1, 1, 1, 0),
    }


SPRING = BUILTIN_COHORTS[0]
INTERN = Intern("i1", "Ann Lee", "ann@uni.example", "Bow", SPRING.id)


def _progress(hours: float, state: Status) -> InternProgress:
    return InternProgress(INTERN, SPRING, hours, 40 - hours, 0.0, state, CheckinState.NOT_DUE)


@pytest.mark.parametrize(
    ("needed", "weeks", "phrase"),
    [
        (9.5, 2.0, "needs 9.5 h/week for the remaining 2 weeks"),
        (12.857, 2.714, "needs 12.9 h/week for the remaining 2.7 weeks"),
        (20.0, 1.0, "needs 20 h/week for the remaining 1 week"),
        (None, 0.0, "the internship has ended 10 h short of 40"),
    ],
)
def test_at_risk_phrase(needed: float | None, weeks: float, phrase: str) -> None:
    assert AtRisk(_progress(30, Status.BEHIND), needed, weeks).phrase == phrase


@pytest.mark.parametrize(
    ("hours", "state", "today", "at_risk"),
    [
        (10, Status.BEHIND, dt.date(2024, 3, 25), True),
        (30, Status.ON_TRACK, dt.date(2024, 3, 25), False),
        (39, Status.ON_TRACK, dt.date(2024, 4, 8), True),  # ended short of 40
        (40, Status.DONE, dt.date(2024, 4, 8), False),
        (0, Status.NOT_STARTED, dt.date(2024, 3, 1), False),  # before the start
    ],
)
def test_is_at_risk(hours: float, state: Status, today: dt.date, at_risk: bool) -> None:
    assert is_at_risk(_progress(hours, state), today) is at_risk
