"""The Textual application: owns the store, loads and saves in workers, hosts the screens.

See :mod:`microintern_tui.app.messages` for how screens learn about new data.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path, PurePath
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.reactive import var
from textual.screen import ModalScreen, Screen

from ..domain.dataset import Dataset
from ..domain.errors import MicroInternError
from ..domain.text import printable
from ..store.store import Store
from .messages import DataLoaded, StoreFailed
from .palette import KeysProvider
from .screens.checkin_editor import CheckinEditor
from .screens.cohorts import CohortsScreen
from .screens.confirm import ConfirmScreen
from .screens.export import ExportKind, open_export
from .screens.help import HelpScreen
from .screens.home import HomeScreen
from .screens.milestones import MilestonesScreen
from .screens.report import ReportScreen

#: A change to make through the store; returns warnings worth showing (or None).
Change = Callable[[Store], Sequence[str] | None]


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
    """

    TITLE = "microintern"
    CSS_PATH = stylesheets()
    # Every key of the current screen is also a command in the palette (ctrl+p).
    COMMANDS = App.COMMANDS | {KeysProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("m", "milestones", "Milestones", id="milestones"),
        Binding("r", "report", "Report", id="report"),
        Binding("c", "cohorts", "Cohorts", id="cohorts"),
        Binding("x", "export", "Export", id="export"),
        Binding("question_mark,f1", "help", "Help", id="help"),
    ]

    dataset: var[Dataset | None] = var(None, always_update=True)
    #: Why the data file could not be read, while no dataset is loaded ("" otherwise).
    load_error: var[str] = var("")

    def __init__(self, store: Store, *, today: dt.date, user: str) -> None:
        super().__init__()
        self.store = store
        self.today = today
        self.user = user
        self.sub_title = str(store.path)
        # One change at a time from this app, so a change that reads then writes (a toggle)
        # is not interleaved with another of ours.
        self._change_lock = threading.Lock()

    def on_mount(self) -> None:
        self.push_screen(HomeScreen())
        self.reload()

    def action_milestones(self) -> None:
        """Show every cohort's milestones and the countdown to the next one."""
        if not isinstance(self.screen, MilestonesScreen):
            self.push_screen(MilestonesScreen())

    def action_report(self) -> None:
        """Show a cohort's report: status, hours, check-ins, training, caseload, at risk."""
        # Not over a dialog: a key pressed on one of its buttons must not hide it.
        if not isinstance(self.screen, ReportScreen | ModalScreen):
            self.push_screen(ReportScreen())

    def action_cohorts(self) -> None:
        """List the cohorts: add one from its start Monday, edit dates, archive."""
        if not isinstance(self.screen, CohortsScreen | ModalScreen):
            self.push_screen(CohortsScreen())

    def action_export(self, kind: str = "hours") -> None:
        """Write the hours CSV, the completions CSV or the milestone calendar to a file."""
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
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen.over(self.screen))

    async def action_quit(self) -> None:
        """Quit; an unsaved check-in note is never thrown away without asking."""
        if any(isinstance(s, CheckinEditor) and s.changed for s in self.screen_stack):
            self._confirm_quit()
        else:
            self.exit()

    @work(exclusive=True, name="confirm-quit", group="confirm-quit")
    async def _confirm_quit(self) -> None:
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
        except MicroInternError as error:
            self.post_message(StoreFailed(action, error))
            return
        self.post_message(DataLoaded(dataset, done=done, warnings=warnings))

    def on_data_loaded(self, message: DataLoaded) -> None:
        self.load_error = ""
        self.dataset = message.dataset
        for warning in message.warnings:
            self.notify(
                printable(warning), title="Saved, but note", severity="warning", markup=False
            )
        if message.done and not message.warnings:
            self.notify(printable(message.done), markup=False)

    def on_store_failed(self, message: StoreFailed) -> None:
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


def make_app(store: Store, *, today: dt.date, user: str) -> MicroInternApp:
    """The app over ``store`` as ``user`` on ``today`` (tests pass a temp file and a fixed day)."""
    return MicroInternApp(store, today=today, user=user)
