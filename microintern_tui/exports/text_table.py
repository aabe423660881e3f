"""Plain-text tables for the text forms of the exports and the report."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain.text import printable


def aligned(headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "") -> list[str]:
    """The lines of an aligned table; every cell goes through ``printable``."""
    cells = [[printable(str(c)) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return [(indent + line).rstrip() for line in lines]
