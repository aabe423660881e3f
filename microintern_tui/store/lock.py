"""The lock beside the data file, and the record of who holds it.

Two things guard a change, and they answer different questions:

- **The OS lock** (``filelock.FileLock`` on ``<file>.lock``) is the mutual exclusion. The
  kernel drops it when its process dies, even by SIGKILL, so a crashed writer on this host
  never blocks the others. It also works across machines on shares whose server honours
  locks (SMB, NFS with a lock manager), but **not** through sync clients (Dropbox, OneDrive,
  Google Drive, Syncthing): each machine then locks its own copy.
- **The owner record** (``<file>.lock.owner``: user, host, pid, since) is written once the OS
  lock is held and removed on release. It names whom to ask when the lock is busy, and it is
  the only sign of a writer on another machine that a sync client carries across (late, but
  it does).

How they interact, once this process holds the OS lock:

- a record from **this host** is stale whatever its pid: its writer no longer holds the OS
  lock, so it finished or died (a killed process leaves its record). It is taken over.
- a record from **another host** may be a live writer whose OS lock we cannot see. We wait
  for it to go, up to the timeout, then fail naming it ("locked by ann@laptop since 10:42").
  It is never broken automatically: a user may break one older than ``BREAK_AFTER`` with
  ``microintern unlock`` (see :func:`break_lock`).

filelock's soft locks and leases were considered and not used: they rely on exclusive
creation of a marker file being visible to every peer at once, which sync clients do not
give, so they would add a second, weaker mutex without making the cross-machine case safe.
Two machines that write within the sync delay end up with a conflicted copy, which the
merge (``store.merge``) folds back in without losing anything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .. import fsio
from ..domain.errors import EnvironmentFault, MicroInternError
from .errors import LockTimeoutError

DEFAULT_TIMEOUT = 10.0
#: A record from another host at least this old may be broken by a user (``unlock``).
BREAK_AFTER = dt.timedelta(minutes=5)
#: How often a waiting writer looks again at another host's owner record.
POLL_INTERVAL = 0.1


def this_host() -> str:
    """The name this machine records in owner records."""
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this host (True when it cannot be told)."""
    if pid <= 0:
        return False
    if os.name != "posix":
        # os.kill on Windows terminates the process for any signal but CTRL events, so it
        # cannot be used to probe; say "alive", the careful answer.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except OSError:
        return True
    return True


class HolderState(StrEnum):
    """What an owner record means for a process that wants the lock."""

    LOCAL_RUNNING = "local-running"  # this host, its pid still runs
    LOCAL_DEAD = "local-dead"  # this host, its pid is gone: stale
    REMOTE_RECENT = "remote-recent"  # another host, younger than BREAK_AFTER
    REMOTE_OLD = "remote-old"  # another host, at least BREAK_AFTER old: may be broken


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds (or last held) the lock."""

    user: str
    host: str
    pid: int
    since: str

    def since_time(self) -> dt.datetime | None:
        """When the lock was taken (aware, UTC), or None when the record's time is unreadable."""
        try:
            when = dt.datetime.fromisoformat(self.since)
        except ValueError:
            return None
        return when if when.tzinfo else when.replace(tzinfo=dt.UTC)

    def age(self, now: dt.datetime) -> dt.timedelta | None:
        """How long the lock has been held at ``now`` (aware), or None when unknown."""
        since = self.since_time()
        return None if since is None else now - since

    def is_this_host(self) -> bool:
        """Whether the record was written on this machine."""
        return self.host == this_host()

    def state(self, now: dt.datetime) -> HolderState:
        """What the record means at ``now`` (aware) for a process on this host."""
        if self.is_this_host():
            return HolderState.LOCAL_RUNNING if pid_alive(self.pid) else HolderState.LOCAL_DEAD
        age = self.age(now)
        # A record with an unreadable time, or a time in the future (a clock running ahead),
        # has an unknown age: as good as old, breakable once a user confirms. Otherwise a
        # machine whose clock is a year ahead would wedge the team for a year.
        if age is None or age < dt.timedelta(0) or age >= BREAK_AFTER:
            return HolderState.REMOTE_OLD
        return HolderState.REMOTE_RECENT

    def describe(self) -> str:
        """E.g. ``ann@laptop (pid 4242) since 10:42 UTC``."""
        since = self.since_time()
        now = dt.datetime.now(dt.UTC)
        when = since.strftime("%H:%M UTC") if since else repr(self.since[:32])
        if since and since.date() != now.date():
            when = since.strftime("%Y-%m-%d %H:%M UTC")
        if since and since > now + dt.timedelta(minutes=1):
            when += " (in the future: that machine's clock is wrong)"
        return f"{self.user}@{self.host} (pid {self.pid}) since {when}"


