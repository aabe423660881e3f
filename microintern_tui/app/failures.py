"""When the app's own work fails: one line on screen, the app goes on, nothing more is written.

The workers (load, save, poll, the header's last change, breaking a lock) and the answers to
dialogs run code that can fail in two ways: the store refuses (a ``MicroInternError``, whose
message says what is wrong and what to do), or something nobody planned for happens (a bug,
a library's ``RuntimeError``). Textual ends the app, with a traceback, on an exception a
worker or a callback lets out; a supervisor would lose what is on screen for a failure that
changed nothing. So each of them catches both kinds and reports them the same way: one
notification, "Could not <what they were doing>", with the reason on one printable line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from textual.app import App
from textual.dom import DOMNode

from ..domain.errors import MicroInternError
from .literal import notify_literal

#: The longest reason shown, in characters: an error quoting a huge value stays one line.
MAX_REASON = 300

#: Seconds an error notification stays on screen.
ERROR_TIMEOUT = 10.0

_Node = TypeVar("_Node", bound=DOMNode)
_P = ParamSpec("_P")


def failure_reason(error: BaseException) -> str:
    """Why something failed, in one line: the store's own words, or what was unexpected."""
    if isinstance(error, MicroInternError):
        reason = str(error)
    else:
        detail = str(error)
        name = type(error).__name__
        reason = f"unexpected error: {name}: {detail}" if detail else f"unexpected error: {name}"
    reason = " ".join(reason.split("\n"))
    return reason if len(reason) <= MAX_REASON else reason[: MAX_REASON - 1] + "…"


def report_failure(app: App[Any], action: str, error: BaseException) -> None:
    """Say that ``action`` failed and why, in a notification (thread-safe).

    Args:
        app: the app.
        action: what the user was doing, in words ("add hours").
        error: what went wrong.
    """
    notify_literal(
        app,
        failure_reason(error),
        title=f"Could not {action}",
        severity="error",
        timeout=ERROR_TIMEOUT,
    )


def guarded(
    action: str,
) -> Callable[[Callable[Concatenate[_Node, _P], None]], Callable[Concatenate[_Node, _P], None]]:
    """Decorate a method run by Textual (a dialog's answer) so a failure is reported, not fatal.

    Args:
        action: what the method does, in words, for "Could not ..." ("delete the entry").
    """

    def decorate(
        method: Callable[Concatenate[_Node, _P], None],
    ) -> Callable[Concatenate[_Node, _P], None]:
        @functools.wraps(method)
        def run(node: _Node, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
            try:
                method(node, *args, **kwargs)
            except Exception as error:  # a dialog's answer must not end the app
                report_failure(node.app, action, error)

        return run

    return decorate
