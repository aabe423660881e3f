"""The Store: the one way into the data file.

The Store is the public API the CLI and the app use. It is assembled from one class per job:

- :class:`~.core.StoreCore`: reading the file, one transaction per change (see
  :mod:`.core`); :class:`~.sharing.SharingCommands`: conflicted copies, repair, the outbox,
  the lock, backups and restore;
- the typed commands, each one transaction: :mod:`.interns`, :mod:`.hours`,
  :mod:`.checkins`, :mod:`.cohorts`.

The file itself is :mod:`.datafile`; TinyDB's Storage and Table are in :mod:`.tinystore`.
"""

from __future__ import annotations

from .checkins import CheckinCommands, NoteSaved
from .cohorts import CohortCommands
from .core import LastChange, StoreCore
from .hours import HoursCommands
from .interns import TRAINING_FIELDS, InternCommands
from .sharing import SharingCommands

__all__ = ["TRAINING_FIELDS", "LastChange", "NoteSaved", "Store", "StoreCore"]


class Store(InternCommands, HoursCommands, CheckinCommands, CohortCommands, SharingCommands):
    """The data file at ``path``, opened on behalf of ``user`` (see :class:`StoreCore`)."""
