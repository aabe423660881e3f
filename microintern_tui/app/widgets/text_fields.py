"""Text boxes that apply every key in the order it was typed: use these, not Textual's.

Textual 8.2.8's ``Input`` and ``TextArea`` insert a printable key as soon as it reaches them,
but a bound key (backspace, the arrows, ctrl+k, enter in an ``Input``) bubbles up to the app
first, and its action runs only when it gets there. In a burst of keys (a paste, a slow SSH
link, type-ahead replayed into a form) the next letters overtake it: ``7``, backspace, ``2``
leaves ``7`` in the box, because the backspace arrives after the ``2`` and deletes it.
That is Textual issue #6605.

The fix follows Textual's pull request #6631 (not released in 8.2.8): when a key reaches the
box and the box itself binds it, run that binding there and then, in order with the typing,
instead of letting it bubble. What runs is the binding Textual would have run anyway: the
focused widget is the first place Textual looks for a binding, and priority bindings (which
Textual checks before the key reaches the box) are left to Textual. Keys bound elsewhere
(tab, escape, ctrl+s on a form) still bubble as before.

Every text box in the app is an :class:`OrderedInput` or an :class:`OrderedTextArea`; a new
form uses them too. (Keys typed before a form is on screen are another matter: see
:mod:`microintern_tui.app.type_ahead`.)
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def run_own_binding(widget: Widget, event: events.Key) -> bool:
    """Run ``widget``'s own binding for ``event`` now; True if it ran (the key stops here).

    Args:
        widget: the focused text box the key was delivered to.
        event: the key.

    Returns:
        Whether a binding of the widget itself handled the key (it then does not bubble).
        False leaves the key to Textual: printable keys, keys bound only elsewhere, a
        binding whose ``check_action`` refuses it now, or a box that lost the focus.
    """
    if event.is_printable:
        return False
    # The binding Textual would pick for this key now: the focused widget's first.
    active = widget.screen.active_bindings.get(event.key)
    if active is None or active.node is not widget or active.binding.priority:
        return False
    if not await widget.app.run_action(active.binding.action, widget):
        return False
    event.stop()
    return True


class OrderedInput(Input):
    """Textual's ``Input``, with its own keys (backspace, arrows, enter...) run in order."""

    async def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handler (Textual calls the subclass's first), which
        # still restarts the cursor blink and inserts printable keys.
        await run_own_binding(self, event)


class OrderedTextArea(TextArea):
    """Textual's ``TextArea``, with its own keys (backspace, arrows, ctrl+k...) run in order."""

    async def on_key(self, event: events.Key) -> None:
        # As OrderedInput: enter and tab are inserted by TextArea's own handler, unbound.
        await run_own_binding(self, event)
