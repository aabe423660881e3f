"""The help screen: every key that works on the screen underneath, read from its bindings.

The list is built from the live bindings (``Screen.active_bindings``) of the screen the
help was opened over, so it can never disagree with what the keys actually do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static


@dataclass(frozen=True, slots=True)
class KeyHelp:
    """One key as the help lists it.

    Attributes:
        key: the key as the footer shows it ("?", "ctrl+p", "esc").
        does: what it does, in words.
        where: where it works ("this screen", "everywhere", "in intern table").
        enabled: whether it does anything right now.
        in_footer: whether the footer shows it too (those come first in their group).
    """

    key: str
    does: str
    where: str
    enabled: bool
    in_footer: bool = False


def _where(node: DOMNode) -> str:
    if isinstance(node, App):
        return "everywhere"
    if isinstance(node, Screen):
        return "this screen"
    name = (node.id or type(node).__name__).replace("-", " ")
    return f"in {name}"


def _does(binding: Binding) -> str:
    words = binding.description
    if not words:
        # An undescribed binding (Textual's own, like focus moves): its action in words.
        words = binding.action.split("(", 1)[0].rsplit(".", 1)[-1].replace("_", " ")
    return words[:1].upper() + words[1:]


def keys_of(screen: Screen[object]) -> list[KeyHelp]:
    """Every key active on ``screen`` (shown in the footer or not), screen keys first."""
    app = screen.app
    rows: dict[tuple[str, str], KeyHelp] = {}
    active: dict[str, ActiveBinding] = screen.active_bindings
    for active_binding in active.values():
        binding = active_binding.binding
        if binding.system and not binding.description:
            continue
        key = app.get_key_display(binding)
        row = KeyHelp(
            key,
            _does(binding),
            _where(active_binding.node),
            active_binding.enabled,
            binding.show,
        )
        # Several keys for one action (escape and m both go back) each get a row.
        rows.setdefault((key, row.does), row)
    # This screen's keys, then the app's, then the focused widget's (cursor moves and such).
    order = {"this screen": 0, "everywhere": 1}
    return sorted(
        rows.values(), key=lambda r: (order.get(r.where, 2), r.where, not r.in_footer, r.key)
    )


class HelpScreen(ModalScreen[None]):
    """A list of the keys of the screen underneath; Escape (or ? or F1) closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close help", id="help.close"),
        Binding("question_mark,f1", "close", "Close help", show=False, id="help.close-again"),
    ]

    def __init__(self, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.keys = keys

    @classmethod
    def over(cls, screen: Screen[object]) -> HelpScreen:
        """The help for the keys of ``screen`` (call it before pushing the help)."""
        return cls(keys_of(screen))

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("Keys · Escape closes this help", id="help-title")
            table: DataTable[Text] = DataTable(id="help-table", cursor_type="row")
            yield table
            yield Static("Every action is also in the command palette (ctrl+p).", id="help-palette")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#help-table", DataTable)
        table.add_column("Key", key="key")
        table.add_column("Does", key="does")
        table.add_column("Where", key="where")
        for row in self.keys:
            style = "" if row.enabled else "dim"
            does = row.does if row.enabled else f"{row.does} (not now)"
            # Text, not str: DataTable reads a str cell as markup and "[" is a key.
            table.add_row(
                Text(row.key, style="bold" if row.enabled else "bold dim"),
                Text(does, style=style),
                Text(row.where, style=style),
            )
        table.focus()

    def action_close(self) -> None:
        """Close the help and go back."""
        self.dismiss()
