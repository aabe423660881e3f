"""Files written safely: whole or not at all, never readable by others, links followed.

The one module that puts a new version of a file in place; the store (data file, backups,
copies, the outbox) and the exports all write through it, so every file microintern writes
gets the same guarantees:

- **Whole or not at all.** A temp file in the same folder (``.NAME.<pid>.<hex>.tmp``),
  written, flushed and fsynced, then ``os.replace`` over the target and the folder fsynced:
  a crash at any instant leaves the old version or the new one, never a torn file.
- **Private.** Student data is never readable by "other": a new file gets the mode it
  would get anyway (0o660 less the umask) without the other bits, and a file replaced keeps
  its owner and group bits but loses its other bits. A mode is never loosened.
- **The file named is the file changed.** A symlink is followed and its target replaced;
  the link itself stays a link. A folder is refused; a FIFO or a device is written through.

Every ``OSError`` becomes one line naming the path and what to do
(:func:`fault_message`), as an :class:`~microintern_tui.domain.errors.EnvironmentFault`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import time
from collections.abc import Callable
from pathlib import Path

from .domain.errors import EnvironmentFault, MicroInternError

#: Permission bits that microintern never leaves on a file it writes.
OTHER_BITS = 0o007
#: The mode a brand-new file is created with, before the umask (owner and group).
NEW_FILE_MODE = 0o660

#: Windows refuses os.replace while a sync client or antivirus has the file open; such a
#: hold is usually brief, so try again a few times before giving up.
REPLACE_ATTEMPTS = 10
REPLACE_PAUSE = 0.1

#: A temp file this old is a writer's leftover (a crash between write and replace): no
#: save takes minutes, even of a large file on a slow share.
LEFTOVER_AGE = 600.0


class WriteFault(EnvironmentFault):
    """A file could not be written or replaced; the old version (if any) is unchanged."""


class NotDurable(WriteFault):
    """The new version is in place, but the disk failed to confirm it would survive a crash.

    The replace happened (every reader sees the new version), so "nothing was changed"
    would be untrue, and a change made again would be made twice: callers that can, keep
    the write and warn (the store does); the message says what happened.
    """


class PathRefused(MicroInternError):
    """A path given by the user cannot be written as a file (a folder, say): exit status 2."""


def private_mode(mode: int) -> int:
    """``mode``'s permission bits without the bits for others (and no setuid/sticky)."""
    return stat.S_IMODE(mode) & 0o777 & ~OTHER_BITS


def derived_mode(source: Path) -> int | None:
    """The mode for a file derived from ``source`` (a backup, an export): its own, private.

    None when ``source`` does not exist (a new file then gets the default).
    """
    try:
        return private_mode(os.stat(source).st_mode)
    except OSError:
        return None


def resolve(path: Path) -> Path:
    """The file ``path`` names, every symlink followed (the target may not exist yet)."""
    return Path(os.path.realpath(path))


