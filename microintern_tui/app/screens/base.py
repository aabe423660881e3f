"""The shared base of the screens that show the data file: the app's context and refreshing.

How data reaches a screen is described in :mod:`microintern_tui.app.messages`; this class
does that wiring once, so a data screen only says how to show a dataset.
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual import events, on
from textual.screen import Screen
from textual.widget import Widget

from ...domain.dataset import Dataset
from ..context import AppContext


class DataScreen(Screen[None]):
    """A screen that shows the app's dataset and follows every load, save and poll.

    When mounted (after the subclass's own ``on_mount``, which Textual calls first), it
    watches the app's ``dataset``: ``refresh_data`` runs at once if data is loaded, then
    after every change, for as long as the screen is in the stack.

    Attributes:
        LOADING: a selector for the widget that shows Textual's loading state until the
            first dataset arrives ("" for none). It takes the focus then, unless something
            else has it: a widget cannot have the focus while it shows the loading state.
    """

    LOADING: ClassVar[str] = ""

    @property
    def mi_app(self) -> AppContext:
        """The app, as far as screens may use it (see :class:`AppContext`)."""
        return cast(AppContext, self.app)

    def refresh_data(self, dataset: Dataset) -> None:
        """Show ``dataset``, keeping the user's place (cursor, filter, scroll); no disk I/O."""
        raise NotImplementedError

    @on(events.Mount)
    def _follow_dataset(self) -> None:
        self.watch(self.app, "dataset", self._dataset_changed)

    def _dataset_changed(self, dataset: Dataset | None) -> None:
        if self.LOADING:
            widget = self.query_one(self.LOADING, Widget)
            widget.loading = dataset is None
            if dataset is not None and self.focused is None:
                widget.focus()
        if dataset is not None:
            self.refresh_data(dataset)
