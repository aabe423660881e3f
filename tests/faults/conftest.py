"""The fault suite's harness: a fresh copy of the team file per case, the real command in a
subprocess (faults injected at its OS calls, or a real full disk, read-only folder or
wrong clock), and the checks every fault must pass afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from microintern_tui.store import lock
from microintern_tui.store.store import Store

from .commands import COMMANDS, Command, make_team

INJECT = Path(__file__).with_name("inject")
TODAY = "2024-03-18"


@dataclass
class Case:
    """One command in a fresh copy of the team's folder.

    Attributes:
        folder: the folder holding the data file (its real path).
        db: the data file.
        command: what runs.
        context: what the command's ``prepare`` returned, for ``saved``.
    """

    folder: Path
    db: Path
    command: Command
    home: Path
    context: object = None
    before: bytes = b""
    #: The files the case started with (put there by the test), by inode and mode.
    untouched: dict[Path, tuple[int, int]] = field(default_factory=dict)
    runs: list[subprocess.CompletedProcess[str]] = field(default_factory=list)

    def run(
        self,
        *,
        fault: str = "",
        db: Path | None = None,
        prefix: Sequence[str] = (),
        args: Sequence[str] | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """The real command (this case's, or ``args``), with ``fault`` injected if given."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
        env.update(
            TZ="UTC",
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_CONFIG_HOME=str(self.home / "config"),
        )
        if fault:
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(INJECT), env.get("PYTHONPATH", "")) if p
            )
            env["MICROINTERN_TEST_FAULT"] = fault
            env["MICROINTERN_TEST_FAULT_ROOT"] = str(self.folder)
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "microintern_tui.cli", "--db", str(db or self.db),
             "--user", "sam", "--today", TODAY, *(self.command.args if args is None else args)],
            cwd=self.folder, env=env, capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        self.runs.append(result)
        return result

    def steps(self) -> list[str]:
        """The calls the command makes on the folder's files, in order (a traced run)."""
        trace = self.home / "trace"
        trace.unlink(missing_ok=True)
        result = self.run(fault=f"trace:{trace}")
        assert result.returncode == 0, result.stderr
        return trace.read_text(encoding="utf-8").splitlines()

    def saved(self) -> bool:
        """Whether the command's change is in the file."""
        return self.command.saved(self.db, self.context)

    def assert_sound(
        self,
        result: subprocess.CompletedProcess[str],
        *,
        what: str,
        lockable: bool = True,
        own_change: bool = True,
    ) -> None:
        """What must hold after any fault.

        The file parses and passes ``check``; a command that exited 0 saved its change
        (``own_change``: the result is this case's command); one that failed said so in
        one line with exit 1 or 2; nothing in the folder is readable by others; and the
        lock can be taken.
        """
        where = f"{what}: exit {result.returncode}, stderr {result.stderr!r}"
        json.loads(self.db.read_bytes())  # parses
        assert Store(self.db, "checker").check() == [], where
        if result.returncode == 0:
            assert self.saved() or not own_change, f"{where}: said it was saved; it is not"
        elif result.returncode != -9:  # not killed: it said why, in one line
            assert result.returncode in (1, 2), where
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("microintern: error: "), where
            assert "Traceback" not in result.stderr, where
        for path in self.folder.rglob("*"):
            st = os.lstat(path)
            mode = stat.S_IMODE(st.st_mode)
            if self.untouched.get(path) == (st.st_ino, mode) or stat.S_ISDIR(st.st_mode):
                continue  # as the test left it
            assert not mode & 0o007, f"{where}: {path.name} is {mode:04o}"
        holder = lock.read_holder(self.db)
        if lockable and (holder is None or holder.is_this_host()):
            # No lock is left that stops the next writer. (Another host's record is the
            # one unlock's case starts with: only unlock removes it.) The lock alone: a
            # transaction would merge what the command left to merge.
            with lock.hold(self.db, "next", timeout=5):
                pass


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's folder every case copies (made once: several saves, so backups)."""
    old = os.umask(0o022)
    try:
        folder = tmp_path_factory.mktemp("template")
        make_team(folder / "team.json")
    finally:
        os.umask(old)
    return folder


@pytest.fixture
def new_case(template: Path, tmp_path: Path) -> Iterator[object]:
    """``new_case(name, root=None)``: a fresh copy of the team's folder for command ``name``."""
    count = 0

    def make(name: str, root: Path | None = None) -> Case:
        nonlocal count
        count += 1
        folder = (root or tmp_path) / f"case-{count}"
        shutil.copytree(template, folder, symlinks=True)
        folder = Path(os.path.realpath(folder))
        home = tmp_path / f"home-{count}"
        home.mkdir()
        case = Case(folder, folder / "team.json", COMMANDS[name], home)
        case.context = case.command.prepare(case.db)
        case.before = case.db.read_bytes()
        for path in folder.rglob("*"):
            st = os.lstat(path)
            case.untouched[path] = (st.st_ino, stat.S_IMODE(st.st_mode))
        return case

    yield make


def require_root_mounts() -> None:
    """Skip (fail under CI) where this process cannot mount (not root, or no privilege)."""
    why = None
    if os.geteuid() != 0:
        why = "mounting a tmpfs or a read-only bind needs root"
    elif shutil.which("mount") is None:
        why = "mount is not installed"
    if why is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


def mount(*args: str) -> None:
    """Run ``mount ARGS`` (skip, or fail under CI, when it is not allowed here)."""
    require_root_mounts()
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        why = f"mount {' '.join(args)}: {done.stderr.strip()}"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


def umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], check=True, capture_output=True)


def in_parallel(check: Callable[..., None], cases: Sequence[tuple[object, ...]]) -> None:
    """Run ``check(*args)`` for each, a few at a time (each runs its own subprocesses)."""
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        for future in [pool.submit(check, *args) for args in cases]:
            future.result()  # re-raises the first failure
