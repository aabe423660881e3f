"""Converters between stored records (JSON objects) and domain objects: the record schema.

Converting a record *is* checking it: each converter accepts exactly the records the file may
hold and names the table, id and field of anything else in a :class:`DataFileError`. The same
converters guard every way into the file (load, merge, restore, import, commands; see
:mod:`microintern_tui.store.gate`), so ``microintern check`` and the gate cannot disagree.

Each kind of record has its own schema:

- a **live** record has every field of its kind, well typed and in range (hours more than
  0 and at most 24 with at most two decimals, real dates, an email that looks like one...);
- a **tombstone** (``"deleted": true``) needs only its id: a deleted record may have lost
  its personal fields (erasure), and it is never shown;
- an **anonymised** record (``"anonymised": true``, left by a purge) keeps its figures
  (dates, hours, ticks) but may have lost every personal field;
- fields this version does not know are kept as they are, if they are plain JSON no deeper
  than :data:`MAX_EXTRA_DEPTH` (a newer microintern may add fields within a schema).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

from ..domain.models import (
    Checkin,
    Cohort,
    HoursEntry,
    Intern,
    Milestone,
    NoteRevision,
    Stamp,
)
from ..domain.programme import BUILTIN_COHORTS, MILESTONE_KEYS, MILESTONE_SPECS
from .errors import DataFileError
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, MAX_EXTRA_DEPTH, nests_within

Doc = dict[str, Any]


class RecordError(DataFileError):
    """One record breaks its schema: the message names the file, table, record and field.

    Attributes:
        problem: the same without the file and the advice, for a list of problems
            (``interns record 'a1…', field 'email' is not an email address``).
    """

    def __init__(self, path: Path, table: str, record_id: str, field: str, why: str) -> None:
        self.problem = f"{table} record {record_id!r}, field {field!r} {why}"
        super().__init__(
            f"{path}: {self.problem}; the file was not changed. Repair the record or "
            "restore a backup."
        )


#: The longest stamp (created, updated) or author kept: ISO-8601 with microseconds is 32.
MAX_STAMP = 64
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_BUILTIN_IDS = frozenset(b.id for b in BUILTIN_COHORTS)
#: The fields each table's records may hold; any other field is an "extra" (see above).
KNOWN_FIELDS: dict[str, frozenset[str]] = {
    COHORTS: frozenset(
        {"id", "name", "start", "milestones", "archived", "deleted", "created", "updated"}
        | {"author"}
    ),
    INTERNS: frozenset(
        {"id", "name", "email", "employer", "cohort_id", "supervisor", "pre_training"}
        | {"post_training", "hear", "deleted", "anonymised", "merged_into", "withdrawn"}
        | {"withdrawn_reason", "joined_ticks"}
        | {"created", "updated", "author"}
    ),
    HOURS: frozenset(
        {"id", "intern_id", "date", "hours", "note", "deleted", "anonymised", "created"}
        | {"updated", "author"}
    ),
    CHECKINS: frozenset(
        {"id", "intern_id", "date", "note", "revisions", "deleted", "anonymised", "created"}
        | {"updated", "author", "edited_from"}
    ),
}


class _Reader:
    """Typed access to one record's fields, with errors that say where."""

    def __init__(self, path: Path, table: str, doc: Doc) -> None:
        self.path = path
        self.table = table
        self.doc = doc
        self.tombstone = doc.get("deleted") is True
        # A purge keeps figures, not persons: personal fields may be gone.
        self.anonymous = self.tombstone or doc.get("anonymised") is True

    def fail(self, field: str, why: str) -> RecordError:
        rid = self.doc.get("id", "?")
        if not isinstance(rid, str) or len(rid) > 64:
            rid = "?"
        return RecordError(self.path, self.table, rid, field, why)

    def extras(self) -> None:
        """Refuse fields this version does not know unless they are plain, shallow JSON."""
        known = KNOWN_FIELDS[self.table]
        for key, value in self.doc.items():
            if key not in known and not nests_within(value, MAX_EXTRA_DEPTH):
                raise self.fail(key[:40], f"nests deeper than {MAX_EXTRA_DEPTH} levels")
        if "anonymised" in known:  # only ever asked "is it true": anything else is refused
            self.flag("anonymised")

    def text(self, field: str, default: str | None = None, *, personal: bool = False) -> str:
        value = self.doc.get(field, default)
        if value is None and personal and self.anonymous:
            return ""
        if not isinstance(value, str):
            raise self.fail(field, "is missing or not text")
        return value

    def required(self, field: str, *, personal: bool = False) -> str:
        value = self.text(field, personal=personal)
        if not value.strip() and not (personal and self.anonymous):
            raise self.fail(field, "is empty")
        return value

    def flag(self, field: str) -> bool:
        value = self.doc.get(field, False)
        if not isinstance(value, bool):
            raise self.fail(field, "is not true or false")
        return value

    def date(self, field: str, value: object = None) -> dt.date:
        raw = self.doc.get(field) if value is None else value
        if raw is None and self.tombstone:
            return dt.date.min
        try:
            if not isinstance(raw, str) or len(raw) != 10:
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            shown = raw if not isinstance(raw, str) or len(raw) <= 24 else raw[:20] + "…"
            raise self.fail(field, f"is not a real date YYYY-MM-DD ({shown!r})") from None

    def hours(self, field: str) -> float:
        value = self.doc.get(field)
        if value is None and self.tombstone:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, "is not a number")
        number = float(value)
        if not math.isfinite(number) or not 0 < number <= 24:
            raise self.fail(field, f"is {value!r}; hours must be more than 0 and at most 24")
        if round(number, 2) != number:
            raise self.fail(field, f"is {value!r}; hours have at most two decimals")
        return number

    def stamp(self) -> Stamp:
        created = self.text("created", "")
        updated = self.text("updated", "")
        author = self.text("author", "", personal=True)
        for field, value in (("created", created), ("updated", updated), ("author", author)):
            if len(value) > MAX_STAMP:
                raise self.fail(field, f"is longer than {MAX_STAMP} characters")
        return Stamp(created=created, updated=updated, author=author)


