"""The dialog shown when a save waited too long for the lock: who holds it, retry, or break it."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from ..failures import guarded
from ..literal import literal
from ..type_ahead import QuestionScreen
from .confirm import ConfirmScreen


class LockChoice(StrEnum):
    """What the user chose in the lock dialog."""

    RETRY = "retry"
    UNLOCK = "unlock"  # break the lock (confirmed), then retry
    CANCEL = "cancel"


class LockDialog(QuestionScreen[LockChoice]):
    """A change could not be saved because another writer holds the data file's lock.

    The change is kept by the app until the user chooses: retry it, give it up, or, when the
    lock is another machine's and old enough to be abandoned, break the lock (after a
    confirmation) and retry. It pops up while the user may be typing: keys read before it
    is on screen never choose (see ``type_ahead``).

    Args:
        action: what the user was doing, in words ("add hours").
        file_name: the data file's name (shown literally).
        holder: who holds the lock, in words ("ann@laptop (pid 4242) since 10:42"; data).
        breakable: whether breaking the lock is allowed, so the key is offered.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "choose('retry')", "Retry", id="lock.retry"),
        Binding("u", "unlock", "Break the lock", id="lock.unlock"),
        Binding("escape", "choose('cancel')", "Cancel", id="lock.cancel"),
    ]

    def __init__(self, action: str, file_name: str, holder: str, *, breakable: bool) -> None:
        super().__init__()
        self.action = action
        self.file_name = file_name
        self.holder = holder
        self.breakable = breakable

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Could not ", "bold"), literal(self.action).stylize("bold")),
                classes="dialog-title",
            )
            yield Static(
                Content.assemble(
                    literal(self.file_name),
                    " is locked by ",
                    literal(self.holder).stylize("bold"),
                    ".",
                ),
                id="lock-holder",
            )
            yield Static(self._advice(), id="lock-advice")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Retry (r)", id="lock-retry", variant="primary", compact=True)
                if self.breakable:
                    yield Button(
                        "Break the lock (u)", id="lock-unlock", variant="error", compact=True
                    )
                yield Button("Cancel (esc)", id="lock-cancel", compact=True)

    def _advice(self) -> Content:
        kept = "Your change is kept until you choose: r saves it, Escape gives it up."
        if self.breakable:
            return Content(
                "It was taken on another machine a while ago: if nobody uses microintern "
                "there now (a crash, a laptop closed mid-save), you may break it.\n" + kept
            )
        return Content("They are saving a change; retry in a moment.\n" + kept)

    def on_mount(self) -> None:
        self.query_one("#lock-retry", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The unlock key exists only when the store would allow breaking this lock.
        return self.breakable if action == "unlock" else True

    def action_choose(self, choice: str) -> None:
        """Close the dialog with the user's choice."""
        self.dismiss(LockChoice(choice))

    def action_unlock(self) -> None:
        """Break the lock after a confirmation, then retry the change."""
        question = Content.assemble(
            "Break the lock held by ",
            literal(self.holder).stylize("bold"),
            "? Only if nobody is using microintern there now.",
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Break it", no="Keep it", danger=True),
            self._unlock_answered,
        )

    @guarded("break the lock")
    def _unlock_answered(self, sure: bool | None) -> None:
        if sure:
            self.dismiss(LockChoice.UNLOCK)

    @on(Button.Pressed, "#lock-retry")
    def _retry_pressed(self) -> None:
        self.dismiss(LockChoice.RETRY)

    @on(Button.Pressed, "#lock-unlock")
    def _unlock_pressed(self) -> None:
        self.action_unlock()

    @on(Button.Pressed, "#lock-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(LockChoice.CANCEL)
