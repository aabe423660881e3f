"""Exports: turn a Dataset into the bytes of a file a supervisor hands on (CSV, iCalendar, text).

One function builds any export from a typed request (:func:`build`, in :mod:`.request`) and
one writes it (:func:`write`, in :mod:`.writer`); the CLI and the app use exactly these two.
Building is pure (domain objects in, bytes out: nothing here opens the data file, reads the
clock or imports Textual), so the CLI and the app produce the same bytes. Only the writer
touches the file system, through :mod:`microintern_tui.fsio`.
"""

from .request import ExportFormat, ExportKind, ExportRequest, build
from .writer import write

__all__ = ["ExportFormat", "ExportKind", "ExportRequest", "build", "write"]
