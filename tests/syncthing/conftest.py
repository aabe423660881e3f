"""Two real Syncthing instances on loopback, shared by the tests of this folder.

Without the ``syncthing`` program the tests skip, saying why; under CI (``CI=true``), where
``.ci/run`` installs Debian's package, a missing program is a failure instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from syncthing_driver import Instance, foreign_sockets, syncthing_binary, wait_connected

#: The folders shared between the two instances: id -> Syncthing's maxConflicts for it.
FOLDERS = {"team-10": 10, "team-0": 0}


@dataclass
class Pair:
    """Two connected Syncthing instances sharing every folder of :data:`FOLDERS`."""

    a: Instance
    b: Instance

    def foreign_sockets(self) -> list[str]:
        """Sockets either instance holds beyond 127.0.0.1 (none, ever)."""
        found = []
        for instance in (self.a, self.b):
            assert instance.process is not None
            found += [f"{instance.name}: {s}" for s in foreign_sockets(instance.process.pid)]
        return found


@pytest.fixture(scope="session")
def syncthing() -> str:
    """The ``syncthing`` program (skips without it, fails under CI)."""
    binary = syncthing_binary()
    if binary is None:
        reason = "syncthing is not installed (apt-get install syncthing; .ci/run installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="module")
def pair(syncthing: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """Two Syncthing instances, connected on loopback, each with its own copy of every folder."""
    root = tmp_path_factory.mktemp("syncthing")
    a = Instance.generate(syncthing, "a", root / "home-a")
    b = Instance.generate(syncthing, "b", root / "home-b")
    a.configure(b, {f: (root / "a" / f, n) for f, n in FOLDERS.items()})
    b.configure(a, {f: (root / "b" / f, n) for f, n in FOLDERS.items()})
    try:
        a.start(syncthing)
        b.start(syncthing)
        wait_connected(a, b)
        yield Pair(a, b)
    finally:
        # Stopped whatever happened above, failures included: no process outlives the tests.
        a.stop()
        b.stop()
