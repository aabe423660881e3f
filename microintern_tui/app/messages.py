"""Messages between the app's store workers and its screens, and how screens stay fresh.

How data reaches a screen:

1. The app loads the data file in a thread worker (``MicroInternApp.reload``) and every
   write goes through ``MicroInternApp.save`` (also a thread worker). When one finishes it
   posts :class:`DataLoaded` (or :class:`WorkFailed`) to the app.
2. The app's handler stores the dataset in its reactive ``MicroInternApp.dataset``
   (``always_update``, so a reload that changed nothing still refreshes).
3. A screen that shows data subclasses ``screens.base.DataScreen``, which watches that
   reactive once the screen is mounted, and says how to show a dataset::

       class CohortsScreen(DataScreen):
           LOADING = "#cohort-table"  # shows Textual's loading state until data arrives

           def refresh_data(self, dataset: Dataset) -> None:
               ...

   ``refresh_data`` runs at once if data is loaded, then after every load or save, for
   every screen in the stack (hidden ones too), and stops when the screen is closed. It
   must keep the user's place (cursor, filter, scroll) and must not touch the disk.

A poller for changes made elsewhere (issue 5) only needs to post :class:`DataLoaded`.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..domain.dataset import Dataset


@dataclass
class DataLoaded(Message):
    """A worker read the data file (after a load or a save).

    Attributes:
        dataset: the records as they are now on disk.
        done: what was saved, in words, for a notification ("" after a plain load).
        warnings: warnings a save produced (e.g. over 40 hours), shown to the user.
    """

    dataset: Dataset
    done: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class WorkFailed(Message):
    """A load, a save or another worker failed; the worker wrote nothing more.

    Attributes:
        action: what the user was doing, in words ("add hours").
        error: the store's or domain's error, whose message says what to do, or anything
            else the worker did not expect (reported the same way: the app goes on).
    """

    action: str
    error: Exception
