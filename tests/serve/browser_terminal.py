"""The app as a browser shows it: the websocket's bytes fed to pyte, keys typed in the page.

The terminal is drawn on a canvas, so its text is not in the page. What the app sends over
the websocket is terminal output, so pyte (as in the real-terminal tests) turns it into
the screen a supervisor sees; the size is the one the page asked for (the websocket's URL,
then each "resize" message it sends).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: Debian's Chromium, headless, with nothing that reaches the network on its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEADLINE = 60.0


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists():
        return f"no browser: {CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no browser driver: playwright is not installed (pip install -e '.[test]')"
    return None


def require_browser() -> None:
    """Skip, saying why, without a browser; under CI=true a missing browser is a failure."""
    reason = missing_browser()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs chromium)")
    pytest.skip(reason)


@contextmanager
def chromium_page(profile: Path, width: int = 1000, height: int = 640) -> Iterator[Any]:
    """A page in a fresh headless Chromium (its own profile folder), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


class BrowserTerminal:
    """What the app in ``page`` shows, read from its websocket; keys typed into the page.

    Args:
        page: a Playwright page, before it opens the app's page.
    """

    def __init__(self, page: Any) -> None:
        self.page = page
        self.screen: pyte.Screen | None = None
        self.stream: pyte.ByteStream | None = None
        self.sockets = 0
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, ws: Any) -> None:
        self.sockets += 1
        query = parse_qs(urlsplit(ws.url).query)
        self.screen = pyte.Screen(int(query["width"][0]), int(query["height"][0]))
        self.stream = pyte.ByteStream(self.screen)
        ws.on("framereceived", self._on_received)
        ws.on("framesent", self._on_sent)

    def _on_received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes) and self.stream is not None:
            self.stream.feed(payload)

    def _on_sent(self, payload: bytes | str) -> None:
        if not isinstance(payload, str) or self.screen is None:
            return
        message = json.loads(payload)
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    @property
    def size(self) -> tuple[int, int]:
        """(columns, lines) of the app's terminal."""
        assert self.screen is not None, "the page opened no websocket"
        return self.screen.columns, self.screen.lines

    def text(self) -> str:
        """The screen, one line per row."""
        return "\n".join(self.screen.display) if self.screen is not None else ""

    def wait_until(self, condition: Callable[[str], bool], what: str) -> str:
        """The screen once ``condition(screen)`` holds; fails after the deadline."""
        end = time.monotonic() + DEADLINE
        while True:
            screen = self.text()
            if condition(screen):
                return screen
            if time.monotonic() > end:
                raise AssertionError(f"timed out waiting for {what}; the screen:\n{screen}")
            # Playwright hands over websocket frames while the page is waited on.
            self.page.wait_for_timeout(50)

    def wait_for(self, text: str) -> str:
        """The screen once it shows ``text``."""
        return self.wait_until(lambda s: text in s, repr(text))

    def press(self, *keys: str) -> None:
        """Press keys as a supervisor would (Playwright names: "Enter", "Control+p")."""
        for key in keys:
            self.page.keyboard.press(key)

    def type(self, text: str) -> None:
        """Type text."""
        self.page.keyboard.type(text)
