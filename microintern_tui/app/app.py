"""The Textual application: the screens, the keys and the header, over :class:`StoreApp`.

The data file's side (loading and saving in workers, polling, the lock dialog) is
:mod:`microintern_tui.app.store_app`; :mod:`microintern_tui.app.messages` says how screens
learn about new data, and :mod:`microintern_tui.app.type_ahead` where keys typed ahead go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path, PurePath
from typing import ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen, Screen

from ..store.store import Store
from .context import AppContext
from .failures import guarded
from .palette import KeysProvider

# Only the home screen is imported at start: every other screen (and its widgets) is
# imported by the action that first opens it, so the first frame waits for less.
from .screens.home import HomeScreen
from .store_app import StoreApp
from .sync import POLL_SECONDS, Clock
from .type_ahead import route
from .widgets.file_status import header_title, status_content


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


class MicroInternApp(StoreApp):
    """The supervisor's app over one data file (see :class:`StoreApp` for its attributes)."""

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

    def get_default_screen(self) -> Screen[None]:
        # The home screen is the bottom of the stack: no blank screen to set up first.
        return HomeScreen()

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
        from .screens.confirm import ConfirmScreen

        if not any(isinstance(s, CheckinEditor) and s.changed for s in self.screen_stack):
            self.exit()
        elif not isinstance(self.screen, ConfirmScreen):
            question = Content("A check-in note has unsaved changes. Quit and discard them?")
            self.push_screen(
                ConfirmScreen(question, yes="Quit", no="Back to the note", danger=True),
                self._quit_answered,
            )

    @guarded("quit")
    def _quit_answered(self, quit_anyway: bool | None) -> None:
        if quit_anyway:
            self.exit()

    # -- keys -----------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # A key passes here when read from the terminal, and again if no widget took it (a
        # bound key bubbles up to the app). A dialog not drawn yet decides what happens to it
        # first: type-ahead goes into a form, never answers a question (type_ahead.py).
        if isinstance(event, events.Key):
            routed = route(self.screen, event)
            if routed is None:
                return
            event = routed
        await super().on_event(event)

    # -- the header: the file indicator beside the path ------------------------------------

    def watch_file_status(self) -> None:
        # The header draws the indicator (format_title): ask every header to redraw.
        self.mutate_reactive(MicroInternApp.sub_title)

    def on_resize(self) -> None:
        # The indicator and the path share the header: fit them to the new width.
        self.mutate_reactive(MicroInternApp.sub_title)

    def format_title(self, title: str, sub_title: str) -> Content:
        status = status_content(self.file_status) if self.file_status is not None else None
        return header_title(title, sub_title, status, self.size.width)


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
