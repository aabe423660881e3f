"""One gate for every record, on every way into the data file.

A record enters the file by a command, an import, a merge of a conflicted copy, a restore,
an outbox replay, or simply by being in the file when it is loaded. Each way passes the
same two checks that ``microintern check`` applies:

1. **schema**, record by record (:mod:`.records`: each kind of record its own), and no two
   records of a table with one id;
2. **rules** between records (:func:`~microintern_tui.domain.integrity.file_problems`).

A source (a copy, a backup, a roster) with any problem is refused whole, with one line per
problem. A file that already breaks a rule is still loaded, so that ``check`` can explain it
and ``repair`` can mend it; nothing may add a problem it did not have.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.integrity import file_problems
from .dataset_cache import DatasetCache
from .errors import DataFileError
from .records import CONVERTERS, RecordError
from .schema import Data


def record_problems(path: Path, data: Data) -> list[str]:
    """Every record of ``data`` that breaks its schema, and every id used twice in a table."""
    problems = []
    for table, convert in CONVERTERS.items():
        seen: dict[str, str] = {}
        for key, doc in data.get(table, {}).items():
            try:
                convert(path, doc)
            except RecordError as exc:
                problems.append(exc.problem)
                continue
            rid = doc["id"]
            if rid in seen:
                problems.append(
                    f"{table} records {seen[rid]} and {key} have the same id {rid!r} "
                    "(run `microintern repair` to join them)"
                )
            else:
                seen[rid] = key
    return problems


def _usable(path: Path, data: Data) -> Data:
    """``data`` without the records that break their schema (so the rules can be checked)."""
    out: Data = dict(data)
    for table, convert in CONVERTERS.items():
        kept = {}
        for key, doc in data.get(table, {}).items():
            try:
                convert(path, doc)
            except RecordError:
                continue
            kept[key] = doc
        out[table] = kept
    return out


def problems(path: Path, data: Data) -> list[str]:
    """Everything ``check`` reports about ``data``: schema, then the rules between records.

    The rules are checked over the records that pass their schema, so one run lists
    everything wrong.
    """
    found = record_problems(path, data)
    usable = _usable(path, data) if found else data
    return found + file_problems(DatasetCache(path).dataset(usable))


class SourceRefused(DataFileError):
    """A source of records (a copy, a backup, an outbox) breaks the gate and was refused whole.

    Attributes:
        problems: one line per problem.
    """

    def __init__(self, what: str, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{what} was refused: {problems[0]}{more}")


def check_source(what: str, path: Path, data: Data) -> None:
    """Refuse ``data`` whole if any record or rule fails.

    Raises:
        SourceRefused: naming ``what`` and each problem.
    """
    found = problems(path, data)
    if found:
        raise SourceRefused(what, found)


def new_problems(path: Path, before: Data, after: Data) -> list[str]:
    """The problems of ``after`` that ``before`` did not have (what a change would add)."""
    old = set(problems(path, before))
    return [p for p in problems(path, after) if p not in old]
