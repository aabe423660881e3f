"""The app in a real terminal: first frame, filter keystroke, sort, peak memory.

Method: the installed ``microintern`` runs in an 80×24 pseudo-terminal (``pexpect``), and
``pyte`` keeps the screen a user would see. A time is taken from the moment of spawning
(or of sending a key) to the moment the bytes that put the expected text on that screen
are read from the terminal, so it includes Python's start, imports, Textual's driver and
the bytes reaching the terminal, the same for microintern and for the baseline. It leaves
out pyte's own parsing of those bytes (pure Python, 20–50 ms for a full redraw; a real
terminal takes a fraction of that) and pexpect's default 50 ms sleep before each send
(turned off). No instrumentation inside the app.

* **first frame**: spawn → the home screen is on the terminal (its filter box, shown at
  once with a loading table), and spawn → the supervisor's rows are shown (the summary
  line "N interns · ..."), with the file of 5,000 interns + 200,000 entries and the
  supervisor's own ~40 interns ("mine", the default); against a Textual hello-world
  (an App with one Static) started the same way in the same run.
* **filter keystroke → frame** at 5,000 interns, "all" mode: with ``499`` typed, the
  key ``9`` narrows the list to one intern (email ``….4999@…``); the time runs until the
  summary says ``1 intern``. The home screen filters at each keystroke and debounces
  (``FILTER_DELAY``) only while filtering is slow (``FILTER_BUDGET``); a debounce would
  be included in this time, as a user would feel it.
* **sort**: ``h`` (by hours) until the title says ``sorted by hours``, ``n`` back.
* **peak RSS of the app**: ``VmHWM`` of the app process after all of the above.

Needs the test extras (``pip install -e '.[test]'``: pexpect, pyte).

    python benchmarks/bench_app.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte
from common import Row, Table, data_file, fmt_mb, fmt_ms, microintern_argv, size_label
from generate import BENCH_TODAY, BENCH_USER

COLUMNS, LINES = 80, 24
DEADLINE = 120.0
FIRST_FRAME_TARGET = 1.5
KEY_TARGET_MS = 50.0
SORT_TARGET_MS = 100.0
RSS_TARGET = 4.0

HELLO = """
from textual.app import App
from textual.widgets import Static

class Hello(App):
    def compose(self):
        yield Static("Hello, benchmark")

