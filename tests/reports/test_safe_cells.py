"""Exports cannot be turned against their readers: formulas, control and bidi characters.

The hostile data set (hostile_data.py) puts every formula trigger and every control or bidi
character into names, emails, employers, supervisors, notes, the cohort's name and the
author's. Its exports are golden files, byte for byte; on top of that every cell is checked
against the rules themselves, so a golden file rewritten by mistake would still fail.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microintern_tui import exports
from microintern_tui.domain.dataset import Dataset
from microintern_tui.exports import ExportFormat, ExportKind, ExportRequest
from microintern_tui.exports.cells import json_text, safe_cell
from microintern_tui.exports.csv_export import csv_bytes
from microintern_tui.store.store import Store

from . import hostile_data
from .fixture_data import TODAY

Golden = Callable[[str, bytes], None]

BIDI = set(hostile_data.BIDI)
TRIGGERS = "=+-@"


def unsafe(char: str) -> bool:
    """A character no cell may hold: a control (C0, DEL, C1) but tab and newline, a bidi
    control or mark, a line or paragraph separator."""
    if char in "\t\n":
        return False
    return unicodedata.category(char) == "Cc" or char in BIDI or char in "\u2028\u2029"


def formula_like(cell: str) -> bool:
    """Whether a spreadsheet could read ``cell`` as a formula (OWASP, Unicode-folded)."""
    if cell.startswith(("\t", "\r", "\n")):
        return True
    for char in cell:
        if char.isspace() or unicodedata.category(char) in ("Cf", "Cc"):
            continue
        return unicodedata.normalize("NFKC", char)[:1] in TRIGGERS
    return False


def read_csv(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def assert_safe_csv(payload: bytes) -> list[list[str]]:
    text = payload.decode("utf-8")
    assert "\r" not in text.replace("\r\n", ""), "a CR inside a cell"
    rows = read_csv(payload)
    for row in rows:
        for cell in row:
            assert not any(unsafe(c) for c in cell), (cell, row)
            assert not formula_like(cell) or cell.startswith("'"), (cell, row)
    return rows


@pytest.fixture
def hostile(hostile_db: Path) -> Dataset:
    return Store(hostile_db, hostile_data.AUTHOR).load()


def request(kind: ExportKind, form: ExportFormat | None = None) -> ExportRequest:
    return ExportRequest(kind, TODAY, cohort=hostile_data.COHORT, form=form)


HOSTILE_GOLDEN = [
    (ExportKind.HOURS, None, "hostile_hours.csv"),
    (ExportKind.COMPLETIONS, ExportFormat.CSV, "hostile_completions.csv"),
    (ExportKind.COMPLETIONS, ExportFormat.JSON, "hostile_completions.json"),
]


@pytest.mark.parametrize(("kind", "form", "name"), HOSTILE_GOLDEN, ids=lambda v: str(v))
def test_hostile_exports_golden(
    hostile: Dataset,
    golden: Golden,
    kind: ExportKind,
    form: ExportFormat | None,
    name: str,
) -> None:
    payload, _ = exports.build(request(kind, form), hostile)
    golden(name, payload)


def test_hostile_hours_csv_cells_are_all_safe_and_all_there(hostile: Dataset) -> None:
    payload, what = exports.build(request(ExportKind.HOURS), hostile)
    rows = assert_safe_csv(payload)
    entries = len(hostile_data.NOTES) + len(hostile_data.INTERNS) - 1
    assert what == f"the hours CSV ({entries} entries)"
    assert len(rows) == 1 + entries
    notes = {r[6] for r in rows[1:]}
    # What the reader sees instead of each kind of character.
    assert "C0 [␀␁␂␃␄␅␆␇␈␋␌␎␏␐␑␒␓␔␕␖␗␘␙␚␛␜␝␞␟] DEL [␡]" in notes
    assert "bidi [" + "".join(f"<U+{ord(c):04X}>" for c in hostile_data.BIDI) + "]" in notes
    assert "separators [<U+2028><U+2029>]" in notes
    assert "'\n-1" in notes  # CRLF is one line break, and a line break first is neutralised
    assert "'\u3000=ideographic space" in notes
    assert 'a=b, "quoted", and\ttabbed' in notes  # a tab inside a cell stays (quoted)
    assert {r[7] for r in rows[1:]} == {"'=cmd|' /C calc'!A0<U+202E>"}
    assert {r[3] for r in rows[1:]} == {"'=Hostile<U+2067> 2024"}
    assert all(float(r[5]) > 0 for r in rows[1:])  # hours stay numbers


def test_hostile_completions_csv_cells_are_all_safe(hostile: Dataset) -> None:
    payload, _ = exports.build(request(ExportKind.COMPLETIONS, ExportFormat.CSV), hostile)
    rows = assert_safe_csv(payload)
    header, body = rows[0], rows[1:]
    assert len(body) == len(hostile_data.INTERNS)
    column = {name: [r[header.index(name)] for r in body] for name in header}
    assert "'\ufeff-Bom Sup" in column["supervisor"]
    assert "'\uff20Wide At" in column["name"]
    assert "'\ufe66Small Equals Ltd" in column["employer"]
    assert "C1 <U+009D>0;title<U+009C> Ltd" in column["employer"]


def test_hostile_json_escapes_every_unsafe_character_and_keeps_the_data(
    hostile: Dataset,
) -> None:
    payload, _ = exports.build(request(ExportKind.COMPLETIONS, ExportFormat.JSON), hostile)
    text = payload.decode("utf-8")
    # Nothing a terminal obeys or that reorders text: only the layout's own newlines.
    assert not any(unsafe(c) for c in text)
    assert "\\u202e" in text and "\\u009b" in text and "\\u2067" in text
    doc = json.loads(text)
    assert doc["cohort"] == hostile_data.COHORT
    cohort = hostile.find_cohort(hostile_data.COHORT)
    stored = {i.email: i for i in hostile.interns if i.cohort_id == cohort.id}
    for entry in doc["interns"]:
        intern = stored[entry["email"]]
        # Escaped, not changed: a script reads back exactly what the data file holds.
        assert (entry["name"], entry["employer"], entry["supervisor"]) == (
            intern.name,
            intern.employer,
            intern.supervisor,
        )


texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(
            "=+-@\t\r\n ,\"'\u00a0\ufeff\u200b\u3000\uff1d\uff0b\uff0d\uff20\x1b\x9b\x7f"
            + hostile_data.BIDI
        ),
    ),
    max_size=30,
)


@given(st.lists(st.lists(texts, min_size=1, max_size=4), max_size=4))
def test_any_text_is_written_safely_and_read_back_as_written(rows: list[list[str]]) -> None:
    width = max((len(r) for r in rows), default=1)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [f"c{n}" for n in range(width)]
    payload = csv_bytes(header, rows)
    read = assert_safe_csv(payload)
    # The csv module reads back exactly the safe cells: quoting holds for commas, quotes,
    # tabs and line breaks.
    assert read == [header] + [[safe_cell(c) for c in r] for r in rows]


@given(texts)
def test_any_text_in_json_is_escaped_and_exact(value: str) -> None:
    text = json_text({"note": value})
    assert not any(unsafe(c) for c in text)
    assert json.loads(text) == {"note": value}
