"""Merging the conflicted copies beside the data file: each checked whole, merged, moved aside.

A copy is merged only when it is this team's file (same file id) and passes the gate whole:
every record its own schema, no id twice, and merging it breaks no rule of the file that
was not broken before. A copy that fails is left where it is, reported with the record and
field, and the other copies still merge. After the merge, records of one real thing are
joined (:mod:`.join`). Merged copies are moved into ``.microintern-merged/`` once the merged
file is saved, never deleted.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .. import fsio
from .conflicts import ConflictCopy, candidates, merged_path, read_copy
from .errors import DataFileError, SaveError
from .gate import new_problems, record_problems
from .join import join_data
from .merge import ChangeKind, RecordChange, merge_data
from .schema import Data, meta_record


@dataclass(frozen=True, slots=True)
class CopyMerge:
    """What merging one conflicted copy did (or would do).

    Attributes:
        source: the conflicted copy.
        client: the sync client that made it.
        changes: the records it changed in the data file.
        moved_to: where the copy was moved (None on a dry run).
    """

    source: Path
    client: str
    changes: tuple[RecordChange, ...]
    moved_to: Path | None = None

    def summary(self, *, dry_run: bool = False) -> str:
        """E.g. ``merged 3 changes from team (Ann's conflicted copy 2024-03-05).json``."""
        n = len(self.changes)
        verb = "would merge" if dry_run else "merged"
        return f"{verb} {n} change{'' if n == 1 else 's'} from {self.source.name}"

    @property
    def both_notes(self) -> tuple[RecordChange, ...]:
        """The check-ins whose two differing texts were both kept."""
        return tuple(c for c in self.changes if c.kind is ChangeKind.BOTH_NOTES)


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What ``Store.merge_conflicts`` did (or, on a dry run, would do).

    Attributes:
        dry_run: whether nothing was written or moved.
        merged: one entry per copy merged (or that would be), in name order.
        skipped: copies named like conflicted copies that were left alone, with the reason.
    """

    dry_run: bool
    merged: tuple[CopyMerge, ...] = ()
    skipped: tuple[ConflictCopy, ...] = ()

    @property
    def change_count(self) -> int:
        """How many records changed in the data file, over all copies."""
        return sum(len(m.changes) for m in self.merged)

    def lines(self) -> list[str]:
        """The report for a person: a summary per copy, its changes indented, then skips.

        The text holds names from the data file: show it through the literal-text helper.
        """
        out = []
        for m in self.merged:
            line = m.summary(dry_run=self.dry_run)
            if m.moved_to is not None:
                line += f" (moved to {m.moved_to.parent.name}/{m.moved_to.name})"
            out.append(line)
            out.extend(f"  {c.describe()}" for c in m.changes)
        out.extend(f"left alone: {s.problem}" for s in self.skipped)
        return out

    def move_copies(self) -> None:
        """Move each merged copy into the merged folder (after the merged file is saved).

        Raises:
            SaveError: when a copy could not be moved; its changes are in the file already,
                so merging it again changes nothing and moves it.
        """
        for m in self.merged:
            if m.moved_to is None:
                continue
            try:
                m.moved_to.parent.mkdir(exist_ok=True, mode=0o770)
                # It holds student data: closed to others before it is moved, so that no
                # moment (a crash between the two) leaves it open in the merged folder.
                fsio.tighten(m.source)
                os.replace(m.source, m.moved_to)
            except OSError as exc:
                if isinstance(exc, FileNotFoundError) and not m.source.exists():
                    # Gone already: another machine merged it too and moved it, and the
                    # sync client carried that move here. Its changes are in the file.
                    continue
                raise SaveError(
                    f"merged {m.source.name} but could not move it into "
                    f"{m.moved_to.parent}: {exc.strerror or exc}. Its changes are saved; "
                    "merging again changes nothing and moves it."
                ) from None


def _refusal(path: Path, problems: list[str]) -> str:
    more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
    return f"{path.name} has a bad record, so none of it was merged: {problems[0]}{more}"


def merge_copies(data_path: Path, base: Data, *, dry_run: bool) -> tuple[Data, MergeReport]:
    """Merge every conflicted copy beside ``data_path`` into ``base``, in name order.

    Reads the copies and nothing else: the caller saves the result and, unless ``dry_run``,
    calls ``report.move_copies()`` once it is saved.
    """
    file_id = str(meta_record(base).get("file_id", ""))
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    merged = base
    done: list[CopyMerge] = []
    skipped: list[ConflictCopy] = []
    for path, client in candidates(data_path):
        try:
            other = read_copy(path, file_id)
        except DataFileError as exc:
            skipped.append(ConflictCopy(path, client, str(exc)))
            continue
        bad = record_problems(Path(path.name), other)
        if bad:
            skipped.append(ConflictCopy(path, client, _refusal(path, bad)))
            continue
        attempt, changes = merge_data(merged, other)
        attempt, joins = join_data(attempt)
        added = new_problems(Path(path.name), merged, attempt)
        if added:
            problem = f"{path.name} was not merged: merging it would break a rule: {added[0]}"
            skipped.append(ConflictCopy(path, client, problem))
            continue
        merged = attempt
        target = None if dry_run else merged_path(data_path, path, stamp)
        done.append(CopyMerge(path, client, tuple(changes + joins), target))
    return merged, MergeReport(dry_run, tuple(done), tuple(skipped))


def join_duplicates(path: Path, data: Data, *, dry_run: bool) -> tuple[Data, MergeReport]:
    """``data`` with its duplicates joined, reported as for ``microintern repair``."""
    joined, changes = join_data(data)
    merged = (CopyMerge(path, "repair", tuple(changes)),) if changes else ()
    return joined, MergeReport(dry_run, merged)
