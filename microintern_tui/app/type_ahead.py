"""Keys typed before a dialog is on screen: replayed into a form, never answering a question.

Between the key that opens a dialog and the dialog's first frame, the keys that follow have
nowhere to go: the dialog has no focused field yet, and Textual would run them against its
bindings (or the screen underneath). A supervisor who types ``a 3 Enter`` quickly, or over a
slow link, means "add 3 hours"; someone who presses ``d y`` has not read the question.

* A :class:`FormScreen` (the hours form, the check-in editor, the cohort form) holds the keys
  that arrive before its first frame, then replays them, in the order they were typed, as if
  typed just then: they go into its focused field.
* A :class:`QuestionScreen` (a confirmation, the lock dialog) drops every key read before its
  first frame: a key nobody pressed *at* the question never answers it.

Both are open from the moment they are pushed (``app.screen`` is the dialog at once), so the
key that opened them is the last one that can go elsewhere, provided the dialog is pushed in
that key's own handler (``push_screen`` with a callback), not later from a worker. The app
passes every key through :func:`route` before Textual sees it. "Before its first frame" is
judged by when a key was read (Textual stamps every key on arrival), so a key read earlier
but delivered late (still bubbling up from the screen underneath) is treated the same.
"""

from __future__ import annotations

from enum import Enum
from operator import attrgetter
from typing import ClassVar

from textual import events, on
from textual.screen import ModalScreen, Screen, ScreenResultType


class TypeAhead(Enum):
    """What a dialog does with the keys read before its first frame."""

    REPLAY = "replay"
    DROP = "drop"


def _clock() -> float:
    # Textual's own clock, the one that stamps every key as it is read (``Message.time``).
    return events.Event().time


def fresh_key(key: events.Key) -> events.Key:
    """A new, unrouted copy of ``key`` (stamped now), to send through the app once more."""
    return events.Key(key.key, key.character)


class GatedScreen(ModalScreen[ScreenResultType]):
    """A dialog that decides what happens to the keys read before its first frame.

    Attributes:
        TYPE_AHEAD: replay them into the focused field, or drop them.
    """

    TYPE_AHEAD: ClassVar[TypeAhead]

    def __init__(
        self,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 (Textual's name)
        classes: str | None = None,
    ) -> None:
        super().__init__(name, id, classes)
        #: When the first frame with this dialog was drawn (None until then).
        self._shown_at: float | None = None
        self._held: list[events.Key] = []

    @property
    def shown(self) -> bool:
        """Whether the dialog has been drawn, so a key read from now on was typed at it."""
        return self._shown_at is not None

    def take(self, key: events.Key) -> events.Key | None:
        """What the app should route instead of ``key``: the key, a fresh copy, or None.

        Args:
            key: a key that reached the app while this dialog is on top.
        """
        if self._shown_at is not None and key.time >= self._shown_at:
            return key  # typed at the dialog
        if self.TYPE_AHEAD is TypeAhead.DROP:
            return None
        if self._shown_at is None:
            self._held.append(key)
            return None
        # Read before the form was drawn but delivered after (it bubbled up from the screen
        # underneath): it goes into the form like the ones replayed.
        return fresh_key(key)

    @on(events.Mount)
    def _wait_for_first_frame(self) -> None:
        # After the subclass's on_mount (which focuses the field) and the repaint.
        self.call_after_refresh(self._drawn)

    def _drawn(self) -> None:
        # The replay runs as one step of the app's own queue: keys waiting behind it are
        # routed after every held key, so nothing overtakes.
        self.app.call_later(self._open)

    async def _open(self) -> None:
        self._shown_at = _clock()
        held, self._held = sorted(self._held, key=attrgetter("time")), []
        for key in held:
            await self.app.on_event(fresh_key(key))


class FormScreen(GatedScreen[ScreenResultType]):
    """A dialog with fields: keys typed before it is drawn are typed into it once it is."""

    TYPE_AHEAD = TypeAhead.REPLAY


class QuestionScreen(GatedScreen[ScreenResultType]):
    """A dialog that asks something: keys read before it is drawn never answer it."""

    TYPE_AHEAD = TypeAhead.DROP


def route(screen: Screen[object], key: events.Key) -> events.Key | None:
    """The key the app should route for ``key`` while ``screen`` is on top (None: none).

    Args:
        screen: the app's top screen.
        key: a key that reached the app (read from the terminal, or bubbled back up).
    """
    if isinstance(screen, GatedScreen):
        return screen.take(key)
    return key
