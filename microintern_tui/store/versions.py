"""Which version of the data file is on disk: its fingerprint (a ``stat``) and its digest.

A change made elsewhere is noticed by the fingerprint (inode, size, mtime: one ``stat``),
and told apart from a sync client rewriting the same bytes by the digest, worked out only
when the fingerprint moved.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

#: What identifies one version of the file on disk: inode, size, mtime.
Fingerprint = tuple[int, int, int]

#: How much of the file is read at a time to hash it.
_HASH_CHUNK = 1 << 20


def fingerprint(path: Path) -> Fingerprint | None:
    """What identifies the file's current version, or None when it does not exist."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def open_fingerprint(path: Path) -> Fingerprint:
    """:func:`fingerprint` of the file, from an open handle (fresh attributes on NFS).

    Raises:
        FileNotFoundError: when there is no file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def digest(raw: bytes) -> bytes:
    """The hash that tells versions apart.

    SHA-256 rather than BLAKE2: OpenSSL's uses the CPU's SHA instructions, over twice as
    fast here (an 80 MB file is hashed twice per save: read under the lock, and written).
    """
    return hashlib.sha256(raw).digest()


def file_digest(path: Path) -> bytes:
    """The digest of the file's bytes, as :func:`digest` of them.

    Read and hashed a chunk at a time into one buffer: half the time of reading the whole
    file first. Not ``mmap``: a file truncated while mapped (a sync client writing in
    place) kills the process with SIGBUS.
    """
    hasher = hashlib.sha256()
    buffer = bytearray(_HASH_CHUNK)
    view = memoryview(buffer)
    with open(path, "rb", buffering=0) as handle:
        while size := handle.readinto(buffer):
            hasher.update(view[:size])
    return hasher.digest()


class BackgroundDigest:
    """:func:`digest` of some bytes, worked out in a thread while the caller does I/O.

    hashlib releases the GIL on large inputs, and so do write and fsync: hashing a new
    version while it is written and fsynced hides the hash behind the disk.
    """

    def __init__(self, raw: bytes) -> None:
        self._raw: bytes | None = raw
        self._result: bytes | None = None
        self._thread = threading.Thread(target=self._run, name="microintern-digest")
        self._thread.start()

    def _run(self) -> None:
        assert self._raw is not None
        self._result = digest(self._raw)
        self._raw = None

    def result(self) -> bytes:
        """The digest, once the thread has finished."""
        self._thread.join()
        assert self._result is not None
        return self._result
