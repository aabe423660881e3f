"""Fixtures for the real-terminal tests: the installed console script and a pty to run it in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from real_terminal import Terminal, installed_microintern


@pytest.fixture
def microintern() -> Path:
    """The installed console script (the test is skipped, saying why, when there is none)."""
    program = installed_microintern()
    if program is None:
        pytest.skip("the microintern console script is not installed (pip install -e .[test])")
    return program


@pytest.fixture
def terminal(microintern: Path, tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    """Start the installed app in an 80×24 pty: ``terminal("--db", path, ...)``."""
    started: list[Terminal] = []

    def start(*args: str | Path) -> Terminal:
        term = Terminal(microintern, [str(a) for a in args], tmp_path)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()
