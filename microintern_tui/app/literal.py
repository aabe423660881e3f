"""Showing text from the data file literally: the one way data reaches a widget.

Names, employers and notes are data, never markup: ``[b]Ann[/b]`` must show those eight
characters and ``[@click=app.quit]`` must not become an action. Textual's ``Content(...)``
and ``markup=False`` only drop a handful of controls (BEL, BS, VT, FF, CR), so an OSC
sequence such as ``ESC ]0;title BEL`` would still reach the terminal. Every control
character is therefore first replaced by a visible placeholder (``domain.text.printable``,
ESC shows as ``␛``), and only then wrapped as plain content, never parsed as markup.

Use :func:`literal` for ``Static``/``Label``/``Digits``-style widgets and anything that takes a
``Content``; use :func:`literal_cell` for ``DataTable`` cells, because ``DataTable`` parses a
plain ``str`` cell as markup and renders a Rich ``Text`` cell as-is.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from ..domain.text import printable


def literal(text: str, *, multiline: bool = False) -> Content:
    """``text`` as plain content: controls shown as placeholders, brackets shown as brackets.

    Args:
        text: any string read from the data file.
        multiline: keep line breaks (for notes); otherwise a newline shows as ``␊``.

    Returns:
        Content with no spans, safe to put in any widget that renders Content.
    """
    return Content(printable(text, keep_newlines=multiline))


def literal_cell(text: str, *, style: str = "") -> Text:
    """``text`` as a one-line Rich ``Text`` for a ``DataTable`` cell (never parsed as markup).

    Args:
        text: any string read from the data file.
        style: an optional Rich style for the whole cell (trusted, from the app's code).

    Returns:
        A Text holding exactly the sanitised characters of ``text``.
    """
    return Text(printable(text), style=style, end="", no_wrap=True)
