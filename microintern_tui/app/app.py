"""The Textual application: owns the store, loads and saves in workers, hosts the screens.

See :mod:`microintern_tui.app.messages` for how screens learn about new data.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerState, get_current_worker

from ..domain.dataset import Dataset
from ..domain.errors import MicroInternError
from ..domain.text import printable
from ..store import lock
from ..store.errors import DataFileError, LockTimeoutError
from ..store.store import Store
from .context import AppContext, Change
from .messages import DataLoaded, StoreFailed
from .palette import KeysProvider
from .screens.home import HomeScreen

# Only the home screen is imported at start: every other screen (and its widgets) is
# imported by the action that first opens it, so the first frame waits for less.
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
from .widgets.file_status import FileStatus, header_title, status_content


def styles_path() -> Path:
    """The folder of the app's TCSS files.

    An installed wheel carries them inside the package (``microintern_tui/styles``,
    force-included by pyproject); a source checkout has them at the top of the repo.
    """
    package = Path(__file__).resolve().parent.parent
    shipped = package / "styles"
    return shipped if shipped.is_dir() else package.parent / "styles"


def stylesheets() -> list[str | PurePath]:
    """Every TCSS file in the styles folder (each screen's author may keep a file)."""
    return sorted(styles_path().glob("*.tcss"))


class MicroInternApp(App[int]):
    """The supervisor's app over one data file.

    Attributes:
        store: the data file; only workers call it, never the UI thread.
        today: the date the app works on (``--today``), never read from the clock.
        user: the supervisor using the app (author of changes, "mine" on the home screen).
        dataset: the latest records loaded (None until the first load finishes).
        clock: the wall clock (injected; None shows no time of day, e.g. in snapshots).
        poll_interval: seconds between looks for changes made elsewhere (None: no polling).
    """

    TITLE = "microintern"
    CSS_PATH = stylesheets()
    # Every key of the current screen is also a command in the palette (ctrl+p).
    COMMANDS = App.COMMANDS | {KeysProvider}
    # Help first: at 80 columns the footer cuts off the last app keys, and help lists them all.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("m", "milestones", "Milestones", id="milestones"),
        Binding("r", "report", "Report", id="report"),
        Binding("c", "cohorts", "Cohorts", id="cohorts"),
        Binding("x", "export", "Export", id="export"),
    ]

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

    def get_default_screen(self) -> Screen[None]:
        # The home screen is the bottom of the stack: no blank screen to set up first.
        return HomeScreen()

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

    def action_milestones(self) -> None:
        """Show every cohort's milestones and the countdown to the next one."""
        from .screens.milestones import MilestonesScreen

        if not isinstance(self.screen, MilestonesScreen):
            self.push_screen(MilestonesScreen())

    def action_report(self) -> None:
        """Show a cohort's report: status, hours, check-ins, training, caseload, at risk."""
        # Not over a dialog: a key pressed on one of its buttons must not hide it.
        if isinstance(self.screen, ModalScreen):
            return
        from .screens.report import ReportScreen

        if not isinstance(self.screen, ReportScreen):
            self.push_screen(ReportScreen())

    def action_cohorts(self) -> None:
        """List the cohorts: add one from its start Monday, edit dates, archive."""
        if isinstance(self.screen, ModalScreen):
            return
        from .screens.cohorts import CohortsScreen

        if not isinstance(self.screen, CohortsScreen):
            self.push_screen(CohortsScreen())

    def action_export(self, kind: str = "hours") -> None:
        """Write the hours CSV, the completions CSV or the milestone calendar to a file."""
        from .screens.export import ExportKind, open_export

        open_export(self, ExportKind(kind))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Cohort report", "Counts, hours, check-ins, at risk", self.action_report
        )
        yield SystemCommand("Cohorts", "Add a cohort, edit its dates, archive", self.action_cohorts)
        for kind, title in (
            ("hours", "Export hours CSV"),
            ("completions", "Export completions CSV (HEAR list)"),
            ("milestones", "Export milestone calendar (ICS)"),
        ):
            yield SystemCommand(
                title, "Write the file and say where", partial(self.action_export, kind)
            )

    def action_help(self) -> None:
        """List the keys of the current screen."""
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.over(self.screen))

    async def action_quit(self) -> None:
        """Quit; an unsaved check-in note is never thrown away without asking."""
        from .screens.checkin_editor import CheckinEditor

        if any(isinstance(s, CheckinEditor) and s.changed for s in self.screen_stack):
            self._confirm_quit()
        else:
            self.exit()

    @work(exclusive=True, name="confirm-quit", group="confirm-quit")
    async def _confirm_quit(self) -> None:
        from .screens.confirm import ConfirmScreen

        question = Content("A check-in note has unsaved changes. Quit and discard them?")
        if await self.push_screen_wait(
            ConfirmScreen(question, yes="Quit", no="Back to the note", danger=True)
        ):
            self.exit()

    # -- reading and writing through the store, off the UI thread ------------------------

    def reload(self) -> None:
        """Read the data file again in a worker; screens refresh when it is read."""
        self._load()

    @work(thread=True, exclusive=True, name="load", group="load")
    def _load(self) -> None:
        try:
            dataset = self.store.load()
        except MicroInternError as error:
            self.post_message(StoreFailed("read the data file", error))
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
            dataset = self.store.load()
        except LockTimeoutError as error:
            # The change is kept: the lock dialog offers to retry it (or break a stale lock).
            holder, breakable = lock_holder(self.store, self.clock() if self.clock else None)
            self.post_message(LockBusy(action, change, done, str(error), holder, breakable))
            return
        except MicroInternError as error:
            self.post_message(StoreFailed(action, error))
            return
        self.post_message(DataLoaded(dataset, done=done, warnings=warnings))

    def on_data_loaded(self, message: DataLoaded) -> None:
        self._first_load_done()
        self.load_error = ""
        self.dataset = message.dataset
        if self.clock is not None:
            self._read_last_change()
        for warning in message.warnings:
            self.notify(
                printable(warning), title="Saved, but note", severity="warning", markup=False
            )
        if message.done and not message.warnings:
            self.notify(printable(message.done), markup=False)

    def on_store_failed(self, message: StoreFailed) -> None:
        if not self._started and isinstance(message.error, DataFileError):
            # The file the app was opened on cannot be used at all (not JSON, not ours, a
            # newer schema, empty): stop with status 2, as every command does; the CLI
            # prints the message as one line on stderr. Nothing was written.
            self.start_error = message.error
            self.exit(return_code=2)
            return
        self._first_load_done()
        # Messages and done-texts may quote data (a name, a note): controls made visible.
        self.notify(
            printable(str(message.error)),
            title=f"Could not {message.action}",
            severity="error",
            timeout=10,
            markup=False,
        )
        if self.dataset is None:
            self.load_error = printable(str(message.error))

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
        except MicroInternError as error:
            self.post_message(PollFailed(printable(str(error))))
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
        except MicroInternError as error:
            # The dataset on screen was read fine; the indicator just says nothing new.
            self.post_message(PollFailed(printable(str(error))))
            return
        self.post_message(FileRead(last))

    def on_file_read(self, message: FileRead) -> None:
        if self.clock is not None:
            self.file_status = FileStatus(self.clock(), message.last_change)

    def watch_file_status(self) -> None:
        # The header draws the indicator (format_title): ask every header to redraw.
        self.mutate_reactive(MicroInternApp.sub_title)

    def on_resize(self) -> None:
        # The indicator and the path share the header: fit them to the new width.
        self.mutate_reactive(MicroInternApp.sub_title)

    def format_title(self, title: str, sub_title: str) -> Content:
        status = status_content(self.file_status) if self.file_status is not None else None
        return header_title(title, sub_title, status, self.size.width)

    def on_copies_merged(self, message: CopiesMerged) -> None:
        for merge in message.merged:
            text, title = merge_notice(merge)
            self.notify(printable(text, keep_newlines=True), title=title, timeout=10, markup=False)
        for copy in message.skipped:
            key = (str(copy.path), copy.problem or "")
            if key in self._reported_copies:
                continue
            self._reported_copies.add(key)
            self.notify(
                printable(copy.problem or copy.path.name),
                title="Conflicted copy left alone",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def on_poll_failed(self, message: PollFailed) -> None:
        # Every poll fails alike while the file is broken: say it once, and again if it changes.
        if message.problem and message.problem != self._poll_problem:
            self.notify(
                message.problem,
                title="Could not check the data file for changes",
                severity="error",
                timeout=10,
                markup=False,
            )
        self._poll_problem = message.problem

    def on_lock_busy(self, message: LockBusy) -> None:
        self._ask_about_lock(message)

    @work(name="lock-dialog", group="lock-dialog")
    async def _ask_about_lock(self, busy: LockBusy) -> None:
        from .screens.lock_dialog import LockChoice, LockDialog

        now = self.clock() if self.clock is not None else None
        choice = await self.push_screen_wait(
            LockDialog(
                busy.action,
                self.store.path.name,
                holder_words(busy.holder, now),
                breakable=busy.breakable,
            )
        )
        if choice is LockChoice.RETRY:
            self.save(busy.action, busy.change, done=busy.done)
        elif choice is LockChoice.UNLOCK:
            self._break_lock_and_retry(busy)
        else:
            self.notify(f"Not saved: {busy.action} was cancelled.", severity="warning")

    @work(thread=True, name="break-lock", group="save")
    def _break_lock_and_retry(self, busy: LockBusy) -> None:
        try:
            lock.break_lock(self.store.path)
        except MicroInternError as error:
            self.post_message(StoreFailed("break the lock", error))
            return
        self.call_from_thread(self.save, busy.action, busy.change, done=busy.done)


def make_app(
    store: Store,
    *,
    today: dt.date,
    user: str,
    clock: Clock | None = None,
    poll_interval: float | None = POLL_SECONDS,
) -> MicroInternApp:
    """The app over ``store`` as ``user`` on ``today`` (tests pass a temp file and a fixed day).

    Args:
        store: the data file.
        today: the programme day the app works on.
        user: who is using the app.
        clock: the wall clock for the header's file indicator and a lock's age (the CLI
            passes ``sync.local_now``); None shows no time of day, so snapshots stay stable.
        poll_interval: seconds between looks for changes made elsewhere; None turns it off.
    """
    return MicroInternApp(store, today=today, user=user, clock=clock, poll_interval=poll_interval)


# Screens see the app through this Protocol only; mypy checks that the app provides it.
_SCREENS_SEE: type[AppContext] = MicroInternApp