def lock_path(data_path: Path) -> Path:
    """The OS lock file beside the data file."""
    return data_path.with_name(data_path.name + ".lock")


def owner_path(data_path: Path) -> Path:
    """The record of the lock's holder beside the data file."""
    return data_path.with_name(data_path.name + ".lock.owner")


#: An owner record is a few dozen bytes; anything much larger is not one.
MAX_RECORD_BYTES = 4096
_MAX_PID = 1 << 31


def _field(raw: dict[str, object], name: str, limit: int) -> str:
    value = raw[name]
    if not isinstance(value, str) or not 0 < len(value) <= limit or not value.isprintable():
        raise ValueError(name)
    return value


def read_holder(data_path: Path) -> Holder | None:
    """The recorded holder, or None when nobody is recorded or the record is unreadable.

    Read defensively: the record comes from whatever machine synced it. Anything over
    :data:`MAX_RECORD_BYTES`, not an object of the expected fields, or with a pid no system
    gives, is no record (a save then takes the lock over as from a crashed writer).
    """
    data_path = fsio.resolve(data_path)  # the lock is beside the file a link names
    try:
        with open(owner_path(data_path), "rb") as handle:
            raw_bytes = handle.read(MAX_RECORD_BYTES + 1)
        if len(raw_bytes) > MAX_RECORD_BYTES:
            return None
        raw = json.loads(raw_bytes.decode("utf-8"))
        if not isinstance(raw, dict):
            return None
        pid = raw["pid"]
        if isinstance(pid, bool) or not isinstance(pid, int) or not 0 < pid < _MAX_PID:
            return None
        return Holder(
            _field(raw, "user", 200), _field(raw, "host", 255), pid, _field(raw, "since", 64)
        )
    except (OSError, ValueError, KeyError, TypeError, RecursionError, UnicodeDecodeError):
        return None


