"""Fixtures for ``microintern serve``: the real command in a subprocess, a users file, a port.

Every server a test starts is stopped (SIGTERM, then waited for) when the test ends, and
the test fails if it left an app process behind.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TODAY = "2024-03-18"  # Monday of week 3 of Spring 2024 (the demo's cohort is in week 4)
SUPERVISOR = "Sam Supervisor"
#: Long enough for a cold start of Python, aiohttp and Textual on a slow CI machine.
DEADLINE = 60.0
COMMAND = [sys.executable, "-m", "microintern_tui.cli"]


def wait_for(condition: Callable[[], object], what: str, deadline: float = DEADLINE) -> object:
    """``condition()``'s first true value, polled until ``deadline`` seconds have passed."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def children(pid: int) -> list[int]:
    """The ids of the processes whose parent is ``pid`` (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # ended meanwhile
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def serve_env(tmp_path: Path) -> dict[str, str]:
    """An environment with temp home and data folders, no MICROINTERN_ variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MICROINTERN_", "TEXTUAL"))}
    home = tmp_path / "home"
    home.mkdir()
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_STATE_HOME=str(tmp_path / "xdg-state"),
        PYTHONIOENCODING="utf-8",
    )
    return env


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(serve_env: dict[str, str], tmp_path: Path) -> Run:
    """``cli("serve-user", "add", ...)`` runs the real ``microintern`` and waits for it."""

    def run(
        *args: str | Path, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*COMMAND, *map(str, args)],
            env=env or serve_env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    return run


@pytest.fixture
def demo_db(cli: Run, tmp_path: Path) -> Path:
    """The demo data file (a cohort in its fourth week, fourteen of the interns Sam's)."""
    db = tmp_path / "team.json"
    result = cli("--db", db, "--user", SUPERVISOR, "--today", TODAY, "demo", "--create-only")
    assert result.returncode == 0, result.stderr
    return db


@dataclass
class UsersFile:
    """A users file and the tokens ``serve-user add`` printed for it."""

    path: Path
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def users(cli: Run, tmp_path: Path) -> UsersFile:
    """A users file with Sam Supervisor (the demo's supervisor) and Ann Other."""
    made = UsersFile(tmp_path / "users.json")
    for name in (SUPERVISOR, "Ann Other"):
        result = cli("serve-user", "add", name, "--users", made.path)
        assert result.returncode == 0, result.stderr
        made.tokens[name] = result.stdout.strip()
    return made


@dataclass
class Server:
    """A running ``microintern serve``."""

    process: subprocess.Popen[str]
    port: int
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def apps(self) -> list[int]:
        """The app processes it runs now (its child processes)."""
        return children(self.process.pid)

    def stop(self) -> tuple[int, str, str]:
        """Stop it as ctrl+c would; its exit status, standard output and error."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err


StartServer = Callable[..., Server]


@pytest.fixture
def start_server(serve_env: dict[str, str], tmp_path: Path) -> Iterator[StartServer]:
    """``start_server(db, users_path, *more_args)``: serve, once it accepts connections."""
    started: list[Server] = []

    def start(db: Path, users_path: Path, *more: str, host: str = "127.0.0.1") -> Server:
        port = free_port()
        process = subprocess.Popen(
            [
                *COMMAND,
                "--db",
                str(db),
                "--today",
                TODAY,
                "serve",
                "--users",
                str(users_path),
                "--host",
                host,
                "--port",
                str(port),
                *more,
            ],
            env=serve_env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        server = Server(process, port)
        started.append(server)
        wait_for(lambda: listening(port) or process.poll() is not None, "serve to listen")
        assert process.poll() is None, server.stop()
        return server

    yield start
    for server in started:
        apps = server.apps()
        server.stop()
        wait_for(lambda: not any(map(alive, apps)), "serve's app processes to end")  # noqa: B023


def alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (an ended one not yet reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