#: The tick fields of an intern record.
TICKS = ("pre_training", "post_training", "hear")


def joined_ticks(path: Path, doc: Doc) -> frozenset[str]:
    """The ticks set on records joined into this intern (see :mod:`.join`), checked."""
    value = doc.get("joined_ticks", [])
    if not isinstance(value, list) or not all(t in TICKS for t in value):
        raise _Reader(path, INTERNS, doc).fail("joined_ticks", "is not a list of ticks")
    return frozenset(value)


def intern_from_doc(path: Path, doc: Doc) -> Intern:
    """An Intern from its stored record (a tick set on a record joined into it counts)."""
    r = _Reader(path, INTERNS, doc)
    r.extras()
    email = r.required("email", personal=True)
    if not r.anonymous and not _EMAIL.match(email):
        raise r.fail("email", "is not an email address")
    merged_into = r.text("merged_into", "")
    joined = joined_ticks(path, doc)
    return Intern(
        id=r.required("id"),
        name=r.required("name", personal=True),
        email=email,
        employer=r.text("employer", "", personal=True),
        cohort_id=r.required("cohort_id") if not r.tombstone else r.text("cohort_id", ""),
        supervisor=r.text("supervisor", "", personal=True),
        pre_training=r.flag("pre_training") or "pre_training" in joined,
        post_training=r.flag("post_training") or "post_training" in joined,
        hear=r.flag("hear") or "hear" in joined,
        deleted=r.flag("deleted"),
        stamp=r.stamp(),
        merged_into=merged_into,
        withdrawn=r.flag("withdrawn"),
        withdrawn_reason=r.text("withdrawn_reason", "", personal=True),
    )


#: Dates already parsed from their text: a file of 200,000 entries has a few hundred dates.
_DATES: dict[str, dt.date] = {}
_DATES_KEPT = 20_000


def _cached_date(text: str) -> dt.date | None:
    date = _DATES.get(text)
    if date is None:
        try:
            if len(text) != 10:
                return None
            date = dt.date.fromisoformat(text)
        except ValueError:
            return None
        if len(_DATES) >= _DATES_KEPT:
            _DATES.clear()
        _DATES[text] = date
    return date


_HOURS_FIELDS = KNOWN_FIELDS[HOURS]


def _hours_fields(doc: Doc) -> tuple[Any, ...] | None:
    """The fields of a well-formed live hours record, in HoursEntry's order; None otherwise.

    The fast way, for the commonest record by far: it accepts exactly what the
    field-by-field reader accepts (or less, sending the rest there).
    """
    get = doc.get
    id_, intern_id, date_text, hours = get("id"), get("intern_id"), get("date"), get("hours")
    note, deleted = get("note", ""), get("deleted", False)
    created, updated, author = get("created", ""), get("updated", ""), get("author", "")
    date = _cached_date(date_text) if type(date_text) is str else None
    if (
        date is not None
        and deleted is False
        and type(id_) is str
        and id_
        and type(intern_id) is str
        and intern_id
        and (type(hours) is float or type(hours) is int)
        and 0 < hours <= 24
        and round(hours, 2) == hours
        and type(note) is str
        and type(created) is str
        and type(updated) is str
        and type(author) is str
        and len(created) <= MAX_STAMP
        and len(updated) <= MAX_STAMP
        and len(author) <= MAX_STAMP
        and doc.keys() <= _HOURS_FIELDS
        and get("anonymised") is None
    ):
        return (id_, intern_id, date, float(hours), note, False, created, updated, author)
    return None


