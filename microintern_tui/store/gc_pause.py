"""Pausing Python's cyclic garbage collector while the store builds many objects at once."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block without cyclic garbage collection, then resume it if it was on.

    Parsing a data file and converting its records make hundreds of thousands of objects,
    none of them in a reference cycle, so collecting during the burst frees nothing; yet
    every few hundred allocations start a collection, and the older generations hold every
    record already loaded, so those passes took about half the time of loading 200,000
    records. Reference counting still frees everything as usual meanwhile. Another thread
    that pauses at the same time may find collection resumed early: it is only slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