def temp_name(path: Path) -> Path:
    """A fresh temp file name beside ``path``, unique to this process and call."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def fault_message(exc: OSError, path: Path, doing: str) -> str:
    """One line for a failed file operation: what failed, where, and what to do.

    Args:
        exc: the error.
        path: the file (or folder) concerned.
        doing: what was being done, as a verb phrase (``write``, ``read``, ``lock``).
    """
    code = exc.errno
    folder = path.parent
    if code in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"could not {doing} {path}: the disk is full (no space left); nothing was "
            "changed. Free some space and try again."
        )
    if code == errno.EROFS:
        return (
            f"could not {doing} {path}: {folder} is on a read-only file system; nothing was "
            "changed. Use a folder you can write to."
        )
    if code in (errno.EACCES, errno.EPERM):
        return (
            f"could not {doing} {path}: permission denied; nothing was changed. Check the "
            f"permissions of {folder} and the file, or use a folder you can write to."
        )
    if code == errno.EISDIR:
        return f"could not {doing} {path}: it is a folder, not a file; nothing was changed."
    if code == errno.ENOTDIR:
        return (
            f"could not {doing} {path}: a part of that path is a file, not a folder; "
            "nothing was changed."
        )
    if code == errno.EIO:
        return (
            f"could not {doing} {path}: input/output error (a failing disk, or a share that "
            "went away); nothing was changed. Try again."
        )
    if code == errno.ENOENT:
        return f"could not {doing} {path}: the folder {folder} does not exist."
    return f"could not {doing} {path}: {exc.strerror or exc}; nothing was changed."


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_with_retries(tmp: Path, path: Path) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(tmp, path)
            return
        except PermissionError as exc:
            # Windows refuses while a sync client or antivirus holds the file for a moment.
            if attempt == REPLACE_ATTEMPTS - 1:
                raise WriteFault(
                    f"could not replace {path}: {exc.strerror or exc} (another program, such "
                    "as a sync client or antivirus, is holding it); the change was not "
                    "applied. Try again in a moment."
                ) from None
            time.sleep(REPLACE_PAUSE * (attempt + 1))


def atomic_write(
    path: Path,
    payload: bytes,
    *,
    mode: int | None = None,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Put ``payload`` in place of the regular file ``path``, whole or not at all.

    Args:
        path: the file to replace (or create). Not a symlink: callers that accept one
            :func:`resolve` it first, so the link is never replaced.
        payload: the new bytes.
        mode: the new file's permission bits (others' bits are dropped whatever is given);
            default: those of the file replaced, or 0o660 less the umask for a new file.
        before_replace: called once the new version is safely on disk, just before it
            replaces the old one (the store keeps a backup of the old one there: as late as
            possible, so it holds the version really replaced).

    Raises:
        NotDurable: the new version is in place, but the folder's fsync failed.
        WriteFault: the file could not be written; ``path`` is unchanged.
    """
    tmp = temp_name(path)
    try:
        # O_EXCL: never write through a link or file someone planted at the temp name.
        fd = os.open(
            tmp,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
            NEW_FILE_MODE,
        )
    except OSError as exc:
        raise WriteFault(fault_message(exc, path, "write")) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            if mode is None:
                mode = derived_mode(path)
            if mode is None:  # a new file: what the umask left of 0o660, without others
                mode = os.fstat(handle.fileno()).st_mode
            if os.name == "posix":
                os.fchmod(handle.fileno(), private_mode(mode))
        if before_replace is not None:
            before_replace()
        _replace_with_retries(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteFault(fault_message(exc, path, "write")) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    try:
        _fsync_dir(path.parent)
    except OSError as exc:
        raise NotDurable(
            f"wrote {path}, but the disk reported an error while making it durable "
            f"({exc.strerror or exc}): the new version is in place, but a crash now could "
            "lose it. Check the disk (a failing disk, or a share that went away)."
        ) from None


def write_file(path: Path, payload: bytes, *, mode: int | None = None) -> Path:
    """Write a file the user named (an export): atomically, through links, never a folder.

    - a missing file or a regular one is replaced atomically (:func:`atomic_write`);
    - a symlink is followed: its target is written the same way, the link stays;
    - a FIFO or a device (``/dev/stdout``, ``/dev/null``) is written through, as it is;
    - a folder is refused.

    Args:
        path: the file named.
        payload: the bytes.
        mode: as for :func:`atomic_write` (a derived file passes the data file's mode).

    Returns:
        The file really written (``path`` with its links followed).

    Raises:
        PathRefused: ``path`` is a folder, or empty (exit status 2).
        WriteFault: the file could not be written (exit status 1).
    """
    if not str(path):
        raise PathRefused("the output file name is empty; give a file name, e.g. -o hours.csv")
    target = resolve(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise WriteFault(fault_message(exc, path, "write")) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise PathRefused(f"{path} is a folder; give a file name inside it, e.g. {path}/out.csv")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(target, payload)
        return target
    atomic_write(target, payload, mode=mode)
    return target


def _write_through(target: Path, payload: bytes) -> None:
    """Write into a FIFO or a device as it is (never replacing it with a regular file)."""
    try:
        # Non-blocking open: a FIFO nobody reads would otherwise hang the command forever.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise WriteFault(f"could not write {target}: nothing is reading from it.") from None
        raise WriteFault(fault_message(exc, target, "write")) from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise WriteFault(fault_message(exc, target, "write")) from None
    finally:
        os.close(fd)


def tighten(path: Path) -> int | None:
    """Drop others' permission bits from an existing file; returns its old mode if it had any.

    Raises:
        OSError: when the mode could not be changed.
    """
    try:
        old = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None
    if not old & OTHER_BITS:
        return None
    os.chmod(path, private_mode(old))
    return old


def sweep_leftovers(path: Path, *, older_than: float = LEFTOVER_AGE) -> list[Path]:
    """Remove temp files that crashed writers left beside ``path``; returns what was removed.

    Only names :func:`temp_name` makes for ``path`` (and the lock owner record's temp), and
    only when older than ``older_than`` seconds, so a teammate's save in progress on
    another machine is never touched.
    """
    removed = []
    cutoff = time.time() - older_than
    patterns = (f".{path.name}.*.tmp", f".{path.name}.lock.owner.*")
    for pattern in patterns:
        for leftover in path.parent.glob(pattern):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
                    removed.append(leftover)
    return removed
