"""Reading and writing the data file's bytes: orjson, indented so the file stays readable.

A file (or a conflicted copy, or a backup) over a size limit is refused before it is read:
a 2 GB file would peak at several times that in memory while parsed. The limit is 1 GB by
default; ``MICROINTERN_MAX_FILE_BYTES`` changes it (bytes, or a number with K, M or G).
Nesting deeper than orjson's limit (1,024) is a JSON error like any other, never a
RecursionError.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import orjson

from ..domain.errors import ValidationError
from .errors import DataFileError
from .gc_pause import gc_paused
from .schema import Data, validate

MAX_BYTES_ENV = "MICROINTERN_MAX_FILE_BYTES"
DEFAULT_MAX_BYTES = 1 << 30
_SIZE = re.compile(r"^\s*(\d{1,15})\s*([KMG]?)B?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def max_bytes() -> int:
    """The largest data file (or copy, or backup) that is read at all.

    Raises:
        ValidationError: when the environment variable is not a size.
    """
    text = os.environ.get(MAX_BYTES_ENV, "")
    if not text:
        return DEFAULT_MAX_BYTES
    match = _SIZE.match(text)
    if match is None:
        raise ValidationError(MAX_BYTES_ENV, text, "is not a size in bytes (e.g. 500M, 2G)")
    return int(match[1]) * _UNITS[match[2].upper()]


def _too_big(path: Path, size: int, limit: int) -> DataFileError:
    return DataFileError(
        f"{path} is {size:,} bytes, over the limit of {limit:,} bytes; it was not read or "
        f"changed. Check it is the right file, or raise the limit with {MAX_BYTES_ENV}."
    )


def read_limited(path: Path) -> bytes:
    """The bytes of ``path``, refused unread when over :func:`max_bytes`.

    Raises:
        DataFileError: the file is over the limit.
        OSError: it cannot be read (the caller says what that means).
    """
    limit = max_bytes()
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise _too_big(path, size, limit)
        raw = handle.read(limit + 1)  # the file may grow while it is read
    if len(raw) > limit:
        raise _too_big(path, len(raw), limit)
    return raw


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
