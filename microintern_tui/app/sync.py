"""Keeping the app in step with a data file that others change: polling, merging, lock trouble.

The app polls the file every :data:`POLL_SECONDS` in a thread worker (``MicroInternApp._poll``)
because inotify does not see writes made on another machine and carried over by a sync client
or a network share. Each poll runs :func:`poll_store`, which never touches the UI:

1. ``Store.poll_changed`` (one ``stat`` when nothing changed; a hash when the stat did, so a
   sync client rewriting the same bytes is not a change);
2. ``Store.catch_up``: conflicted copies beside the file that are this team's data
   are merged record by record and moved into ``.microintern-merged/``;
3. ``Store.load`` (a ``stat`` when nothing changed) and, when that gives another dataset than
   the app shows, the newest change's author and time.

The worker answers with messages: ``DataLoaded`` (the refresh contract of
:mod:`microintern_tui.app.messages`: every screen refreshes in place), :class:`FileRead` for the
indicator in the header, and :class:`CopiesMerged` for the notifications.

A save refused because another writer holds the lock answers with :class:`LockBusy`, which
carries the change itself, so the lock dialog can retry it (or break a stale lock first).

The wall clock is injected (``make_app(clock=...)``): the CLI passes :func:`local_now`, tests a
fixed time or nothing (no clock: no time of day on screen, so snapshots stay stable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from ..domain.dataset import Dataset
from ..store.conflicts import ConflictCopy
from ..store.copies import CopyMerge
from ..store.lock import Holder, HolderState
from ..store.store import LastChange, Store

if TYPE_CHECKING:
    from .context import Change

#: Seconds between two looks at the data file (the issue asks for every 1–2 s).
POLL_SECONDS = 1.5

#: The wall clock: an aware datetime in the zone the user reads times in.
Clock = Callable[[], dt.datetime]


def local_now() -> dt.datetime:
    """The real wall clock, in the machine's time zone (what the CLI injects)."""
    return dt.datetime.now().astimezone()


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll found.

    Attributes:
        dataset: the records now on disk, or None when they are what the app already shows.
        last_change: who changed the file last and when (only read with a new dataset).
        merged: the conflicted copies merged in by this poll.
        skipped: conflicted copies that cannot be merged (every poll lists them again).
    """

    dataset: Dataset | None = None
    last_change: LastChange | None = None
    merged: tuple[CopyMerge, ...] = ()
    skipped: tuple[ConflictCopy, ...] = ()


def poll_store(store: Store, shown: Dataset | None) -> PollResult:
    """Look once for changes on disk and conflicted copies; merge those that can be.

    Runs in a worker thread: it may read the file, and take the lock to merge.

    Args:
        store: the app's store.
        shown: the dataset the app shows now (compared by identity: the store hands out
            the same object until the file changes).

    Raises:
        MicroInternError: when the file cannot be read, or the lock is busy for a merge.
    """
    if not store.exists():
        # A sync client replacing the file, or a share gone for a moment: keep showing what
        # was read (the store would take a missing file for a new, empty one).
        return PollResult()
    # Before anything that may re-read the file (the merge reads the file id): poll_changed
    # accepts a sync client's same-bytes rewrite without parsing the file again.
    store.poll_changed()
    report = store.catch_up()  # merges new copies, re-applies the outbox: only if needed
    dataset = store.load()  # a stat when unchanged; re-reads after a change or a merge
    if dataset is shown:
        return PollResult(merged=report.merged, skipped=report.skipped)
    return PollResult(dataset, store.last_change(), report.merged, report.skipped)


def merge_notice(merge: CopyMerge) -> tuple[str, str]:
    """The notification for one merged copy: (message, title). Text quotes data: sanitise it.

    E.g. ``merged 3 changes from team (Ann's conflicted copy 2024-03-05).json``, followed by
    one line per check-in note whose two texts were both kept.
    """
    lines = [merge.summary()]
    lines += [change.describe() for change in merge.both_notes]
    title = "Conflicted copy merged"
    if merge.both_notes:
        title += " (a note was edited on both sides: both texts kept)"
    return "\n".join(lines), title


def holder_words(holder: Holder | None, now: dt.datetime | None) -> str:
    """``ann@laptop (pid 4242) since 10:42`` in the zone of ``now`` (a date when not today).

    Without a clock, the lock module's own words (in UTC) are used.
    """
    if holder is None:
        return "another program (it left no record of who it is)"
    since = holder.since_time()
    if now is None or since is None:
        return holder.describe()
    local = since.astimezone(now.tzinfo)
    when = (
        local.strftime("%H:%M") if local.date() == now.date() else local.strftime("%Y-%m-%d %H:%M")
    )
    return f"{holder.user}@{holder.host} (pid {holder.pid}) since {when}"


def lock_holder(store: Store, now: dt.datetime | None) -> tuple[Holder | None, bool]:
    """Who holds the store's lock, and whether the user may break it (in a worker: reads a file).

    Only another host's record at least ``lock.BREAK_AFTER`` old may be broken: a process on
    this host that holds the lock is alive (the OS lock dies with it). Without a clock the age
    cannot be judged, so breaking is not offered (``microintern unlock`` still can).
    """
    holder = store.lock_holder()
    if holder is None or now is None:
        return holder, False
    return holder, holder.state(now) is HolderState.REMOTE_OLD


# -- messages from the workers ----------------------------------------------------------


@dataclass
class FileRead(Message):
    """The app shows the file as read now; who changed it last (for the header indicator)."""

    last_change: LastChange | None


@dataclass
class CopiesMerged(Message):
    """A poll looked for conflicted copies: what it merged, and what it left alone."""

    merged: tuple[CopyMerge, ...]
    skipped: tuple[ConflictCopy, ...]


@dataclass
class PollFailed(Message):
    """A poll could not read the file (reported once per distinct problem)."""

    problem: str


@dataclass
class LockBusy(Message):
    """A save gave up waiting for the lock; nothing was written.

    Attributes:
        action: what the user was doing, in words ("add hours").
        change: the change itself, to retry.
        done: the confirmation to show once it is saved.
        error: the store's message (names the holder and what to do).
        holder: the lock's recorded holder, read when the save gave up.
        breakable: whether ``lock.break_lock`` would remove the record (another host's,
            older than ``lock.BREAK_AFTER``), so the dialog may offer it.
    """

    action: str
    change: Change
    done: str
    error: str
    holder: Holder | None
    breakable: bool = False
