"""The lock beside the data file, and the record of who holds it.

Mutual exclusion comes from an OS lock (``filelock``) on ``<file>.lock``: the OS drops it
when its process dies, even by SIGKILL, so a crashed writer never blocks the others. Beside
it, ``<file>.lock.owner`` says who holds the lock (user, host, pid, since) so a waiting
supervisor is told whom to ask.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import filelock

from .errors import LockTimeoutError

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds (or last held) the lock."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """E.g. ``ann@laptop (pid 4242) since 10:42:07 UTC``."""
        try:
            when = dt.datetime.fromisoformat(self.since).strftime("%H:%M:%S UTC")
        except ValueError:
            when = self.since
        return f"{self.user}@{self.host} (pid {self.pid}) since {when}"


def lock_path(data_path: Path) -> Path:
    """The OS lock file beside the data file."""
    return data_path.with_name(data_path.name + ".lock")


def owner_path(data_path: Path) -> Path:
    """The record of the lock's holder beside the data file."""
    return data_path.with_name(data_path.name + ".lock.owner")


def read_holder(data_path: Path) -> Holder | None:
    """The recorded holder, or None when nobody is recorded or the record is unreadable."""
    try:
        raw = json.loads(owner_path(data_path).read_text(encoding="utf-8"))
        return Holder(str(raw["user"]), str(raw["host"]), int(raw["pid"]), str(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_holder(data_path: Path, user: str) -> None:
    holder = {
        "user": user,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    target = owner_path(data_path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    tmp.write_text(json.dumps(holder), encoding="utf-8")
    os.replace(tmp, target)


@contextlib.contextmanager
def hold(data_path: Path, user: str, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the data file's lock for the duration of the block.

    Raises:
        LockTimeoutError: naming the holder, when the lock is not free within ``timeout``.
    """
    lock = filelock.FileLock(str(lock_path(data_path)), timeout=timeout)
    try:
        lock.acquire()
    except filelock.Timeout:
        holder = read_holder(data_path)
        who = holder.describe() if holder else "another process"
        raise LockTimeoutError(
            f"{data_path} is locked by {who}; waited {timeout:g} s. "
            "Try again when they have finished."
        ) from None
    try:
        with contextlib.suppress(OSError):
            _write_holder(data_path, user)
        yield
    finally:
        with contextlib.suppress(OSError):
            owner_path(data_path).unlink()
        lock.release()
