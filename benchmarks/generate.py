"""Write a realistic microintern data file of any size, the same bytes for the same seed.

    python benchmarks/generate.py --interns 5000 --hours-per-intern 40 --out big.json

Interns are spread over several cohorts (the two built-in 2024 cohorts and later ones
stored in the file), about 40 per supervisor; each has hours entries on weekdays inside
their cohort's five weeks, most have a mid-way check-in, and a few entries are tombstones
(deleted), as in a file that has been used for a while. The records have exactly the
layout ``Transaction.insert`` writes, and the file is written by the store's own codec and
atomic save, so it is a valid TinyDB file that ``microintern --db FILE check`` accepts.

The first supervisor, ``BENCH_USER``, is the one the benchmarks open the app as.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import uuid
from pathlib import Path
from typing import Any

from microintern_tui.domain.programme import BUILTIN_COHORTS, new_cohort
from microintern_tui.fsio import atomic_write
from microintern_tui.store.codec import encode
from microintern_tui.store.records import cohort_to_fields
from microintern_tui.store.schema import (
    APP_NAME,
    CHECKINS,
    COHORTS,
    HOURS,
    INTERNS,
    META,
    SCHEMA_VERSION,
)

#: The supervisor the app benchmarks open the file as (their own ~40 interns).
BENCH_USER = "Sam Taylor"
#: "Today" for every benchmark: after the last generated cohort has ended.
BENCH_TODAY = dt.date(2026, 9, 1)
INTERNS_PER_SUPERVISOR = 40

FIRST = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Farah",
    "George",
    "Hannah",
    "Isaac",
    "Jasmine",
    "Kofi",
    "Lucy",
    "Mohammed",
    "Nadia",
    "Oliver",
    "Priti",
    "Rhys",
    "Sofia",
    "Tariq",
    "Zoe",
    "Aisha",
    "Bilal",
    "Carys",
    "Dev",
    "Emeka",
    "Freya",
    "Gabriel",
    "Hiro",
    "Imani",
    "Jonah",
    "Keira",
    "Leon",
    "Maya",
    "Niall",
    "Olu",
    "Paloma",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tilly",
    "Uma",
    "Victor",
    "Wen",
    "Xavier",
    "Yusuf",
    "Zara",
    "Ana",
    "Björn",
    "Chidi",
    "Dalia",
    "Eoin",
    "Fatima",
    "Gino",
    "Hana",
    "Ines",
    "Jamal",
    "Kasia",
    "Liam",
    "Mei",
    "Noor",
]
LAST = [
    "Okonkwo",
    "Hughes",
    "Martin",
    "Kowalski",
    "Fitzgerald-Obi",
    "Siddiqui",
    "Li",
    "Adeyemi",
    "Romero",
    "Patel",
    "Mensah",
    "Evans",
    "Rahman",
    "Haddad",
    "Brown",
    "Nair",
    "Morgan",
    "Rossi",
    "Aziz",
    "Clarke",
    "Nowak",
    "O'Brien",
    "Santos",
    "Ito",
    "Mbeki",
    "Larsen",
    "Dubois",
    "Kaur",
    "Murphy",
    "Ahmed",
    "Novak",
    "Silva",
    "Chen",
    "Jones",
    "Wright",
    "Khan",
    "Walsh",
    "Osei",
    "Moreau",
    "Kim",
    "Lopez",
    "Iqbal",
    "Schmidt",
    "Taylor",
    "Byrne",
    "Wood",
    "Price",
    "Costa",
    "Yilmaz",
    "Rossi-Bell",
    "Tanaka",
    "Oduya",
]
EMPLOYER_HEADS = [
    "Bow Street Food Bank",
    "Lantern Analytics",
    "Mile End Community Arts",
    "Thames Rowing Trust",
    "Greenway Architects",
    "Whitechapel Legal Advice",
    "Quire Books",
    "Canal Side Cafe Co-op",
    "Poplar Youth Theatre",
    "Brick Lane Design Studio",
    "Limehouse Robotics",
    "East London Wildlife Trust",
    "Stepney City Farm",
    "Tower Hamlets Law Centre",
    "Docklands Data Co.",
    "Victoria Park Gallery",
    "Spitalfields Heritage",
    "Roman Road Books",
    "Queen's Market Traders",
    "Hackney Wick Studios",
    "Bethnal Green Museum Friends",
    "Isle of Dogs Rowing",
    "Shadwell Clinic",
    "Wapping Print Works",
    "Bromley-by-Bow Centre",
    "Leaside Housing Trust",
    "Aldgate Fintech Lab",
]
NOTES = (
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
    "Induction and health & safety",
    "Grant report: figures for Q2",
    "Shadowed the operations manager",
    "",
)
CHECKIN_NOTES = (
    "Settling in well; line manager happy. Agreed a plan for the last two weeks.",
    "Enjoying the research; wants more client contact. Will raise it with the host.",
    "Hours a little low because of exams; catching up next week.",
    "Confident and independent. Discussed how to describe the project on the CV.",
    "Quiet start, now leading the survey work. Reminded about the HEAR journal.",
)
#: Later cohorts stored in the file, beside the two built in (start Mondays).
EXTRA_COHORTS = (
    ("Autumn 2024", dt.date(2024, 10, 7)),
    ("Spring 2025", dt.date(2025, 3, 3)),
    ("Summer 2025", dt.date(2025, 6, 30)),
    ("Autumn 2025", dt.date(2025, 10, 6)),
    ("Spring 2026", dt.date(2026, 3, 2)),
    ("Summer 2026", dt.date(2026, 6, 29)),
)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(day: dt.date, rng: random.Random) -> str:
    when = dt.datetime.combine(day, dt.time(9), dt.UTC) + dt.timedelta(
        seconds=rng.randrange(9 * 3600), microseconds=rng.randrange(1_000_000)
    )
    return when.isoformat(timespec="microseconds")


def _record(
    rng: random.Random, fields: dict[str, Any], day: dt.date, author: str
) -> dict[str, Any]:
    # The layout of Transaction.insert: id, the fields, deleted, created, updated, author.
    stamp = _stamp(day, rng)
    return {
        "id": _uuid(rng),
        **fields,
        "deleted": False,
        "created": stamp,
        "updated": stamp,
        "author": author,
    }


def supervisors(count: int) -> list[str]:
    """``count`` distinct supervisor names, the first being ``BENCH_USER``."""
    names = [BENCH_USER]
    rng = random.Random(7)
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return names


def build(interns: int, hours_per_intern: int, seed: int = 1) -> dict[str, Any]:
    """The records of a data file with ``interns`` interns, ``hours_per_intern`` entries each."""
    rng = random.Random(seed)
    cohorts = list(BUILTIN_COHORTS) + [new_cohort(n, s) for n, s in EXTRA_COHORTS]
    staff = supervisors(max(1, round(interns / INTERNS_PER_SUPERVISOR)))
    data: dict[str, Any] = {
        META: {
            "1": {
                "app": APP_NAME,
                "schema": SCHEMA_VERSION,
                "file_id": _uuid(rng),
                "created": _stamp(dt.date(2024, 1, 2), rng),
            }
        },
        COHORTS: {},
        INTERNS: {},
        HOURS: {},
        CHECKINS: {},
    }
    for cohort in cohorts[2:]:
        fields = cohort_to_fields(cohort)
        doc = _record(rng, fields, cohort.start - dt.timedelta(days=60), staff[0])
        doc["id"] = cohort.id  # a cohort's id is derived from its name
        data[COHORTS][str(len(data[COHORTS]) + 1)] = doc
    hours_id = checkin_id = 0
    for n in range(interns):
        cohort = cohorts[n * len(cohorts) // max(1, interns)]
        supervisor = staff[n % len(staff)]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        employer = rng.choice(EMPLOYER_HEADS)
        done = cohort.end < BENCH_TODAY
        intern = _record(
            rng,
            {
                "name": f"{first} {last}",
                "email": f"{first}.{last}.{n}@student.example".lower().replace("'", ""),
                "employer": employer,
                "cohort_id": cohort.id,
                "supervisor": supervisor,
                "pre_training": rng.random() < 0.93,
                "post_training": done and rng.random() < 0.8,
                "hear": done and rng.random() < 0.6,
            },
            cohort.start - dt.timedelta(days=rng.randrange(10, 30)),
            supervisor,
        )
        data[INTERNS][str(n + 1)] = intern
        workdays = [
            d
            for d in (cohort.start + dt.timedelta(days=k) for k in range(35))
            if d.weekday() < 5 and d <= BENCH_TODAY
        ]
        pace = rng.choice((0.6, 0.8, 0.9, 1.0, 1.0, 1.0, 1.1))
        for _ in range(hours_per_intern):
            day = rng.choice(workdays)
            hours = max(0.25, round(40 * pace / max(1, hours_per_intern) * 4 * rng.random()) / 4)
            doc = _record(
                rng,
                {
                    "intern_id": intern["id"],
                    "date": day.isoformat(),
                    "hours": min(hours, 6.0),
                    "note": rng.choice(NOTES),
                },
                day + dt.timedelta(days=rng.randrange(0, 3)),
                supervisor,
            )
            if rng.random() < 0.01:
                doc["deleted"] = True  # a tombstone, as merges and corrections leave
            hours_id += 1
            data[HOURS][str(hours_id)] = doc
        if rng.random() < 0.85:
            day = cohort.start + dt.timedelta(days=14 + rng.randrange(5))
            checkin_id += 1
            data[CHECKINS][str(checkin_id)] = _record(
                rng,
                {
                    "intern_id": intern["id"],
                    "date": day.isoformat(),
                    "note": rng.choice(CHECKIN_NOTES),
                    "revisions": [],
                },
                day,
                supervisor,
            )
    return data


def write(path: Path, interns: int, hours_per_intern: int, seed: int = 1) -> int:
    """Write the file (atomically, with the store's codec); returns its size in bytes."""
    payload = encode(build(interns, hours_per_intern, seed))
    atomic_write(path, payload)
    return len(payload)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interns", type=int, required=True)
    parser.add_argument("--hours-per-intern", type=int, default=40)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    size = write(args.out, args.interns, args.hours_per_intern, args.seed)
    print(f"{args.out}: {size:,} bytes, {args.interns} interns", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
