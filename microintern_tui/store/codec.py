"""Reading and writing the data file's bytes: orjson, indented so the file stays readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .errors import DataFileError
from .gc_pause import gc_paused
from .schema import Data, validate


def decode(raw: bytes, path: Path) -> Data:
    """Parse and validate the bytes of a data file.

    Raises:
        DataFileError: for an empty file, invalid JSON, or a file that is not ours.
    """
    if not raw or raw.isspace():  # raw.strip() would copy the whole file
        raise DataFileError(
            f"{path} is empty (0 bytes of data), perhaps cut short by a sync client or a "
            "crash; it was not changed. Restore a backup, or move it away to start afresh."
        )
    try:
        with gc_paused():
            data: Any = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise DataFileError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it was not changed. Restore a backup or repair the file."
        ) from None
    return validate(data, path)


def encode(data: Data) -> bytes:
    """Human-readable JSON (two-space indent, sorted keys, trailing newline)."""
    # The newline by orjson: adding it after would copy the whole file once more.
    return orjson.dumps(
        data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
    )