Hello().run()
"""
HOME_MARK = "filter by name"
ROWS_MARK = re.compile(r"\d+ interns? ·")


class Pty:
    """One program in an 80×24 pty, with the screen as a user sees it."""

    def __init__(self, argv: list[str]) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "MICROINTERN"))}
        env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES), LANG="C.UTF-8")
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.child = pexpect.spawn(
            argv[0], argv[1:], env=env, dimensions=(LINES, COLUMNS), encoding=None
        )
        # pexpect sleeps 50 ms before every send by default, inside the timed span.
        self.child.delaybeforesend = None

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait(self, condition: Callable[[str], bool], what: str) -> float:
        """Read until ``condition(screen)``; the perf_counter time it first held.

        That is the moment the bytes that made it hold were read from the terminal, before
        pyte (a terminal emulator in pure Python, far slower than a real one) parsed them.
        """
        end = time.monotonic() + DEADLINE
        arrived = time.perf_counter()
        while not condition(self.text()):
            if time.monotonic() > end:
                raise RuntimeError(f"gave up waiting for {what}; the screen was:\n{self.text()}")
            try:
                data = self.child.read_nonblocking(1 << 16, timeout=0.5)
            except pexpect.TIMEOUT:
                continue
            arrived = time.perf_counter()
            # A frame comes through the pty in chunks of a few KB: take all that is there
            # before parsing, so pyte's parsing of one chunk does not delay the next.
            while True:
                try:
                    data += self.child.read_nonblocking(1 << 16, timeout=0)
                except pexpect.TIMEOUT:
                    break
                arrived = time.perf_counter()
            self.stream.feed(data)
        return arrived

    def key(self, keys: str, condition: Callable[[str], bool], what: str) -> float:
        """Seconds from sending ``keys`` to ``condition`` holding on the screen."""
        sent = time.perf_counter()
        self.child.send(keys)
        return self.wait(condition, what) - sent

    def peak_rss(self) -> int:
        """The process's peak resident memory (VmHWM), in bytes."""
        for line in Path(f"/proc/{self.child.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def close(self) -> None:
        # Only this child, by its own handle.
        if self.child.isalive():
            self.child.terminate(force=True)


def _app_argv(path: Path) -> list[str]:
    return [
        *microintern_argv(),
        "--db", str(path), "--user", BENCH_USER, "--today", BENCH_TODAY.isoformat(),
    ]  # fmt: skip


def first_frames(path: Path, rounds: int) -> dict[str, list[float]]:
    """Spawn → hello-world frame; spawn → home frame; spawn → rows; alternating."""
    out: dict[str, list[float]] = {"hello": [], "home": [], "rows": []}
    for _ in range(rounds):
        hello = Pty([sys.executable, "-c", HELLO])
        try:
            out["hello"].append(
                hello.wait(lambda t: "Hello, benchmark" in t, "hello") - hello.started
            )
        finally:
            hello.close()
        app = Pty(_app_argv(path))
        try:
            out["home"].append(app.wait(lambda t: HOME_MARK in t, "home") - app.started)
            out["rows"].append(app.wait(lambda t: bool(ROWS_MARK.search(t)), "rows") - app.started)
        finally:
            app.close()
    return out


def interactions(path: Path, interns: int, rounds: int) -> tuple[dict[str, list[float]], int]:
    """Filter keystroke and sort times in "all" mode, and the app's peak RSS."""
    out: dict[str, list[float]] = {"filter": [], "sort": []}
    app = Pty(_app_argv(path))
    try:
        app.wait(lambda t: bool(ROWS_MARK.search(t)), "rows")
        app.key("a", lambda t: "All interns" in t, "all interns")
        for n in range(rounds):
            # Intern numbers 4999, 4888, ... (in their emails): each matches one intern only.
            number = str(interns - 1 - 111 * n)
            app.key("/", lambda t: True, "filter focus")
            app.child.send(number[:-1])
            app.wait(lambda t, p=number[:-1]: f"filter: {p}" in t, "prefix filtered")
            out["filter"].append(
                app.key(number[-1], lambda t: "1 intern ·" in t, f"filter {number}")
            )
            app.key("\x1b", lambda t: "filter:" not in t, "filter cleared")
            out["sort"].append(app.key("h", lambda t: "sorted by hours" in t, "sort by hours"))
            out["sort"].append(app.key("n", lambda t: "sorted by name" in t, "sort by name"))
        rss = app.peak_rss()
    finally:
        app.close()
    return out, rss


def measure(interns: int, folder: Path, table: Table, *, interactive: bool) -> None:
    """Add the app rows for one size to ``table``."""
    path = data_file(folder, interns)
    rounds = 5
    frames = first_frames(path, rounds)
    ms = {k: statistics.median(v) * 1000 for k, v in frames.items()}
    size = size_label(interns)
    hello = f"{fmt_ms(ms['hello'])} Textual hello-world"
    target = FIRST_FRAME_TARGET if interns == 5000 else None
    table.add(
        Row(
            "app start → first frame of home",
            size,
            fmt_ms(ms["home"]),
            hello,
            ms["home"] / ms["hello"],
            target,
            notes="loading state",
        )
    )
    table.add(
        Row(
            "app start → the supervisor's rows shown",
            size,
            fmt_ms(ms["rows"]),
            hello,
            ms["rows"] / ms["hello"],
            target,
        )
    )
    if not interactive:
        return
    times, rss = interactions(path, interns, rounds)
    # The targets are set for 5,000 interns; other sizes are shown without one.
    at_target = interns == 5000
    filter_ms = statistics.median(times["filter"]) * 1000
    sort_ms = statistics.median(times["sort"]) * 1000
    table.add(
        Row(
            "filter keystroke → frame, all interns",
            size,
            fmt_ms(filter_ms),
            f"target {KEY_TARGET_MS:g} ms",
            filter_ms / KEY_TARGET_MS,
            1.0 if at_target else None,
            notes="median; includes any debounce of the filter box",
        )
    )
    table.add(
        Row(
            "sort (h / n) → frame, all interns",
            size,
            fmt_ms(sort_ms),
            f"target {SORT_TARGET_MS:g} ms",
            sort_ms / SORT_TARGET_MS,
            1.0 if at_target else None,
            notes="median",
        )
    )
    file_size = path.stat().st_size
    table.add(
        Row(
            "peak RSS of the app",
            size,
            fmt_mb(rss),
            f"file {fmt_mb(file_size)}",
            rss / file_size,
            RSS_TARGET if at_target else None,
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The app in a real terminal.")
    parser.add_argument("--quick", action="store_true", help="1,000 interns instead of 5,000")
    parser.add_argument("--data", type=Path, help="folder for the generated files")
    args = parser.parse_args(argv)
    table = Table()
    with tempfile.TemporaryDirectory(prefix="microintern-bench-") as tmp:
        folder = args.data or Path(tmp)
        measure(1000 if args.quick else 5000, folder, table, interactive=True)
    print(table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
