"""Completion rules, table-tested: each missing requirement alone, then together."""

from __future__ import annotations

import datetime as dt

import pytest

from microintern_tui.domain.completion import (
    HEAR_ACTIVITY,
    Completion,
    hear_list,
    reasons_not_complete,
)
from microintern_tui.domain.models import Checkin, Cohort, HoursEntry, Intern
from microintern_tui.domain.programme import BUILTIN_COHORTS
from microintern_tui.domain.progress import total_hours

SPRING: Cohort = BUILTIN_COHORTS[0]


def _intern(pre: bool = True, post: bool = True) -> Intern:
    return Intern("i1", "Ann Lee", "ann@uni.example", "Bow", SPRING.id, "Sam", pre, post)


def _hours(*amounts: float, deleted: float = 0.0) -> list[HoursEntry]:
    entries = [HoursEntry(f"h{n}", "i1", dt.date(2024, 3, 4 + n), h) for n, h in enumerate(amounts)]
    if deleted:
        entries.append(HoursEntry("hx", "i1", dt.date(2024, 3, 30), deleted, deleted=True))
    return entries


def _checkins(live: bool = True) -> list[Checkin]:
    return [Checkin("c1", "i1", dt.date(2024, 3, 19), "ok", deleted=not live)]


CASES = [
    # id, intern, hours entries, check-ins, expected reasons
    ("all met", _intern(), _hours(20, 20), _checkins(), []),
    ("hours short", _intern(), _hours(20, 19.5), _checkins(), ["hours short by 0.5"]),
    ("no hours", _intern(), [], _checkins(), ["hours short by 40"]),
    (
        "deleted hours do not count",
        _intern(),
        _hours(30, deleted=10),
        _checkins(),
        ["hours short by 10"],
    ),
    ("pre-training", _intern(pre=False), _hours(40), _checkins(), ["pre-training missing"]),
    ("post-workshop", _intern(post=False), _hours(40), _checkins(), ["post-workshop missing"]),
    ("check-in", _intern(), _hours(40), [], ["check-in missing"]),
    ("deleted check-in", _intern(), _hours(40), _checkins(live=False), ["check-in missing"]),
    ("over 40 still completes", _intern(), _hours(24, 17.5), _checkins(), []),
    (
        "everything missing",
        _intern(pre=False, post=False),
        _hours(12.25),
        [],
        [
            "hours short by 27.75",
            "pre-training missing",
            "post-workshop missing",
            "check-in missing",
        ],
    ),
]


@pytest.mark.parametrize(
    ("intern", "hours", "checkins", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_reasons_not_complete(
    intern: Intern, hours: list[HoursEntry], checkins: list[Checkin], expected: list[str]
) -> None:
    assert reasons_not_complete(intern, total_hours(hours), checkins) == expected


@pytest.mark.parametrize(
    ("hours", "over", "flags"), [(40.0, False, ()), (41.5, True, ("over 40",)), (39.0, False, ())]
)
def test_over_40_is_flagged(hours: float, over: bool, flags: tuple[str, ...]) -> None:
    c = Completion(_intern(), SPRING, hours, ())
    assert (c.over, c.flags) == (over, flags)


def test_hear_list_holds_only_completers_with_registry_fields() -> None:
    done = Completion(_intern(), SPRING, 41.5, ())
    other = Intern("i2", "Ben Ode", "ben@uni.example", "Bow", SPRING.id)
    not_done = Completion(other, SPRING, 38.0, ("hours short by 2",))
    (entry,) = hear_list([done, not_done])
    assert (entry.name, entry.email, entry.activity, entry.cohort, entry.hours) == (
        "Ann Lee",
        "ann@uni.example",
        HEAR_ACTIVITY,
        "Spring 2024",
        41.5,
    )
    assert HEAR_ACTIVITY == "Micro-internship"
