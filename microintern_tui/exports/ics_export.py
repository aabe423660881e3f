"""The milestone calendar as RFC 5545 iCalendar, one all-day event per milestone.

- Every event is all-day (``DTSTART;VALUE=DATE``) with an exclusive ``DTEND``: the next day,
  or the Monday after for a week-commencing milestone, so it spans its whole week.
- UIDs are ``<cohort id>-<milestone key>@microintern``. A cohort id is derived from its name
  and never changes, so importing the file again updates the events instead of duplicating
  them, even after a date was edited.
- DTSTAMP (and LAST-MODIFIED) is the time the cohort record was last saved, not the time of
  the export: the same data always gives the same bytes (golden files, diffs, sync clients
  that skip unchanged files), and a calendar that compares stamps sees an edited cohort as
  newer. A built-in cohort that was never saved has no stamp; it gets ``BUILTIN_STAMP``,
  fixed, for the same reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from ..domain.models import Cohort, Milestone, MilestoneKind
from ..domain.text import printable

PRODID = "-//microintern//Milestones//EN"
UID_DOMAIN = "microintern"
#: The stamp of a built-in cohort never saved to the file: the start of the 2024 calendar.
BUILTIN_STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def milestone_uid(cohort: Cohort, milestone: Milestone) -> str:
    """The stable UID of one milestone of one cohort."""
    return f"{cohort.id}-{milestone.key}@{UID_DOMAIN}"


def cohort_stamp(cohort: Cohort) -> dt.datetime:
    """When the cohort was last saved (UTC, whole seconds), or ``BUILTIN_STAMP``."""
    try:
        stamp = dt.datetime.fromisoformat(cohort.stamp.updated)
    except ValueError:
        return BUILTIN_STAMP
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC).replace(microsecond=0)


def milestone_end(milestone: Milestone) -> dt.date:
    """The exclusive end date: the day after, or the Monday after a week-commencing milestone."""
    return milestone.last_day + dt.timedelta(days=1)


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _text(value: str) -> str:
    # Control characters are not allowed in an iCalendar TEXT value (RFC 5545 3.3.11).
    return printable(value)


def _event(cohort: Cohort, milestone: Milestone, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", milestone_uid(cohort, milestone))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", milestone.date)
    event.add("dtend", milestone_end(milestone))
    event.add("summary", _text(f"{cohort.name}: {milestone.name}"))
    if milestone.kind is MilestoneKind.WEEK:
        detail = f"Week commencing Monday {_day(milestone.date)}."
    else:
        detail = f"{milestone.date:%A} {_day(milestone.date)}."
    event.add("description", _text(f"{milestone.name}, {cohort.name} micro-internships. {detail}"))
    # All-day reminders, not appointments: they do not make anyone look busy.
    event.add("transp", "TRANSPARENT")
    return event


def milestones_calendar(cohorts: Iterable[Cohort]) -> Calendar:
    """A calendar with every milestone of ``cohorts``, in date order within each cohort."""
    cohorts = tuple(cohorts)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    names = ", ".join(c.name for c in cohorts)
    cal.add("x-wr-calname", _text(f"Micro-internship milestones: {names}"))
    for cohort in cohorts:
        stamp = cohort_stamp(cohort)
        for milestone in sorted(cohort.milestones, key=lambda m: (m.date, m.key)):
            cal.add_component(_event(cohort, milestone, stamp))
    return cal


def milestones_ics(cohorts: Iterable[Cohort]) -> bytes:
    """The bytes of an .ics file with every milestone of ``cohorts`` (CRLF, UTF-8)."""
    ics: bytes = milestones_calendar(cohorts).to_ical()
    return ics
