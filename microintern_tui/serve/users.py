"""The users file of ``microintern serve``: who may sign in, and a salted hash of their token.

The file is JSON, private to its owner (mode 0600), written through :mod:`~microintern_tui.fsio`::

    {"microintern-serve-users": 1,
     "users": [{"name": "Sam Lee", "salt": "<base64>", "hash": "<base64>"}]}

A token is never stored, only its scrypt hash (hashlib.scrypt, a random salt per user), so a
copy of the file does not let anyone sign in. A file that others could read or change is
refused, as ssh refuses a private key anyone can read: whoever can write it can let
themselves in.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import fsio
from ..domain.errors import EnvironmentFault, MicroInternError, NotFoundError, ValidationError
from ..domain.text import printable

log = logging.getLogger("microintern.serve")

#: The key that says a JSON file is a users file, and its format's version.
FORMAT_KEY = "microintern-serve-users"
FORMAT_VERSION = 1
#: scrypt's cost: 16 MiB and about 50 ms a check, the interactive setting of its paper.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024
HASH_BYTES = 32
SALT_BYTES = 16
#: 32 characters from 24 random bytes: too many to guess, few enough to paste.
TOKEN_BYTES = 24
#: A name is the author of every change its supervisor makes: short, one line.
MAX_NAME = 64
#: The file's mode; anything looser (a bit for group or others) is refused.
FILE_MODE = 0o600


class UsersFileRefused(MicroInternError):
    """The users file is missing, damaged or not a users file (exit status 2)."""


class UsersFileExposed(EnvironmentFault):
    """The users file can be read or changed by others than its owner (exit status 1)."""


@dataclass(frozen=True)
class User:
    """One supervisor who may sign in: their name and their token's salted scrypt hash."""

    name: str
    salt: bytes
    hash: bytes


def new_token() -> str:
    """A new random token, URL-safe text."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str, salt: bytes) -> bytes:
    """The scrypt hash of ``token`` with ``salt``."""
    return hashlib.scrypt(
        token.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=SCRYPT_MAXMEM,
        dklen=HASH_BYTES,
    )


def check_name(name: str) -> str:
    """``name`` as a supervisor's name, trimmed.

    Raises:
        ValidationError: empty, too long, or holding a control character.
    """
    trimmed = name.strip()
    if not trimmed:
        raise ValidationError("NAME", name, "is empty; give the supervisor's name")
    if len(trimmed) > MAX_NAME:
        raise ValidationError("NAME", name, f"is longer than {MAX_NAME} characters")
    if printable(trimmed) != trimmed:
        raise ValidationError("NAME", name, "holds a control character (a tab, say)")
    return trimmed


@dataclass(frozen=True)
class Users:
    """The supervisors of a users file, in the order they were added."""

    users: tuple[User, ...] = ()

    def find(self, name: str) -> User | None:
        """The user called ``name`` (names compare without case), or None."""
        wanted = name.strip().casefold()
        return next((u for u in self.users if u.name.casefold() == wanted), None)

    def verify(self, name: str, token: str) -> User | None:
        """The user if ``token`` is ``name``'s, else None; as slow for a name not there.

        The hashes are compared in constant time, and an unknown name costs one scrypt too,
        so the time taken tells no one which names exist.
        """
        user = self.find(name)
        salt = user.salt if user is not None else bytes(SALT_BYTES)
        expected = user.hash if user is not None else bytes(HASH_BYTES)
        matches = hmac.compare_digest(token_hash(token, salt), expected)
        return user if matches and user is not None else None

    def added(self, name: str) -> tuple[Users, str]:
        """These users with ``name`` added, and the new token (to be shown once).

        Raises:
            ValidationError: a bad name, or one already there.
        """
        name = check_name(name)
        if self.find(name) is not None:
            raise ValidationError(
                "NAME", name, "already has a token; remove it first to give a new one"
            )
        token = new_token()
        salt = secrets.token_bytes(SALT_BYTES)
        return Users((*self.users, User(name, salt, token_hash(token, salt)))), token

    def removed(self, name: str) -> Users:
        """These users without ``name``.

        Raises:
            NotFoundError: no such user.
        """
        user = self.find(name)
        if user is None:
            raise NotFoundError(f"no supervisor called {name!r} in the users file")
        return Users(tuple(u for u in self.users if u is not user))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def encode(users: Users) -> bytes:
    """The users file's bytes for ``users``."""
    doc = {
        FORMAT_KEY: FORMAT_VERSION,
        "users": [
            {"name": u.name, "salt": _b64(u.salt), "hash": _b64(u.hash)} for u in users.users
        ],
    }
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def decode(data: bytes, path: Path) -> Users:
    """The users in a users file's bytes.

    Raises:
        UsersFileRefused: not a users file of this version, or a damaged entry.
    """
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UsersFileRefused(f"{path} is not a users file (not JSON)") from None
    if not isinstance(doc, dict) or doc.get(FORMAT_KEY) != FORMAT_VERSION:
        raise UsersFileRefused(
            f"{path} is not a users file of this microintern (no {FORMAT_KEY!r}: "
            f"{FORMAT_VERSION}); make one with microintern serve-user add NAME --users FILE"
        )
    entries = doc.get("users")
    if not isinstance(entries, list):
        raise UsersFileRefused(f"{path} is damaged: 'users' is not a list")
    users: list[User] = []
    for n, entry in enumerate(entries, start=1):
        try:
            salt = base64.b64decode(entry["salt"], validate=True)
            digest = base64.b64decode(entry["hash"], validate=True)
            name = check_name(entry["name"])
        except (KeyError, TypeError, AttributeError, binascii.Error, ValidationError):
            raise UsersFileRefused(
                f"{path} is damaged: user {n} is not a name, salt and hash"
            ) from None
        if len(digest) != HASH_BYTES:
            raise UsersFileRefused(f"{path} is damaged: user {n}'s hash has the wrong length")
        users.append(User(name, salt, digest))
    return Users(tuple(users))


