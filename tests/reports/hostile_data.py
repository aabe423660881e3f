"""A data file whose every text field tries to turn an export against its reader.

One cohort (Spring 2024's dates under another name) whose interns' names, emails, employers
and supervisors start with each spreadsheet formula trigger (``= + - @``, their full-width and
small forms), also behind a byte-order mark or a zero-width space, and carry C1 controls and
bidi overrides, isolates and marks; whose hours notes try each trigger behind leading spaces,
a newline, CRLF, a tab, a no-break space or a BOM, and carry every C0 and C1 control, DEL,
every bidi control and the line/paragraph separators; written by a user whose name is itself
a formula. Everything goes in through the Store API, as a user (or a synced copy) could put
it there; the store tidies the spacing of names (leading spaces and no-break spaces go), so
those positions are tried in notes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.store import Store

from .fixture_data import TODAY, freeze_stamps

#: The cohort's name: a formula trigger and a right-to-left isolate.
COHORT = "=Hostile\u2067 2024"
#: Who records the hours ("recorded by"): a DDE formula with a right-to-left override.
AUTHOR = "=cmd|' /C calc'!A0\u202e"
START = dt.date(2024, 3, 4)

C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
C1 = "".join(chr(c) for c in range(0x80, 0xA0) if c != 0x85)  # NEL: a space, tidied away
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

#: (name, email, employer, supervisor) of each intern.
INTERNS = (
    ("=Eve Equals", "=eve@uni.example", '=HYPERLINK("http://x.example")', "Sam Supervisor"),
    ("+Pat Plus", "+pat@uni.example", "+Plus Ltd", "+44 20 7946 0000"),
    ("-Mia Minus", "-mia@uni.example", "-Minus Ltd", "-Sup"),
    ("@Al At", "al@uni.example", "@SUM(A1:A9)", "@Sup"),
    ("\uff1dWide Equals", "wide1@uni.example", "\uff0bWide Ltd", "\uff0dWide Sup"),
    ("\uff20Wide At", "wide2@uni.example", "\ufe66Small Equals Ltd", "Ann Lee"),
    ("\ufeff=Bom Name", "bom@uni.example", "\ufeff+Bom Ltd", "\ufeff-Bom Sup"),
    ("\u200b@Zero Width", "zw@uni.example", "\u200b=Zero Ltd", "Ann Lee"),
    ("\u202eRLO Name\u202c", "rlo@uni.example", "\u2066Isolated Ltd\u2069", "\u200fRLM Sup"),
    ("C1 \x9b31m Name", "c1@uni.example", "C1 \x9d0;title\x9c Ltd", "Ann Lee"),
    ("Plain Name", "plain@uni.example", "Plain Ltd, Inc.", "Ann Lee"),
)

#: The hours notes, each on its own day, all recorded for the first intern.
NOTES = (
    "=1+1",
    "+1",
    "-2",
    "@SUM(A1:A2)",
    "\uff1d1+1",
    "\uff0b1",
    "\uff0d2",
    "\uff20SUM(A1)",
    "   =1+1",
    "\n=1+1",
    "\r\n-1",
    "\t+1",
    "\tplain after a tab",
    "\rx",
    "\u00a0@SUM(A1)",
    "\ufeff=cmd",
    "\u3000=ideographic space",
    "C0 [" + C0 + "] DEL [\x7f]",
    "C1 [" + C1 + "]",
    "bidi [" + BIDI + "]",
    "separators [\u2028\u2029]",
    "\x1b]0;pwned\x07\x1b[31mred",
    'a=b, "quoted", and\ttabbed',
    "plain",
)


def build(path: Path) -> None:
    """Write the hostile data set to ``path`` (which must not exist)."""
    store = Store(path, AUTHOR)
    store.save_cohort(new_cohort(COHORT, START))
    ids = [
        store.add_intern(name, email, employer, COHORT, supervisor).id
        for name, email, employer, supervisor in INTERNS
    ]
    for n, note in enumerate(NOTES):
        store.add_hours(ids[0], START + dt.timedelta(days=n), 1.0, note, TODAY)
    for n, intern_id in enumerate(ids[1:]):
        store.add_hours(intern_id, START + dt.timedelta(days=n), 2.5, "Task", TODAY)
    freeze_stamps(path)
