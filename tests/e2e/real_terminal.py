"""A real terminal for end-to-end tests: the installed ``microintern`` in a pty, read by pyte.

``pexpect`` gives the app a real pseudo-terminal of 80×24 (so Textual runs its real Linux
driver, not the headless one used by Pilot), and ``pyte`` keeps a virtual screen of what a
user would see. Every wait is on a condition with a deadline, never a sleep.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pexpect
import pyte

COLUMNS, LINES = 80, 24
#: Long enough for a cold start of Python + Textual on a slow CI machine.
DEADLINE = 30.0


def installed_microintern() -> Path | None:
    """The ``microintern`` console script of this environment, if installed."""
    beside = Path(sys.executable).parent / "microintern"
    if beside.exists():
        return beside
    found = shutil.which("microintern")
    return Path(found) if found else None


class Terminal:
    """The app running in an 80×24 pty, with the screen as a user sees it."""

    def __init__(self, program: Path, args: Sequence[str], cwd: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "MICROINTERN"))}
        env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES), LANG="C.UTF-8")
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        #: Every byte the app wrote to the terminal, to check what reached it.
        self.raw = bytearray()
        self.child = pexpect.spawn(
            str(program),
            list(args),
            cwd=str(cwd),
            env=env,
            dimensions=(LINES, COLUMNS),
            encoding=None,
            timeout=DEADLINE,
        )

    def _read(self, timeout: float) -> bool:
        """Feed whatever the app wrote within ``timeout`` to the screen; False at EOF."""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.raw.extend(data)
        self.stream.feed(data)
        return True

    def text(self) -> str:
        """The screen as lines of text."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_until(
        self, condition: Callable[[str], bool], what: str, deadline: float = DEADLINE
    ) -> str:
        """Read until ``condition(screen)`` holds; on timeout fail showing the screen."""
        end = time.monotonic() + deadline
        while True:
            text = self.text()
            if condition(text):
                return text
            if time.monotonic() > end or not self._read(0.05) and not self.child.isalive():
                raise AssertionError(f"gave up waiting for {what}; the screen was:\n{text}")

    def wait_for(self, needle: str, deadline: float = DEADLINE) -> str:
        """Read until ``needle`` is on the screen."""
        return self.wait_until(lambda text: needle in text, repr(needle), deadline)

    def send(self, keys: str | bytes) -> None:
        """Type ``keys`` as a user would (text, or raw bytes for special keys)."""
        self.child.send(keys)

    def wait_exit(self, deadline: float = DEADLINE) -> int:
        """Read to the end and return the exit status."""
        end = time.monotonic() + deadline
        while self._read(0.05):
            if time.monotonic() > end:
                raise AssertionError(f"the app did not exit; the screen was:\n{self.text()}")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1

    def close(self) -> None:
        """Stop the app if a test failed half-way (only this child, by its own handle)."""
        if self.child.isalive():
            self.child.terminate(force=True)


# Keys as a terminal sends them.
ENTER = b"\r"
ESCAPE = b"\x1b"
TAB = b"\t"
DOWN = b"\x1b[B"
