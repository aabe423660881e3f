"""The server's log: one line per event, never a traceback, never a local variable.

textual-serve logs with Rich tracebacks that show local variables, and aiohttp logs a
handler's exception with its traceback; either can quote a student's name or note from a
page, a message or the app. Every record here is reduced to its message, and an exception
to its type's name.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class OneLineFormatter(logging.Formatter):
    """Formats a record as ``time level message``, an exception as ``(error: Type)`` only."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else None
        plain = logging.makeLogRecord(record.__dict__)
        plain.exc_info = None
        plain.exc_text = None
        plain.stack_info = None
        line = super().format(plain)
        return f"{line} (error: {kind})" if kind else line

    def formatException(self, ei: object) -> str:  # noqa: N802 (logging's name)
        return ""

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 (logging's name)
        return ""


def setup(stream: TextIO | None = None, level: int = logging.INFO) -> None:
    """Send every logger's records (ours, textual-serve's, aiohttp's) through one line each."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(OneLineFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
