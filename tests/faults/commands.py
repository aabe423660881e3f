"""Every writing command, how to set the stage for it, and how to tell its change was saved.

Each runs against a copy of one team file (:func:`make_team`): Ann and Bo in Spring 2024,
hours, a check-in, a cohort Spring 2027, and several backups.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from microintern_tui.domain.interns import InternDetails
from microintern_tui.domain.programme import new_cohort
from microintern_tui.store import lock
from microintern_tui.store.backups import list_backups
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 18)
#: The id of the hours entry the conflicted copy adds (merge's change).
MERGED_ENTRY = "entry-from-the-copy"
COPY_NAME = "team (Bob's conflicted copy 2024-03-18).json"


def make_team(db: Path) -> None:
    """The team file every command starts from (some 30 KB: a save writes several pages)."""
    store = Store(db, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow Food Bank", "Spring 2024")
    store.add_intern("Bo Chen", "bo@uni.example", "Bow Food Bank", "Spring 2024")
    store.import_interns(
        [
            InternDetails(f"Intern {n}", f"intern{n}@uni.example", "Bow", "Summer 2024", "kim")
            for n in range(40)
        ]
    )
    store.add_hours(ann.id, dt.date(2024, 3, 11), 2, "survey", TODAY)
    store.add_checkin(ann.id, dt.date(2024, 3, 18), "Settling in", TODAY)
    store.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 1)), new=True)


def _ds(db: Path):  # noqa: ANN202 - a Dataset
    return Store(db, "verifier").load()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Command:
    """One writing command.

    Attributes:
        args: its arguments after ``microintern --db ... --user ... --today ...``.
        saved: whether its change is in the file (given what ``prepare`` returned).
        prepare: sets the stage in the case's folder before it runs; returns what
            ``saved`` needs to know.
    """

    args: tuple[str, ...]
    saved: Callable[[Path, object], bool]
    prepare: Callable[[Path], object] = lambda db: None
    #: The arguments to try again with after a fault (given ``prepare``'s answer).
    again: Callable[[object], tuple[str, ...]] | None = None


def _roster(db: Path) -> None:
    db.with_name("roster.csv").write_text(
        "name,email,employer,cohort,supervisor\n"
        "Di Ng,di@uni.example,Bow,Spring 2024,\nEd Fox,ed@uni.example,Bow,Spring 2024,\n",
        encoding="utf-8",
    )


def _copy(db: Path) -> None:
    data = json.loads(db.read_bytes())
    entry = next(iter(data["hours"].values()))
    data["hours"]["99"] = {**entry, "id": MERGED_ENTRY, "date": "2024-03-14", "author": "bob"}
    db.with_name(COPY_NAME).write_text(json.dumps(data), encoding="utf-8")


def _second_backup(db: Path) -> tuple[str, str]:
    """The name and hash of backup number 2 (a name: numbers move as backups are kept)."""
    second = list_backups(db)[1]
    return second.name, _sha(second.path)


def _stale_lock(db: Path) -> None:
    since = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat(timespec="seconds")
    host = "kims-laptop" if socket.gethostname() != "kims-laptop" else "other-host"
    record = {"user": "kim", "host": host, "pid": 4242, "since": since}
    lock.owner_path(db).write_text(json.dumps(record), encoding="utf-8")


COMMANDS: dict[str, Command] = {
    "intern add": Command(
        ("intern", "add", "--name", "Cy Dee", "--email", "cy@uni.example", "--employer", "Bow",
         "--cohort", "Spring 2024"),
        lambda db, _: any(i.email == "cy@uni.example" for i in _ds(db).interns),
    ),
    "import": Command(
        ("import", "roster.csv"),
        lambda db, _: {"di@uni.example", "ed@uni.example"} <= {i.email for i in _ds(db).interns},
        _roster,
    ),
    "hours add": Command(
        ("hours", "add", "bo@uni.example", "--date", "2024-03-13", "--hours", "3",
         "--note", "fault-test"),
        lambda db, _: any(h.note == "fault-test" for h in _ds(db).hours),
    ),
    "checkin add": Command(
        ("checkin", "add", "bo@uni.example", "--note", "fault check-in"),
        lambda db, _: any(c.note == "fault check-in" for c in _ds(db).checkins),
    ),
    "training": Command(
        ("training", "ann@uni.example", "--pre"),
        lambda db, _: _ds(db).find_intern("ann@uni.example").pre_training,
    ),
    "cohort add": Command(
        ("cohort", "add", "Autumn 2027", "--start", "2027-09-06"),
        lambda db, _: any(c.name == "Autumn 2027" for c in _ds(db).cohorts),
    ),
    "cohort archive": Command(
        ("cohort", "archive", "Spring 2027"),
        lambda db, _: _ds(db).find_cohort("Spring 2027").archived,
    ),
    "merge": Command(
        ("merge",),
        lambda db, _: any(h.id == MERGED_ENTRY for h in _ds(db).hours),
        _copy,
    ),
    "restore": Command(
        ("restore", "2"),
        lambda db, backup: _sha(db) == backup[1],  # type: ignore[index]
        _second_backup,
        again=lambda backup: ("restore", backup[0]),  # type: ignore[index]
    ),
    "unlock": Command(
        ("unlock", "--yes"), lambda db, _: not lock.owner_path(db).exists(), _stale_lock
    ),
}  # fmt: skip
