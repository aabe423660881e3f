"""One intern: details, progress to 40, hours log, weekly hours, check-ins and ticks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class InternScreen(Screen[None]):
    """One intern's page (being built)."""

    def __init__(self, intern_id: str) -> None:
        super().__init__()
        self.intern_id = intern_id

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        yield Static(self.intern_id)
        yield Footer()
