"""Test-only fault injection at the OS calls of a real ``microintern`` process.

Put on ``PYTHONPATH`` by the fault suite (never installed): Python imports it at start up.
Without ``MICROINTERN_TEST_FAULT`` in the environment it does nothing at all.

It wraps the calls that change files, and ``fcntl.flock`` (the lock): ``os.open`` for
writing, a write through ``os.fdopen``, ``os.fsync``, ``os.fchmod``/``os.chmod``,
``os.link``, ``os.replace``/``os.rename``, ``os.unlink``, ``os.mkdir``. Only calls on
paths under ``MICROINTERN_TEST_FAULT_ROOT`` count (file descriptors are looked up in
``/proc/self/fd``), so imports and the user's own folders are left alone.

``MICROINTERN_TEST_FAULT`` is one of:

- ``trace:FILE``: append one line per call to FILE (``fsync <path>``), to list the steps;
- ``kill:N``: SIGKILL this process just before the Nth call (``kill:0`` after the last:
  at exit, before anything else happens);
- ``eio:fsync:N``: the Nth ``os.fsync`` raises ``OSError(EIO)`` (a failing disk).
"""

from __future__ import annotations

import atexit
import errno
import fcntl
import os
import signal
import sys

_SPEC = os.environ.get("MICROINTERN_TEST_FAULT", "")
_ROOT = os.environ.get("MICROINTERN_TEST_FAULT_ROOT", "")
_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_calls = 0
_fsyncs = 0


def _path_of(target: object) -> str:
    if isinstance(target, int):
        try:
            return os.readlink(f"/proc/self/fd/{target}")
        except OSError:
            return ""
    try:
        return os.path.abspath(os.fsdecode(target))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""


def _ours(path: str) -> bool:
    return bool(_ROOT) and (path == _ROOT or path.startswith(_ROOT + os.sep))


def _kill() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _step(name: str, target: object) -> None:
    """Count one call on our files; trace it, kill before it, or fail it."""
    global _calls, _fsyncs
    path = _path_of(target)
    if not _ours(path):
        return
    _calls += 1
    kind, _, arg = _SPEC.partition(":")
    if kind == "trace":
        with open(arg, "a", encoding="utf-8") as trace:
            trace.write(f"{name} {os.path.relpath(path, _ROOT)}\n")
    elif kind == "kill" and int(arg) == _calls:
        _kill()
    elif kind == "eio" and name == "fsync":
        _fsyncs += 1
        if int(arg.partition(":")[2]) == _fsyncs:
            raise OSError(errno.EIO, "Input/output error (injected)")


def _wrap(module: object, name: str, first_arg: int = 0, when: object = None) -> None:
    real = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        if when is None or when(*args):  # type: ignore[operator]
            _step(name, args[first_arg] if len(args) > first_arg else kwargs.get("path"))
        return real(*args, **kwargs)

    wrapper.__name__ = name
    wrapper.__wrapped__ = real  # type: ignore[attr-defined]
    setattr(module, name, wrapper)


class _Counted:
    """A file object from os.fdopen whose writes are steps too."""

    def __init__(self, handle: object, fd: int) -> None:
        self._handle = handle
        self._fd = fd

    def write(self, data: object) -> object:
        _step("write", self._fd)
        return self._handle.write(data)  # type: ignore[attr-defined]

    def __enter__(self) -> _Counted:
        self._handle.__enter__()  # type: ignore[attr-defined]
        return self

    def __exit__(self, *exc: object) -> object:
        return self._handle.__exit__(*exc)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._handle, name)


def _install() -> None:
    _wrap(os, "open", when=lambda path, flags, *rest: bool(flags & _WRITING))
    for name in ("fsync", "fchmod", "chmod", "unlink", "mkdir"):
        _wrap(os, name)
    for name in ("replace", "rename", "link"):
        _wrap(os, name, first_arg=1)  # the destination: the file that changes
    _wrap(fcntl, "flock")
    real_fdopen = os.fdopen

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        handle = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        return _Counted(handle, fd) if _ours(_path_of(fd)) else handle

    os.fdopen = fdopen  # type: ignore[assignment]
    if _SPEC == "kill:0":
        atexit.register(_kill)


if _SPEC:
    _install()