def _exposed(path: Path, mode: int) -> UsersFileExposed:
    return UsersFileExposed(
        f"{path} has mode {stat.S_IMODE(mode):04o}, looser than {FILE_MODE:04o}: its group "
        f"or others could read its hashes or add themselves; run chmod 600 {path}"
    )


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of the users file at ``path`` and its stat, once its mode is checked.

    Raises:
        UsersFileRefused: no such file, or not a regular file.
        UsersFileExposed: the file's mode lets its group or others in.
        EnvironmentFault: it could not be read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UsersFileRefused(
            f"{path}: no such users file; make one with microintern serve-user add NAME "
            f"--users {path}"
        ) from None
    except OSError as exc:
        raise EnvironmentFault(fsio.fault_message(exc, path, "read")) from None
    with os.fdopen(fd, "rb") as file:
        st = os.fstat(file.fileno())  # of the file opened: no swap between check and read
        if not stat.S_ISREG(st.st_mode):
            raise UsersFileRefused(f"{path} is not a regular file; name the users file")
        if st.st_mode & 0o077:
            raise _exposed(path, st.st_mode)
        try:
            return file.read(), st
        except OSError as exc:
            raise EnvironmentFault(fsio.fault_message(exc, path, "read")) from None


def load(path: Path) -> Users:
    """The users in the file at ``path`` (see :func:`read_bytes` for what is refused)."""
    data, _ = read_bytes(path)
    return decode(data, path)


def save(path: Path, users: Users) -> None:
    """Write ``users`` to ``path`` (links followed), mode 0600, whole or not at all.

    Raises:
        fsio.WriteFault: it could not be written; the old file is unchanged.
    """
    fsio.atomic_write(fsio.resolve(path), encode(users), mode=FILE_MODE)


class UsersWatch:
    """The users file as the server sees it: re-read whenever it changes on disk.

    ``serve-user add`` and ``remove`` take effect without restarting the server. If the
    file becomes unreadable, damaged or exposed, nobody can sign in (and every session
    ends) until it is fixed: a server never falls back to an older list of users.

    Args:
        path: the users file (already loaded once by the caller, to refuse a bad one).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int, int] | None = None
        self._users = Users()
        self._refused = ""
        self.current()

    def current(self) -> Users:
        """The users as the file holds them now (no one while the file is refused)."""
        try:
            st = os.stat(self.path)
        except OSError:
            st = None
        seen = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode) if st else None
        if seen is not None and seen == self._seen:
            return self._users
        try:
            data, st = read_bytes(self.path)
            self._users, self._refused = decode(data, self.path), ""
            self._seen = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_mode)
        except MicroInternError as exc:
            if str(exc) != self._refused:
                log.error("nobody can sign in until the users file is fixed: %s", exc)
            self._users, self._refused, self._seen = Users(), str(exc), None
        return self._users
