"""Text from the data file made safe for the readers of an export: spreadsheets and terminals.

An export is opened by someone who did not write its contents: a staff verifier opens the
CSV in Excel, a script reads the JSON, someone ``cat``\\ s either in a terminal. Any name, note
or employer may have come from anyone, so three things are done to every text cell:

- **Line breaks are one kind.** CRLF and a lone CR become LF, the line break a spreadsheet
  keeps inside a quoted cell (a CR is a line break typed on another system, not data).
- **Control and bidi characters are replaced visibly** (never dropped, never U+FFFD, so the
  reader sees that something was there and what): a C0 control becomes its Control Pictures
  symbol (ESC → ␛, BEL → ␇), DEL becomes ␡, and a C1 control, a bidi embedding, override,
  isolate or mark (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C) or a line/paragraph
  separator (U+2028/2029) becomes ``<U+202E>``: the placeholders ``domain.text.printable``
  shows on the terminal, so a note reads the same in the spreadsheet and in ``status``.
  Tab and newline stay (a CSV cell holding one is always quoted).
- **Formulas are neutralised** (OWASP "CSV Injection"): a cell gets a leading ``'`` when its
  first visible character is ``=``, ``+``, ``-`` or ``@``, or one that Unicode compatibility
  folds into one (full-width ``＝ ＋ － ＠``, small ``﹦``...), even after leading spaces,
  tabs, line breaks, a no-break space, a byte-order mark or another invisible format
  character; and when the cell starts with a tab or a line break (OWASP's tab and CR), which
  some importers treat as a separator. A spreadsheet then shows the text instead of running
  it.

JSON keeps the data exact (it is for scripts) but writes every one of those characters as a
``\\uXXXX`` escape, so no byte of the file can drive a terminal or reorder the text shown.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

#: What makes a spreadsheet read a cell as a formula (OWASP), after Unicode folding (NFKC).
FORMULA_TRIGGERS = frozenset("=+-@")
#: Cells starting with one of these are neutralised whatever follows (OWASP's tab and CR;
#: in an export a CR has been made a newline by then, so a newline counts too).
LEADING_SEPARATORS = ("\t", "\r", "\n")

#: Characters no cell holds: C0 controls but tab and newline (CR is made a newline first),
#: DEL, C1 controls, the line/paragraph separators and every bidi control and mark.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
UNSAFE = re.compile(f"[{_UNSAFE}]")
#: The same set for JSON, whose encoder already escapes C0 controls itself.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_BREAK = re.compile("\r\n?")
#: Unicode categories a reader does not see at the start of a cell: spaces, separators,
#: controls and format characters (no-break space, BOM, zero-width joiners...).
_INVISIBLE = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf"))


def visible(char: str) -> str:
    """The placeholder of one unsafe character: ``␛`` for a C0 control, else ``<U+XXXX>``."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """``text`` with line breaks made LF and every unsafe character replaced visibly."""
    return UNSAFE.sub(lambda m: visible(m.group()), _LINE_BREAK.sub("\n", text))


def _first_visible(text: str) -> str:
    for char in text:
        if not char.isspace() and unicodedata.category(char) not in _INVISIBLE:
            return char
    return ""


def neutralise(cell: str) -> str:
    """``cell`` made inert in a spreadsheet: a leading ``'`` if it could start a formula."""
    first = unicodedata.normalize("NFKC", _first_visible(cell))[:1]
    if cell.startswith(LEADING_SEPARATORS) or first in FORMULA_TRIGGERS:
        return "'" + cell
    return cell


def safe_cell(text: str) -> str:
    """A text cell as a CSV export writes it: cleaned, then neutralised."""
    return neutralise(clean(text))


def number_cell(value: float | int) -> str:
    """A number as a CSV export writes it: ``2.5``, ``40``.

    Numbers are never neutralised: they are ours, not typed text, so a spreadsheet reads
    them as numbers. ``{:g}`` writes only digits, ``.``, ``e`` and signs, so even a negative
    number (which the data never holds: hours are positive) could not call a function.
    """
    return f"{value:g}"


def _csv_field(cell: str) -> str:
    # RFC 4180 quoting. By hand rather than the csv module's QUOTE_MINIMAL, because a tab
    # must be quoted too (an importer splitting on tabs would cut the cell in two), and the
    # csv module has no way to say so short of quoting every cell.
    if any(c in cell for c in ',"\r\n\t'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


Cell = str | float | int


def csv_record(cells: Iterable[Cell]) -> str:
    """One CSV record ending CRLF: text cells made safe, numbers as numbers."""
    fields = [number_cell(c) if isinstance(c, int | float) else safe_cell(c) for c in cells]
    if fields == [""]:
        return '""\r\n'  # one empty cell, not an empty line (which readers skip)
    return ",".join(_csv_field(f) for f in fields) + "\r\n"


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A whole CSV file: ``header`` then ``rows``, each made safe."""
    return csv_record(header) + "".join(csv_record(row) for row in rows)


def json_text(doc: Any) -> str:
    """``doc`` as indented JSON (UTF-8 kept) ending with a newline, unsafe characters escaped.

    The characters replaced in a CSV are written ``\\u001b``, ``\\u202e``...: the data stays
    exact for a script, and the file holds no byte that a terminal would obey.
    """
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    # These characters can only occur inside JSON strings, where \\uXXXX means the same.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