def _write_holder(data_path: Path, user: str) -> Holder:
    holder = Holder(
        user=user[:200] or "unknown",
        host=this_host()[:255],
        pid=os.getpid(),
        since=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    record = {"user": holder.user, "host": holder.host, "pid": holder.pid, "since": holder.since}
    try:
        fsio.atomic_write(owner_path(data_path), json.dumps(record).encode("utf-8"))
    except fsio.NotDurable:
        pass  # in place: it is ours to remove on release
    except fsio.WriteFault as exc:
        raise OSError(str(exc)) from None
    return holder


def _busy(data_path: Path, holder: Holder | None, timeout: float) -> LockTimeoutError:
    who = holder.describe() if holder else "another process"
    advice = "Try again when they have finished."
    if holder and holder.state(dt.datetime.now(dt.UTC)) is HolderState.REMOTE_OLD:
        advice = (
            f"If {holder.user} is not using microintern on {holder.host} (a crash, or a "
            "machine switched off), run `microintern unlock` to break the lock."
        )
    return LockTimeoutError(f"{data_path.name} is locked by {who}; waited {timeout:g} s. {advice}")


def _wait_out_remote_holder(data_path: Path, deadline: float, timeout: float) -> None:
    """Return once no other host's record is in the way; raise at the deadline."""
    while True:
        holder = read_holder(data_path)
        # Records from this host are stale once we hold the OS lock (see the module doc).
        if holder is None or holder.is_this_host():
            return
        if time.monotonic() >= deadline:
            raise _busy(data_path, holder, timeout)
        time.sleep(POLL_INTERVAL)


@contextlib.contextmanager
def hold(data_path: Path, user: str, timeout: float = DEFAULT_TIMEOUT) -> Iterator[None]:
    """Hold the data file's lock for the duration of the block.

    Takes the OS lock, then waits (within the same ``timeout``) for another host's owner
    record to go; a record from this host is taken over (see the module doc).

    Raises:
        LockTimeoutError: naming the holder, when the lock is not free within ``timeout``.
    """
    deadline = time.monotonic() + timeout
    # Imported at first use: filelock costs ~15 ms at start, before the app's first frame.
    import filelock

    lock = filelock.FileLock(str(lock_path(data_path)), timeout=timeout, mode=fsio.NEW_FILE_MODE)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise _busy(data_path, read_holder(data_path), timeout) from None
    except OSError as exc:
        raise LockFault(fsio.fault_message(exc, lock_path(data_path), "lock")) from None
    mine: Holder | None = None
    try:
        _wait_out_remote_holder(data_path, deadline, timeout)
        with contextlib.suppress(OSError):
            mine = _write_holder(data_path, user)
        yield
    finally:
        # Remove the record only if it is still ours: on a synced folder another host's
        # record may have arrived meanwhile, and it is theirs to remove.
        if mine is not None and read_holder(data_path) == mine:
            with contextlib.suppress(OSError):
                owner_path(data_path).unlink()
        lock.release()


class LockFault(EnvironmentFault):
    """The lock file cannot be made or taken (a read-only folder, a folder in its place)."""


class UnlockRefused(MicroInternError):
    """``break_lock`` would not break the lock; the message says why and what to do."""


def break_lock(data_path: Path, *, timeout: float = 1.0) -> Holder | None:
    """Remove a stale owner record, holding the OS lock so no local writer is cut short.

    Local records of dead processes and other hosts' records at least ``BREAK_AFTER`` old are
    removed (the caller asks the user first for the latter); anything else is refused.

    Returns:
        The holder whose record was removed, or None when there was no record.

    Raises:
        UnlockRefused: when a process on this host holds the lock, or another host's record
            is too recent to be judged abandoned.
    """
    # Imported at first use: filelock costs ~15 ms at start, before the app's first frame.
    import filelock

    data_path = fsio.resolve(data_path)  # the lock is beside the file a link names
    lock = filelock.FileLock(str(lock_path(data_path)), timeout=timeout, mode=fsio.NEW_FILE_MODE)
    try:
        lock.acquire()
    except filelock.Timeout:  # an OSError too: caught first
        holder = read_holder(data_path)
        who = holder.describe() if holder else "a running process"
        raise UnlockRefused(
            f"{data_path.name} is being written by {who} on this machine; it is not stale. "
            "Wait for it to finish."
        ) from None
    except OSError as exc:
        raise LockFault(fsio.fault_message(exc, lock_path(data_path), "lock")) from None
    try:
        holder = read_holder(data_path)
        if holder is None:
            return None
        now = dt.datetime.now(dt.UTC)
        if holder.state(now) is HolderState.REMOTE_RECENT:
            age = holder.age(now) or dt.timedelta()
            wait = BREAK_AFTER - age
            raise UnlockRefused(
                f"{data_path.name} was locked by {holder.describe()}, "
                f"{int(age.total_seconds())} s ago; it may still be in use. Ask "
                f"{holder.user}, or try again in {int(wait.total_seconds()) + 1} s."
            )
        # LOCAL_RUNNING cannot hold the OS lock now that we do: its record is left over
        # (pid reuse, or a removal that failed), so it is stale too.
        with contextlib.suppress(FileNotFoundError):
            owner_path(data_path).unlink()
        return holder
    finally:
        lock.release()