def hours_from_doc(path: Path, doc: Doc) -> HoursEntry:
    """An HoursEntry from its stored record.

    Anything but a well-formed live record goes through the field-by-field reader, which
    names what is wrong.
    """
    f = _hours_fields(doc)
    if f is None:
        return _hours_from_doc_checked(path, doc)
    return HoursEntry(f[0], f[1], f[2], f[3], f[4], f[5], Stamp(f[6], f[7], f[8]))


def hours_summary(path: Path, doc: Doc) -> tuple[dt.date, str, float, bool]:
    """Date, created stamp, hours and deleted flag of an hours record, checked as by hours_from_doc.

    For a store that converts records only when they are first asked for, but must refuse
    a damaged file at once: no HoursEntry is built for a well-formed record.

    Raises:
        DataFileError: naming the record and field, as hours_from_doc would.
    """
    f = _hours_fields(doc)
    if f is None:
        e = _hours_from_doc_checked(path, doc)
        return e.date, e.stamp.created, e.hours, e.deleted
    return f[2], f[6], f[3], f[5]


def _hours_from_doc_checked(path: Path, doc: Doc) -> HoursEntry:
    r = _Reader(path, HOURS, doc)
    r.extras()
    return HoursEntry(
        id=r.required("id"),
        intern_id=r.required("intern_id") if not r.tombstone else r.text("intern_id", ""),
        date=r.date("date"),
        hours=r.hours("hours"),
        note=r.text("note", "", personal=True),
        deleted=r.flag("deleted"),
        stamp=r.stamp(),
    )


def checkin_from_doc(path: Path, doc: Doc) -> Checkin:
    """A Checkin from its stored record, with the revisions kept by merges."""
    r = _Reader(path, CHECKINS, doc)
    r.extras()
    if len(r.text("edited_from", "")) > MAX_STAMP:
        raise r.fail("edited_from", f"is longer than {MAX_STAMP} characters")
    raw_revisions = doc.get("revisions", [])
    if not isinstance(raw_revisions, list):
        raise r.fail("revisions", "is not a list")
    revisions = []
    for rev in raw_revisions:
        if not isinstance(rev, dict):
            raise r.fail("revisions", "holds something that is not a revision")
        if not nests_within(rev, MAX_EXTRA_DEPTH):  # merge encodes every revision
            raise r.fail("revisions", f"nests deeper than {MAX_EXTRA_DEPTH} levels")
        rr = _Reader(path, CHECKINS, {"id": doc.get("id"), **rev, "deleted": r.tombstone})
        rr.anonymous = r.anonymous
        revisions.append(
            NoteRevision(
                rr.text("note", personal=True),
                rr.text("updated", ""),
                rr.text("author", "", personal=True),
            )
        )
    return Checkin(
        id=r.required("id"),
        intern_id=r.required("intern_id") if not r.tombstone else r.text("intern_id", ""),
        date=r.date("date"),
        note=r.text("note", "", personal=True),
        revisions=tuple(revisions),
        deleted=r.flag("deleted"),
        stamp=r.stamp(),
    )


def cohort_from_doc(path: Path, doc: Doc) -> Cohort:
    """A Cohort from its stored record: its start plus the date of every milestone."""
    r = _Reader(path, COHORTS, doc)
    r.extras()
    dates = doc.get("milestones")
    if not isinstance(dates, dict) or not nests_within(dates, MAX_EXTRA_DEPTH):
        raise r.fail("milestones", "is not an object of dates")
    start = r.date("start")
    if start.weekday() != 0 and not r.tombstone:
        raise r.fail("start", f"is a {start:%A}; a cohort starts on a Monday")
    milestones = []
    for spec in MILESTONE_SPECS:
        if spec.key not in dates:
            raise r.fail("milestones", f"has no date for {spec.key!r}")
        date = r.date(f"milestones.{spec.key}", dates[spec.key])
        milestones.append(Milestone(spec.key, spec.name, date, spec.kind))
    cohort_id = r.required("id")
    return Cohort(
        id=cohort_id,
        name=r.required("name"),
        start=start,
        milestones=tuple(milestones),
        archived=r.flag("archived"),
        builtin=cohort_id in _BUILTIN_IDS,
        stamp=r.stamp(),
        deleted=r.flag("deleted"),
    )


def cohort_to_fields(cohort: Cohort) -> Doc:
    """The stored fields of a cohort (without id and stamp)."""
    dates = {m.key: m.date.isoformat() for m in cohort.milestones}
    return {
        "name": cohort.name,
        "start": cohort.start.isoformat(),
        "milestones": {k: dates[k] for k in MILESTONE_KEYS if k in dates},
        "archived": cohort.archived,
    }


#: Each table's converter: the schema its records are checked against.
CONVERTERS = {
    COHORTS: cohort_from_doc,
    INTERNS: intern_from_doc,
    HOURS: hours_from_doc,
    CHECKINS: checkin_from_doc,
}
