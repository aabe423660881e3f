"""The fixed data set of the report and export tests, built through the Store API.

Today is 2024-07-17: Spring 2024 is over (its completions are final) and Summer 2024 is in
week 3 (check-ins due, interns at risk). Every requirement of completion is missing alone
for one Spring intern, and one intern's notes try every spreadsheet formula trick.

The store stamps records with the real clock and random ids; ``freeze_stamps`` then maps
every stamp to a fixed time (keeping their order), so exports are byte-for-byte stable.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.codec import decode, encode
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 7, 17)
USER = "Sam Supervisor"
#: The first frozen stamp; each later one is a minute after the one before.
STAMP_BASE = dt.datetime(2024, 7, 17, 9, 0, tzinfo=dt.UTC)

INJECTION_NOTES = (
    '=HYPERLINK("http://evil.example","click")',
    "+1",
    "-2",
    "@SUM(A1:A2)",
    "\tx",
    "\rx",
    'Said "hi", then\nleft early',
    "plain note",
    "\x1b]0;pwned\x07\x1b[31mred",
)

D = dt.date


def _hours(store: Store, intern_id: str, start: D, chunks: list[float], **kw: bool) -> None:
    """Record ``chunks`` of hours on consecutive weekdays from ``start``."""
    day = start
    for n, h in enumerate(chunks):
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        store.add_hours(intern_id, day, h, f"Task {n + 1}", TODAY, **kw)
        day += dt.timedelta(days=1)


def _intern(
    store: Store,
    name: str,
    cohort: str,
    supervisor: str = USER,
    employer: str = "",
    **flags: bool,
) -> str:
    email = name.lower().split()[0].replace("ë", "e") + "@uni.example"
    employer = employer or f"{name.split()[-1]} & Co"
    intern = store.add_intern(name, email, employer, cohort, supervisor)
    for which in ("pre", "post"):
        if flags.get(which, True):
            store.set_training(intern.id, which, True)
    if flags.get("hear", False):
        store.set_training(intern.id, "hear", True)
    return intern.id


def build(path: Path) -> None:
    """Write the fixed data set to ``path`` (which must not exist)."""
    store = Store(path, USER)
    store.save_cohort(new_cohort("Spring 2027", D(2027, 3, 1)))

    spring, mar4 = "Spring 2024", D(2024, 3, 4)
    ten_fours = [4.0] * 10
    ann = _intern(store, "Ann Lee", spring, hear=True)
    _hours(store, ann, mar4, ten_fours)
    store.add_checkin(ann, D(2024, 3, 19), "Going well", TODAY)
    ben = _intern(store, "Ben Ode", spring)
    _hours(store, ben, mar4, [4.0] * 9 + [2.0])
    store.add_checkin(ben, D(2024, 3, 20), "Fine", TODAY)
    cara = _intern(store, "Cara Diaz", spring, supervisor="Priya Shah", pre=False)
    _hours(store, cara, mar4, ten_fours)
    store.add_checkin(cara, D(2024, 3, 19), "Missed the training", TODAY)
    dev = _intern(store, "Dev Rao", spring, post=False)
    _hours(store, dev, mar4, ten_fours)
    store.add_checkin(dev, D(2024, 3, 21), "Busy with exams", TODAY)
    eve = _intern(store, "Eve Kim", spring)
    _hours(store, eve, mar4, ten_fours)
    gone = store.add_checkin(eve, D(2024, 3, 21), "Entered for the wrong intern", TODAY)
    store.delete_checkin(gone.id)
    finn = _intern(store, "Finn Walsh", spring, supervisor="priya  shah")
    _hours(store, finn, mar4, [*ten_fours, 1.5], allow_over=True)
    store.add_checkin(finn, D(2024, 3, 18), "Keen", TODAY)
    zoe = _intern(
        store,
        "Zoë Ångström",
        spring,
        supervisor="Tom Okafor",
        employer="+Plus Consulting, Ltd.",
        post=False,
    )
    store.add_hours(zoe, D(2024, 3, 4), 3.0, "deleted later", TODAY)
    for n, note in enumerate(INJECTION_NOTES):
        store.add_hours(zoe, D(2024, 3, 5) + dt.timedelta(days=n), 1.5, note, TODAY)
    (first,) = [h for h in store.load().hours_of(zoe) if h.note == "deleted later"]
    store.delete_hours(first.id)

    summer, jul1 = "Summer 2024", D(2024, 7, 1)
    hana = _intern(store, "Hana Sato", summer, post=False)
    _hours(store, hana, jul1, [4.0] * 5)
    store.add_checkin(hana, D(2024, 7, 16), "Settled in", TODAY)
    ivo = _intern(store, "Ivo Petrov", summer, supervisor="Priya Shah", post=False)
    _hours(store, ivo, jul1, [2.5, 2.5])
    _intern(store, "Jo March", summer, pre=False, post=False)
    kai = _intern(store, "Kai Moana", summer, supervisor="Priya Shah", post=False)
    _hours(store, kai, jul1, [4.0, 4.0, 8.0, 8.0, 8.0, 4.0, 5.0], allow_over=True)
    store.add_checkin(kai, D(2024, 7, 15), "Too many hours; spoke to the host", TODAY)
    lin = _intern(store, "Lin Wu", summer, post=False)
    _hours(store, lin, jul1, [8.0] * 5)
    mo = _intern(store, "Mo Farah", summer, supervisor="Tom Okafor", post=False)
    _hours(store, mo, jul1, [4.0] * 4)
    freeze_stamps(path)


def freeze_stamps(path: Path) -> None:
    """Replace every created/updated stamp with a fixed one, keeping their order."""
    data = decode(path.read_bytes(), path)
    stamps = sorted(
        {
            doc[key]
            for table in data.values()
            for doc in table.values()
            for key in ("created", "updated")
            if key in doc
        }
    )
    fixed = {
        old: (STAMP_BASE + dt.timedelta(minutes=n)).isoformat(timespec="microseconds")
        for n, old in enumerate(stamps)
    }
    for table in data.values():
        for doc in table.values():
            for key in ("created", "updated"):
                if key in doc:
                    doc[key] = fixed[doc[key]]
    path.write_bytes(encode(data))
