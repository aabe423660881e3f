"""Showing text from the data file literally: the one way data reaches a widget.

Names, employers and notes are data, never markup: ``[b]Ann[/b]`` must show those eight
characters and ``[@click=app.quit]`` must not become an action. Textual's ``Content(...)``
and ``markup=False`` only drop a handful of controls (BEL, BS, VT, FF, CR), so an OSC
sequence such as ``ESC ]0;title BEL`` would still reach the terminal. Every control
character is therefore first replaced by a visible placeholder (``domain.text.printable``,
ESC shows as ``␛``), and only then wrapped as plain content, never parsed as markup.

Use :func:`literal` for ``Static``/``Label``/``Digits``-style widgets and anything that takes a
``Content``; use :func:`literal_cell` for ``DataTable`` cells, because ``DataTable`` parses a
plain ``str`` cell as markup and renders a Rich ``Text`` cell as-is; use :func:`notify_literal`
for a notification (``App.notify`` parses its message as markup unless told not to).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.notifications import SeverityLevel

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


def notify_literal(
    app: App[Any],
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
    multiline: bool = False,
) -> None:
    """Show a notification whose words may quote data (a name, a note, an error), literally.

    Safe to call from a worker thread, as ``App.notify`` is.

    Args:
        app: the app.
        message: the notification's text.
        title: its title (the app's words, made printable all the same).
        severity: ``information``, ``warning`` or ``error``.
        timeout: seconds it stays, or None for Textual's default.
        multiline: keep line breaks in ``message``; otherwise it is one line.
    """
    app.notify(
        printable(message, keep_newlines=multiline),
        title=printable(title),
        severity=severity,
        timeout=timeout,
        markup=False,
    )
