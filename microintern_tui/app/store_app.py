"""The app's side of the data file: every read and write runs in a worker, none can end it.

:class:`StoreApp` owns the store and the latest dataset. It loads the file in a thread worker
and saves each change in one (so a key press never waits on a shared drive), polls for
changes made elsewhere, merges conflicted copies and asks what to do when another writer
holds the lock. Screens learn of new data as :mod:`microintern_tui.app.messages` describes;
failures are reported as :mod:`microintern_tui.app.failures` describes: one line, and the
app goes on.
"""

from __future__ import annotations

import datetime as dt
import threading
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import var
from textual.worker import WorkerState, get_current_worker

from ..domain.dataset import Dataset
from ..store.errors import DataFileError, LockTimeoutError
from ..store.store import Store
from .context import Change
from .failures import failure_reason, guarded, report_failure
from .literal import notify_literal
from .messages import DataLoaded, WorkFailed
from .sync import (
    POLL_SECONDS,
    Clock,
    CopiesMerged,
    FileRead,
    LockBusy,
    PollFailed,
    holder_words,
    lock_holder,
    merge_notice,
    poll_store,
)
from .widgets.file_status import FileStatus

if TYPE_CHECKING:
    from .screens.lock_dialog import LockChoice


class StoreApp(App[int]):
    """An app over one data file, read and written only in workers.

    Attributes:
        store: the data file; only workers call it, never the UI thread.
        today: the date the app works on (``--today``), never read from the clock.
        user: the supervisor using the app (author of changes, "mine" on the home screen).
        dataset: the latest records loaded (None until the first load finishes).
        clock: the wall clock (injected; None shows no time of day, e.g. in snapshots).
        poll_interval: seconds between looks for changes made elsewhere (None: no polling).
    """

    dataset: var[Dataset | None] = var(None, always_update=True)
    #: Why the data file could not be read, while no dataset is loaded ("" otherwise).
    load_error: var[str] = var("")

    #: The header's file indicator (None until read, or when the app has no clock).
    file_status: var[FileStatus | None] = var(None)

    def __init__(
        self,
        store: Store,
        *,
        today: dt.date,
        user: str,
        clock: Clock | None = None,
        poll_interval: float | None = POLL_SECONDS,
    ) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.user = user
        self.clock = clock
        self.poll_interval = poll_interval
        # Conflicted copies that cannot be merged come back on every poll: say so once each.
        self._reported_copies: set[tuple[str, str]] = set()
        self._poll_problem = ""
        # Whether the first load has finished (until then a damaged file stops the app).
        self._started = False
        #: Why the app stopped at start: the data file cannot be used (None otherwise).
        self.start_error: DataFileError | None = None
        self.sub_title = str(store.path)
        # One change at a time from this app, so a change that reads then writes (a toggle)
        # is not interleaved with another of ours.
        self._change_lock = threading.Lock()

    def on_mount(self) -> None:
        # Open first, read after: the home screen paints its loading state before the file
        # is parsed (parsing holds the GIL, so a load started now would delay the frame).
        self.call_after_refresh(self._start_loading)

    def _start_loading(self) -> None:
        self._load()

    def _start_polling(self) -> None:
        # After the first load, which has read the file: a poll at the same time would wait
        # on the store's mutex, then find nothing new.
        if self.poll_interval is None:
            return
        self.set_interval(self.poll_interval, self.poll, name="poll-data-file")
        self.poll()  # conflicted copies are merged at start too

    # -- reading and writing through the store, off the UI thread ------------------------

    def reload(self) -> None:
        """Read the data file again in a worker; screens refresh when it is read."""
        self._load()

    # Every worker catches whatever it raises, expected or not (see failures.py): it answers
    # with a message, and the app goes on.

    @work(thread=True, exclusive=True, name="load", group="load")
    def _load(self) -> None:
        try:
            dataset = self.store.load()
        except Exception as error:
            self.post_message(WorkFailed("read the data file", error))
            return
        self.post_message(DataLoaded(dataset))

    def _first_load_done(self) -> None:
        if not self._started:
            self._started = True
            self._start_polling()

    def save(self, action: str, change: Change, *, done: str = "") -> None:
        """Make a change through the store in a worker, then refresh every screen.

        Args:
            action: what the user is doing, in words, for an error ("add hours").
            change: called with the store in a worker thread; returns warnings or None.
            done: a short confirmation to show when the change is saved.
        """
        self._save(action, change, done)

    # Not exclusive: a second save must not cancel the first (each is the user's work).
    # The store serialises them, and each change reads the file fresh under the lock.
    @work(thread=True, exclusive=False, name="save", group="save")
    def _save(self, action: str, change: Change, done: str) -> None:
        try:
            with self._change_lock:
                warnings = tuple(change(self.store) or ())
        except LockTimeoutError as error:
            # The change is kept: the lock dialog offers to retry it (or break a stale lock).
            self._lock_busy(action, change, done, error)
            return
        except Exception as error:
            self.post_message(WorkFailed(action, error))
            return
        try:
            dataset = self.store.load()
        except Exception as error:
            # Saved: only the fresh read failed (the next poll reads the file again).
            self.post_message(WorkFailed("read the data file after saving", error))
            return
        self.post_message(DataLoaded(dataset, done=done, warnings=warnings))

    def _lock_busy(self, action: str, change: Change, done: str, error: LockTimeoutError) -> None:
        try:
            holder, breakable = lock_holder(self.store, self.clock() if self.clock else None)
        except Exception as unreadable:
            self.post_message(WorkFailed("read who holds the lock", unreadable))
            holder, breakable = None, False
        self.post_message(LockBusy(action, change, done, str(error), holder, breakable))

    def on_data_loaded(self, message: DataLoaded) -> None:
        self._first_load_done()
        self.load_error = ""
        self.dataset = message.dataset
        if self.clock is not None:
            self._read_last_change()
        for warning in message.warnings:
            notify_literal(self, warning, title="Saved, but note", severity="warning")
        if message.done and not message.warnings:
            notify_literal(self, message.done)

    def on_work_failed(self, message: WorkFailed) -> None:
        if not self._started and isinstance(message.error, DataFileError):
            # The file the app was opened on cannot be used at all (not JSON, not ours, a
            # newer schema, empty): stop with status 2, as every command does; the CLI
            # prints the message as one line on stderr. Nothing was written.
            self.start_error = message.error
            self.exit(return_code=2)
            return
        self._first_load_done()
        # Messages may quote data (a name, a note): shown literally, on one line.
        report_failure(self, message.action, message.error)
        if self.dataset is None:
            self.load_error = failure_reason(message.error)

    # -- changes made elsewhere: polling, conflicted copies, the lock (see app/sync.py) -------

    def poll(self) -> None:
        """Look for changes on disk and conflicted copies now, unless a look is under way."""
        # A slow drive must not pile up looks: the next tick comes soon enough.
        if not any(
            w.group == "poll" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in self.workers
        ):
            self._poll()

    @work(thread=True, exclusive=True, name="poll", group="poll")
    def _poll(self) -> None:
        try:
            result = poll_store(self.store, self.dataset)
        except LockTimeoutError:
            # Someone is saving; the copies are merged by a later poll, once they are done.
            return
        except Exception as error:
            self.post_message(PollFailed(failure_reason(error)))
            return
        if get_current_worker().is_cancelled:
            return
        if self._poll_problem:
            self.post_message(PollFailed(""))  # the file reads again: a new problem is news
        if result.merged or result.skipped:
            self.post_message(CopiesMerged(result.merged, result.skipped))
        if result.dataset is not None:
            self.post_message(DataLoaded(result.dataset))

    @work(thread=True, exclusive=True, name="last-change", group="last-change")
    def _read_last_change(self) -> None:
        try:
            last = self.store.last_change()
        except Exception as error:
            # The dataset on screen was read fine; the indicator just says nothing new.
            self.post_message(PollFailed(failure_reason(error)))
            return
        self.post_message(FileRead(last))

    def on_file_read(self, message: FileRead) -> None:
        if self.clock is not None:
            self.file_status = FileStatus(self.clock(), message.last_change)

    def on_copies_merged(self, message: CopiesMerged) -> None:
        for merge in message.merged:
            text, title = merge_notice(merge)
            notify_literal(self, text, title=title, timeout=10, multiline=True)
        for copy in message.skipped:
            key = (str(copy.path), copy.problem or "")
            if key in self._reported_copies:
                continue
            self._reported_copies.add(key)
            notify_literal(
                self,
                copy.problem or copy.path.name,
                title="Conflicted copy left alone",
                severity="warning",
                timeout=10,
            )

    def on_poll_failed(self, message: PollFailed) -> None:
        # Every poll fails alike while the file is broken: say it once, and again if it changes.
        if message.problem and message.problem != self._poll_problem:
            notify_literal(
                self,
                message.problem,
                title="Could not check the data file for changes",
                severity="error",
                timeout=10,
            )
        self._poll_problem = message.problem

    def on_lock_busy(self, message: LockBusy) -> None:
        from .screens.lock_dialog import LockDialog

        now = self.clock() if self.clock is not None else None
        self.push_screen(
            LockDialog(
                message.action,
                self.store.path.name,
                holder_words(message.holder, now),
                breakable=message.breakable,
            ),
            partial(self._lock_answered, message),
        )

    @guarded("save after the lock dialog")
    def _lock_answered(self, busy: LockBusy, choice: LockChoice | None) -> None:
        from .screens.lock_dialog import LockChoice

        if choice is LockChoice.RETRY:
            self.save(busy.action, busy.change, done=busy.done)
        elif choice is LockChoice.UNLOCK:
            self._break_lock_and_retry(busy)
        else:
            notify_literal(self, f"Not saved: {busy.action} was cancelled.", severity="warning")

    @work(thread=True, name="break-lock", group="save")
    def _break_lock_and_retry(self, busy: LockBusy) -> None:
        try:
            self.store.break_lock()
        except Exception as error:
            self.post_message(WorkFailed("break the lock", error))
            return
        self.call_from_thread(self.save, busy.action, busy.change, done=busy.done)
