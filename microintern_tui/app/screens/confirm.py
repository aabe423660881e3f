"""A yes/no question in a modal: deleting an entry, going over 40 hours, discarding a note."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from ..type_ahead import QuestionScreen


class ConfirmScreen(QuestionScreen[bool]):
    """Ask one question; dismisses with True for yes, False for no or Escape.

    Keys read before the question is on screen never answer it (see ``type_ahead``).

    Args:
        question: what is asked, built with the literal helper where it quotes data.
        yes: the label of the button that goes ahead ("Delete").
        no: the label of the button that backs out ("Keep").
        danger: style the yes button as destructive.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, question: Content, *, yes: str = "Yes", no: str = "No", danger: bool = False
    ) -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content.assemble(self.yes_label, " (y)"),
                    id="confirm-yes",
                    variant="error" if self.danger else "primary",
                    compact=True,
                )
                yield Button(Content.assemble(self.no_label, " (n)"), id="confirm-no", compact=True)

    def on_mount(self) -> None:
        # Backing out is the safe default for Enter.
        self.query_one("#confirm-no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        """Close the question with the answer."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")
