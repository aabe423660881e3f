"""Converters between stored records (JSON objects) and domain objects.

A record that cannot be converted names its table, id and field in a DataFileError, so
``microintern check`` can say exactly what is wrong and where.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from ..domain.dataset import Dataset
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
from .schema import CHECKINS, COHORTS, HOURS, INTERNS, Data

Doc = dict[str, Any]
T = TypeVar("T")


class _Reader:
    """Typed access to one record's fields, with errors that say where."""

    def __init__(self, path: Path, table: str, doc: Doc) -> None:
        self.path = path
        self.table = table
        self.doc = doc

    def fail(self, field: str, why: str) -> DataFileError:
        rid = self.doc.get("id", "?")
        return DataFileError(
            f"{self.path}: {self.table} record {rid!r}, field {field!r} {why}; "
            "the file was not changed. Repair the record or restore a backup."
        )

    def text(self, field: str, default: str | None = None) -> str:
        value = self.doc.get(field, default)
        if not isinstance(value, str):
            raise self.fail(field, "is missing or not text")
        return value

    def flag(self, field: str) -> bool:
        value = self.doc.get(field, False)
        if not isinstance(value, bool):
            raise self.fail(field, "is not true or false")
        return value

    def date(self, field: str, value: object = None) -> dt.date:
        raw = self.doc.get(field) if value is None else value
        try:
            if not isinstance(raw, str):
                raise ValueError
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise self.fail(field, f"is not a date YYYY-MM-DD ({raw!r})") from None

    def number(self, field: str) -> float:
        value = self.doc.get(field)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(field, "is not a number")
        return float(value)

    def stamp(self) -> Stamp:
        return Stamp(
            created=self.text("created", ""),
            updated=self.text("updated", ""),
            author=self.text("author", ""),
        )


def intern_from_doc(path: Path, doc: Doc) -> Intern:
    """An Intern from its stored record."""
    r = _Reader(path, INTERNS, doc)
    return Intern(
        id=r.text("id"),
        name=r.text("name"),
        email=r.text("email"),
        employer=r.text("employer", ""),
        cohort_id=r.text("cohort_id"),
        supervisor=r.text("supervisor", ""),
        pre_training=r.flag("pre_training"),
        post_training=r.flag("post_training"),
        hear=r.flag("hear"),
        deleted=r.flag("deleted"),
        stamp=r.stamp(),
    )


#: Dates already parsed from their text: a file of 200,000 entries has a few hundred dates.
_DATES: dict[str, dt.date] = {}
_DATES_KEPT = 20_000


def _cached_date(text: str) -> dt.date | None:
    date = _DATES.get(text)
    if date is None:
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            return None
        if len(_DATES) >= _DATES_KEPT:
            _DATES.clear()
        _DATES[text] = date
    return date


def _hours_fields(doc: Doc) -> tuple[Any, ...] | None:
    """The fields of a well-formed hours record, in HoursEntry's order; None otherwise.

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
        and type(id_) is str
        and type(intern_id) is str
        and (type(hours) is float or type(hours) is int)
        and type(note) is str
        and type(deleted) is bool
        and type(created) is str
        and type(updated) is str
        and type(author) is str
    ):
        return (id_, intern_id, date, float(hours), note, deleted, created, updated, author)
    return None


def hours_from_doc(path: Path, doc: Doc) -> HoursEntry:
    """An HoursEntry from its stored record.

    Anything but a well-formed record goes through the field-by-field reader, which names
    what is wrong.
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
    return HoursEntry(
        id=r.text("id"),
        intern_id=r.text("intern_id"),
        date=r.date("date"),
        hours=r.number("hours"),
        note=r.text("note", ""),
        deleted=r.flag("deleted"),
        stamp=r.stamp(),
    )


def checkin_from_doc(path: Path, doc: Doc) -> Checkin:
    """A Checkin from its stored record, with the revisions kept by merges."""
    r = _Reader(path, CHECKINS, doc)
    raw_revisions = doc.get("revisions", [])
    if not isinstance(raw_revisions, list):
        raise r.fail("revisions", "is not a list")
    revisions = []
    for rev in raw_revisions:
        if not isinstance(rev, dict):
            raise r.fail("revisions", "holds something that is not a revision")
        rr = _Reader(path, CHECKINS, rev)
        revisions.append(
            NoteRevision(rr.text("note"), rr.text("updated", ""), rr.text("author", ""))
        )
    return Checkin(
        id=r.text("id"),
        intern_id=r.text("intern_id"),
        date=r.date("date"),
        note=r.text("note", ""),
        revisions=tuple(revisions),
        deleted=r.flag("deleted"),
        stamp=r.stamp(),
    )


def cohort_from_doc(path: Path, doc: Doc) -> Cohort:
    """A Cohort from its stored record: its start plus the date of every milestone."""
    r = _Reader(path, COHORTS, doc)
    dates = doc.get("milestones")
    if not isinstance(dates, dict):
        raise r.fail("milestones", "is not an object of dates")
    start = r.date("start")
    milestones = []
    for spec in MILESTONE_SPECS:
        if spec.key not in dates:
            raise r.fail("milestones", f"has no date for {spec.key!r}")
        date = r.date(f"milestones.{spec.key}", dates[spec.key])
        milestones.append(Milestone(spec.key, spec.name, date, spec.kind))
    builtin = any(b.id == doc.get("id") for b in BUILTIN_COHORTS)
    return Cohort(
        id=r.text("id"),
        name=r.text("name"),
        start=start,
        milestones=tuple(milestones),
        archived=r.flag("archived"),
        builtin=builtin,
        stamp=r.stamp(),
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


def _convert(path: Path, docs: Iterable[Doc], convert: Callable[[Path, Doc], T]) -> list[T]:
    return [convert(path, doc) for doc in docs]


def dataset_from_data(path: Path, data: Data) -> Dataset:
    """The Dataset of a whole data file: built-in cohorts overlaid by stored ones."""
    stored = {c.id: c for c in _convert(path, data.get(COHORTS, {}).values(), cohort_from_doc)}
    cohorts = {c.id: c for c in BUILTIN_COHORTS}
    cohorts.update(stored)
    interns = _convert(path, data.get(INTERNS, {}).values(), intern_from_doc)
    hours = _convert(path, data.get(HOURS, {}).values(), hours_from_doc)
    checkins = _convert(path, data.get(CHECKINS, {}).values(), checkin_from_doc)
    return Dataset.build(cohorts.values(), interns, hours, checkins)
