"""What screens may ask of the app, as a Protocol, so no screen imports ``app.py``.

``app.py`` imports the home screen at start, and screens need the app's ``today``, ``user``
and ``save``; typing them against this Protocol, rather than the app class, keeps the
import graph one way: the app knows its screens, screens know only this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from ..store.store import Store

#: A change to make through the store, in a worker; returns warnings worth showing (or None).
Change = Callable[[Store], Sequence[str] | None]


class AppContext(Protocol):
    """The part of ``MicroInternApp`` that screens use.

    Attributes:
        today: the programme day the app works on (never read from the clock).
        user: the supervisor using the app.
    """

    today: dt.date
    user: str

    def save(self, action: str, change: Change, *, done: str = "") -> None:
        """Make ``change`` through the store in a worker, then refresh every screen."""
        ...
