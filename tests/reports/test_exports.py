"""The exports on the fixed data set: golden bytes, then read back as a spreadsheet or calendar."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable

import icalendar
import pytest

from microintern_tui.domain.completion import Completion, cohort_completions
from microintern_tui.domain.dataset import Dataset
from microintern_tui.domain.errors import ValidationError
from microintern_tui.domain.models import Cohort, MilestoneKind
from microintern_tui.domain.report import cohort_report
from microintern_tui.exports import ExportFormat, ExportKind, ExportRequest, build
from microintern_tui.exports.cells import neutralise
from microintern_tui.exports.completions import (
    completions_csv,
    completions_json,
    completions_text,
)
from microintern_tui.exports.csv_export import HOURS_HEADER, hours_csv
from microintern_tui.exports.ics_export import BUILTIN_STAMP, PRODID, milestones_ics
from microintern_tui.exports.report_text import report_text

from .fixture_data import INJECTION_NOTES, TODAY

Golden = Callable[[str, bytes], None]
Spring = tuple[Cohort, tuple[Completion, ...]]


def _read_csv(payload: bytes) -> list[list[str]]:
    # As a spreadsheet would: utf-8-sig drops a BOM, newline="" keeps quoted line breaks.
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


# -- hours CSV -----------------------------------------------------------------------------


def test_hours_csv_golden(dataset: Dataset, golden: Golden) -> None:
    golden("hours_all.csv", hours_csv(dataset))


def test_hours_csv_of_one_cohort_with_bom_golden(dataset: Dataset, golden: Golden) -> None:
    payload = hours_csv(dataset, dataset.find_cohort("Summer 2024"), bom=True)
    assert payload.startswith(b"\xef\xbb\xbfintern name,")
    golden("hours_summer_bom.csv", payload)


def test_hours_csv_has_one_row_per_live_entry_and_crlf_rows(dataset: Dataset) -> None:
    payload = hours_csv(dataset)
    rows = _read_csv(payload)
    assert tuple(rows[0]) == HOURS_HEADER
    assert len(rows) - 1 == len(dataset.hours)
    assert "deleted later" not in payload.decode()
    # Every record ends CRLF; the only bare LFs are inside the quoted multi-line note and
    # the note that started with a CR (a line break inside a cell is always LF).
    assert payload.endswith(b"\r\n")
    assert payload.replace(b"\r\n", b"").count(b"\n") == 2
    assert b"\r" not in payload.replace(b"\r\n", b"")


def test_hours_are_numbers_and_stamps_say_who_and_when(dataset: Dataset) -> None:
    rows = _read_csv(hours_csv(dataset))[1:]
    finn = [r for r in rows if r[0] == "Finn Walsh"]
    assert [float(r[5]) for r in finn] == [4.0] * 10 + [1.5]
    assert finn[-1][5] == "1.5" and finn[0][5] == "4"
    assert {r[7] for r in rows} == {"Sam Supervisor"}
    assert all(dt.datetime.fromisoformat(r[8]).tzinfo is not None for r in rows)


def test_csv_neutralises_every_formula_start_and_keeps_the_rest(dataset: Dataset) -> None:
    rows = _read_csv(hours_csv(dataset, dataset.find_cohort("Spring 2024")))[1:]
    notes = {r[6] for r in rows if r[0] == "Zoë Ångström"}
    assert notes == {
        '\'=HYPERLINK("http://evil.example","click")',
        "'+1",
        "'-2",
        "'@SUM(A1:A2)",
        "'\tx",
        "'\nx",  # the CR is a line break in a cell: LF, and a cell starting with one is quoted
        'Said "hi", then\nleft early',
        "plain note",
        "␛]0;pwned␇␛[31mred",  # the escape sequence cannot reach a terminal that cats the file
    }
    assert len(notes) == len(INJECTION_NOTES)
    employers = {r[2] for r in rows if r[0] == "Zoë Ångström"}
    assert employers == {"'+Plus Consulting, Ltd."}
    for row in rows:
        for cell in row[:5] + row[6:]:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946", "'+44 20 7946"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("  =1", "'  =1"),
        ("\n=1", "'\n=1"),
        ("\u00a0+1", "'\u00a0+1"),
        ("\ufeff@x", "'\ufeff@x"),
        ("\u200b-x", "'\u200b-x"),
        ("\u3000=x", "'\u3000=x"),
        ("\uff1d1", "'\uff1d1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20x", "'\uff20x"),
        ("\ufe66x", "'\ufe66x"),
        ("a=b", "a=b"),
        ("", ""),
        ("   ", "   "),
        ("'quoted", "'quoted"),
        ("Survey, part 2", "Survey, part 2"),
        ("\u2212 2", "\u2212 2"),  # a minus sign is not a formula
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


# -- completions ----------------------------------------------------------------------------


@pytest.fixture
def spring(dataset: Dataset) -> Spring:
    cohort = dataset.find_cohort("Spring 2024")
    return cohort, cohort_completions(dataset, cohort)


def test_completions_text_golden(spring: Spring, golden: Golden) -> None:
    golden("completions_spring.txt", completions_text(*spring).encode())


def test_completions_json_golden_and_content(spring: Spring, golden: Golden) -> None:
    text = completions_json(*spring)
    golden("completions_spring.json", text.encode())
    doc = json.loads(text)
    why = {i["name"]: i["why_not"] for i in doc["interns"]}
    assert why == {
        "Ann Lee": [],
        "Ben Ode": ["hours short by 2"],
        "Cara Diaz": ["pre-training missing"],
        "Dev Rao": ["post-workshop missing"],
        "Eve Kim": ["check-in missing"],
        "Finn Walsh": [],
        "Zoë Ångström": ["hours short by 26.5", "post-workshop missing", "check-in missing"],
    }
    flags = {i["name"]: i["flags"] for i in doc["interns"] if i["flags"]}
    assert flags == {"Finn Walsh": ["over 40"]}
    assert doc["hear"] == [
        {
            "name": "Ann Lee",
            "email": "ann@uni.example",
            "activity": "Micro-internship",
            "cohort": "Spring 2024",
            "hours": 40.0,
        },
        {
            "name": "Finn Walsh",
            "email": "finn@uni.example",
            "activity": "Micro-internship",
            "cohort": "Spring 2024",
            "hours": 41.5,
        },
    ]


def test_completions_csv_golden_and_hear_filter(spring: Spring, golden: Golden) -> None:
    _, rows = spring
    payload = completions_csv(rows)
    golden("completions_spring.csv", payload)
    table = _read_csv(payload)
    header, body = table[0], table[1:]
    hear = [r[:5] for r in body if r[header.index("completed")] == "yes"]
    assert hear == [
        ["Ann Lee", "ann@uni.example", "Micro-internship", "Spring 2024", "40"],
        ["Finn Walsh", "finn@uni.example", "Micro-internship", "Spring 2024", "41.5"],
    ]
    zoe = next(r for r in body if r[0] == "Zoë Ångström")
    assert zoe[header.index("employer")] == "'+Plus Consulting, Ltd."


# -- milestones ICS --------------------------------------------------------------------------


def _events(payload: bytes) -> list[icalendar.Event]:
    cal = icalendar.Calendar.from_ical(payload)
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["VERSION"]) == "2.0"
    return list(cal.walk("VEVENT"))


def test_ics_golden_builtin_and_stored_cohorts(dataset: Dataset, golden: Golden) -> None:
    golden("milestones_spring2024.ics", milestones_ics([dataset.find_cohort("Spring 2024")]))
    golden("milestones_all.ics", milestones_ics(dataset.cohorts))


def test_ics_parses_back_with_one_all_day_event_per_milestone(dataset: Dataset) -> None:
    cohort = dataset.find_cohort("Spring 2024")
    events = _events(milestones_ics([cohort]))
    assert len(events) == len(cohort.milestones) == 10
    by_uid = {str(e["UID"]): e for e in events}
    for m in cohort.milestones:
        e = by_uid[f"{cohort.id}-{m.key}@microintern"]
        start, end = e.decoded("DTSTART"), e.decoded("DTEND")
        assert type(start) is dt.date and type(end) is dt.date  # all-day, VALUE=DATE
        assert start == m.date
        days = 7 if m.kind is MilestoneKind.WEEK else 1
        assert end == m.date + dt.timedelta(days=days)
        assert str(e["SUMMARY"]) == f"Spring 2024: {m.name}"
        assert e.decoded("DTSTAMP") == BUILTIN_STAMP
    midway = by_uid[f"{cohort.id}-midway@microintern"]
    assert (midway.decoded("DTSTART"), midway.decoded("DTEND")) == (
        dt.date(2024, 3, 18),
        dt.date(2024, 3, 25),
    )


def test_ics_uids_are_stable_across_date_edits(dataset: Dataset) -> None:
    from dataclasses import replace

    from microintern_tui.domain.models import Milestone

    cohort = dataset.find_cohort("Spring 2027")
    moved = replace(
        cohort,
        milestones=tuple(
            Milestone(m.key, m.name, m.date + dt.timedelta(days=1), m.kind)
            if m.key == "post_workshop"
            else m
            for m in cohort.milestones
        ),
    )
    before = {str(e["UID"]) for e in _events(milestones_ics([cohort]))}
    after = {str(e["UID"]): e for e in _events(milestones_ics([moved]))}
    assert set(after) == before
    assert after[f"{cohort.id}-post_workshop@microintern"].decoded("DTSTART") == dt.date(2027, 4, 8)


def test_ics_dtstamp_comes_from_the_cohort_record(dataset: Dataset) -> None:
    cohort = dataset.find_cohort("Spring 2027")
    stamps = {e.decoded("DTSTAMP") for e in _events(milestones_ics([cohort]))}
    assert stamps == {dt.datetime.fromisoformat(cohort.stamp.updated).replace(microsecond=0)}
    # The same data gives the same bytes whenever it is exported.
    assert milestones_ics([cohort]) == milestones_ics([cohort])


# -- report ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Summer 2024", "Spring 2024", "Spring 2027"])
def test_report_text_golden(dataset: Dataset, golden: Golden, name: str) -> None:
    report = cohort_report(dataset, dataset.find_cohort(name), TODAY)
    slug = name.lower().replace(" ", "")
    golden(f"report_{slug}.txt", report_text(report).encode())


# -- the request -----------------------------------------------------------------------------


def test_a_request_for_a_form_its_kind_does_not_come_in_is_a_callers_mistake() -> None:
    with pytest.raises(ValueError, match="hours exports are not made as json"):
        ExportRequest(ExportKind.HOURS, TODAY, form=ExportFormat.JSON)


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        (ExportKind.COMPLETIONS, "completions are per cohort; choose one"),
        (ExportKind.REPORT, "a report is of one cohort; choose one"),
    ],
)
def test_completions_and_reports_need_a_cohort(
    dataset: Dataset, kind: ExportKind, words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        build(ExportRequest(kind, TODAY), dataset)


def test_a_cohort_is_named_by_name_or_id_alike(dataset: Dataset) -> None:
    spring = dataset.find_cohort("Spring 2024")
    by_name = build(ExportRequest(ExportKind.REPORT, TODAY, cohort="spring  2024"), dataset)
    by_id = build(ExportRequest(ExportKind.REPORT, TODAY, cohort=spring.id), dataset)
    assert by_name == by_id
    assert by_name[0] == report_text(cohort_report(dataset, spring, TODAY)).encode()
    assert by_name[1] == "the cohort report"
