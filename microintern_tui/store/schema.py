"""The shape of a data file on disk: its tables, its meta record and its schema version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import DataFileError

#: Bumped when a change to the file's shape would confuse an older microintern.
SCHEMA_VERSION = 1
APP_NAME = "microintern"
META = "meta"
INTERNS = "interns"
HOURS = "hours"
CHECKINS = "checkins"
COHORTS = "cohorts"
RECORD_TABLES = (COHORTS, INTERNS, HOURS, CHECKINS)
ALL_TABLES = (META, *RECORD_TABLES)

Data = dict[str, dict[str, dict[str, Any]]]

#: How deep a field this version does not know may nest. Merge and save encode every
#: record, and orjson refuses to write more than 255 levels (a parse accepts 1,024): a
#: deeper value would be read, then crash the first save or merge.
MAX_EXTRA_DEPTH = 8


def nests_within(value: object, limit: int) -> bool:
    """Whether ``value`` nests no deeper than ``limit`` (scalars are depth 0)."""
    if isinstance(value, dict):
        return limit > 0 and all(nests_within(v, limit - 1) for v in value.values())
    if isinstance(value, list):
        return limit > 0 and all(nests_within(v, limit - 1) for v in value)
    return True


def meta_record(data: Data) -> dict[str, Any]:
    """The single record of the ``meta`` table (empty when there is none)."""
    table = data.get(META) or {}
    for doc in table.values():
        if isinstance(doc, dict):
            return doc
    return {}


def validate(data: object, path: Path) -> Data:
    """Check that parsed JSON is a microintern data file this version can write.

    Raises:
        DataFileError: saying what is wrong with the file and what to do.
    """
    if not isinstance(data, dict):
        raise DataFileError(
            f"{path} is not a microintern data file (its JSON is not an object); "
            "it was not changed. Check --db points at the right file."
        )
    meta = meta_record(data)
    if meta.get("app") != APP_NAME:
        raise DataFileError(
            f"{path} is not a microintern data file (no microintern meta record); "
            "it was not changed. Check --db points at the right file."
        )
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise DataFileError(
            f"{path} has an unreadable schema version {schema!r}; it was not changed. "
            "Restore a backup of the file."
        )
    if schema > SCHEMA_VERSION:
        raise DataFileError(
            f"{path} was written by a newer microintern (schema {schema}, this one reads "
            f"up to {SCHEMA_VERSION}); it was not changed. Upgrade microintern to open it."
        )
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DataFileError(
                f"{path}: table {name[:40]!r} is damaged (not an object of records); "
                "it was not changed. Restore a backup of the file."
            )
        if name not in RECORD_TABLES:
            _check_depth(path, name, table)
        if _all_doc_keys(table):
            continue
        bad = next((k for k in table if not is_doc_key(k)), None)
        if bad is not None:
            shown = bad if len(bad) <= 24 else f"{bad[:20]}… ({len(bad)} characters)"
            raise DataFileError(
                f"{path}: table {name[:40]!r} has a record under the key {shown!r}, which is "
                "not a TinyDB document number; it was not changed. Restore a backup of the file."
            )
    return data


def _check_depth(path: Path, name: str, table: dict[str, Any]) -> None:
    """Refuse a record of the meta table, or of a table this version does not know, that
    nests deeper than a record's fields may (the record tables' converters check theirs).
    """
    for key, doc in table.items():
        if not nests_within(doc, MAX_EXTRA_DEPTH + 1):
            raise DataFileError(
                f"{path}: table {name[:40]!r} record {key!r} nests deeper than "
                f"{MAX_EXTRA_DEPTH} levels; it was not changed. Restore a backup of the file."
            )


#: The longest document number accepted (TinyDB counts up from 1; 18 digits fit an int64).
MAX_KEY_DIGITS = 18


def is_doc_key(key: str) -> bool:
    """Whether ``key`` is a TinyDB document number (``"1"``, ``"42"``: ASCII digits)."""
    return 0 < len(key) <= MAX_KEY_DIGITS and key.isascii() and key.isdigit()


def _all_doc_keys(table: dict[str, Any]) -> bool:
    # Three passes at C speed over 200,000 keys, rather than one in Python.
    return (
        all(map(str.isdigit, table))
        and all(map(str.isascii, table))
        and max(map(len, table), default=1) <= MAX_KEY_DIGITS
        and "" not in table
    )
