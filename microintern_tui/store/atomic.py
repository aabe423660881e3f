"""Putting a new version of a file in place so that a crash leaves the old or the new one."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path

from .errors import SaveError

#: Windows refuses os.replace while a sync client or antivirus has the file open; such a
#: hold is usually brief, so try again a few times before giving up.
REPLACE_ATTEMPTS = 10
REPLACE_PAUSE = 0.1


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path, payload: bytes, *, before_replace: Callable[[], None] | None = None
) -> None:
    """Write ``payload`` to a temp file beside ``path``, fsync it, then ``os.replace`` it.

    Args:
        path: the file to replace.
        payload: its new bytes.
        before_replace: called once the new version is safely on disk, just before it
            replaces the old one (the store keeps a backup of the old one there: as late as
            possible, so it holds the version really replaced).

    Raises:
        SaveError: when the file could not be replaced; ``path`` is then unchanged.
    """
    folder = path.parent
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    # 0o666 less the umask, like any new file, so teammates on a share can read it.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            # Keep the permissions of the file being replaced.
            os.chmod(tmp, path.stat().st_mode & 0o777)
        if before_replace is not None:
            before_replace()
        _replace_with_retries(tmp, path)
        _fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _replace_with_retries(tmp: Path, path: Path) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            os.replace(tmp, path)
            return
        except PermissionError as exc:
            if attempt == REPLACE_ATTEMPTS - 1:
                raise SaveError(
                    f"could not replace {path}: {exc.strerror or exc} (another program, "
                    "such as a sync client or antivirus, is holding it); the change was "
                    "not applied. Try again in a moment."
                ) from None
            time.sleep(REPLACE_PAUSE * (attempt + 1))
        except OSError as exc:
            raise SaveError(
                f"could not replace {path}: {exc.strerror or exc}; the change was not applied."
            ) from None


#: A temp file this old is a writer's leftover (a crash between write and replace): no
#: save takes minutes, even of a large file on a slow share.
LEFTOVER_AGE = 600.0


def sweep_leftovers(path: Path, *, older_than: float = LEFTOVER_AGE) -> list[Path]:
    """Remove temp files that crashed writers left beside ``path``; returns what was removed.

    Only names this module and the lock owner record create (``.NAME.<pid>.<hex>.tmp``,
    ``.NAME.lock.owner.<pid>``) and only when older than ``older_than`` seconds, so a
    teammate's save in progress on another machine is never touched.
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
