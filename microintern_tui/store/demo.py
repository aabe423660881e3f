"""A realistic demo data file: one cohort in its fourth week and twenty interns in varied states.

Deterministic for a given ``today`` and user, so screenshots and tests are reproducible.
"""

from __future__ import annotations

import datetime as dt
import random

from ..domain.models import Cohort
from ..domain.programme import BUILTIN_COHORTS, new_cohort, season_name
from .records import cohort_to_fields
from .schema import CHECKINS, COHORTS, HOURS, INTERNS
from .store import Store

COLLEAGUES = ("Priya Shah", "Tom Okafor")

# name, employer, target hours by today as a share of the expected pace, check-in recorded
_INTERNS: tuple[tuple[str, str, float, bool], ...] = (
    ("Amara Okonkwo", "Bow Street Food Bank", 1.05, True),
    ("Ben Hughes", "Lantern Analytics", 0.55, False),
    ("Chloe Martin", "Mile End Community Arts", 1.0, True),
    ("Daniel Kowalski", "Thames Rowing Trust", 0.0, False),
    ("Ella Fitzgerald-Obi", "Greenway Architects", 1.6, True),
    ("Farah Siddiqui", "Whitechapel Legal Advice", 0.8, True),
    ("George Li", "Quire Books", 0.35, False),
    ("Hannah Adeyemi", "Canal Side Cafe Co-op", 1.0, True),
    ("Isaac Romero", "Poplar Youth Theatre", 1.75, True),
    ("Jasmine Patel", "Brick Lane Design Studio", 0.9, False),
    ("Kofi Mensah", "Limehouse Robotics", 1.1, True),
    ("Lucy Evans", "East London Wildlife Trust", 0.6, True),
    ("Mohammed Rahman", "Stepney City Farm", 1.0, False),
    ("Nadia Haddad", "Tower Hamlets Law Centre", 1.25, True),
    ("Oliver Brown", "Docklands Data Co.", 0.2, False),
    ("Priti Nair", "Victoria Park Gallery", 1.0, True),
    ("Rhys Morgan", "Spitalfields Heritage", 0.7, False),
    ("Sofia Rossi", "Roman Road Books", 1.5, True),
    ("Tariq Aziz", "Queen's Market Traders", 0.95, True),
    ("Zoe Clarke", "Hackney Wick Studios", 0.45, False),
)

_NOTES = (
    "Research for the funding bid",
    "Social media plan and first posts",
    "Data clean-up in the CRM",
    "Team meeting and project planning",
    "Drafted the newsletter",
    "Survey analysis",
    "Event set-up and volunteer briefing",
    "Website copy review",
    "Interviewed two service users",
    "Spreadsheet of local suppliers",
    "",
)

_CHECKIN_NOTES = (
    "Settling in well; line manager happy. Agreed a plan for the last two weeks.",
    "Enjoying the research; wants more client contact. Will raise it with the host.",
    "Hours a little low because of exams; catching up next week.",
    "Confident and independent. Discussed how to describe the project on the CV.",
)


def demo_start(today: dt.date) -> dt.date:
    """The start Monday that puts ``today`` in week 4 of the internship."""
    monday = today - dt.timedelta(days=today.weekday())
    return monday - dt.timedelta(weeks=3)


def demo_cohort(start: dt.date) -> Cohort:
    """The demo's cohort, starting on ``start`` and named for its season.

    A name of a built-in cohort (e.g. "Spring 2024") would give the same id and replace the
    published calendar in the file, so the built-in cohort itself is used when it starts
    that Monday, and the name is marked as the demo's when it does not.
    """
    proposed = new_cohort(season_name(start), start)
    for builtin in BUILTIN_COHORTS:
        if builtin.id == proposed.id:
            if builtin.start == start:
                return builtin
            return new_cohort(f"{proposed.name} (demo)", start)
    return proposed


def _email(name: str) -> str:
    parts = name.lower().replace("-", "").split()
    return f"{parts[0]}.{parts[-1]}@qmul.example"


def write_demo(store: Store, today: dt.date) -> None:
    """Fill a new data file with the demo cohort; the user supervises most of the interns."""
    rng = random.Random(today.toordinal())
    start = demo_start(today)
    cohort = demo_cohort(start)
    elapsed_days = (today - start).days
    expected = 40 * min(1.0, elapsed_days / 35)
    with store.transaction() as tx:
        tx.upsert(COHORTS, cohort.id, cohort_to_fields(cohort))
        for n, (name, employer, pace, met) in enumerate(_INTERNS):
            supervisor = store.user if n % 3 != 2 else COLLEAGUES[n % 2]
            intern = tx.insert(
                INTERNS,
                {
                    "name": name,
                    "email": _email(name),
                    "employer": employer,
                    "cohort_id": cohort.id,
                    "supervisor": supervisor,
                    "pre_training": pace > 0.3 or n % 2 == 0,
                    "post_training": False,
                    "hear": False,
                },
            )
            goal = 40.0 if pace >= 1.6 else round(expected * pace * 2) / 2
            if pace >= 1.75:
                goal = 41.5
            days = [start + dt.timedelta(days=d) for d in range(elapsed_days + 1)]
            workdays = [d for d in days if d.weekday() < 5 and d <= today] or days
            logged = 0.0
            per_day: dict[dt.date, float] = {}
            while logged < goal:
                chunk = min(goal - logged, rng.choice((2.0, 2.5, 3.0, 3.5, 4.0, 5.0)))
                free = [d for d in workdays if per_day.get(d, 0.0) + chunk <= 8.0]
                if not free:
                    break
                day = rng.choice(free)
                per_day[day] = per_day.get(day, 0.0) + chunk
                tx.insert(
                    HOURS,
                    {
                        "intern_id": intern["id"],
                        "date": day.isoformat(),
                        "hours": chunk,
                        "note": rng.choice(_NOTES),
                    },
                )
                logged += chunk
            if met:
                tx.insert(
                    CHECKINS,
                    {
                        "intern_id": intern["id"],
                        "date": (start + dt.timedelta(days=15 + n % 4)).isoformat(),
                        "note": _CHECKIN_NOTES[n % len(_CHECKIN_NOTES)],
                        "revisions": [],
                    },
                )
