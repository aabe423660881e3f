"""Signed-in sessions: a random id in an HttpOnly cookie, the supervisor it stands for, an end.

Only a hash of each id is kept, and ids are looked up by that hash: a dict lookup by the
hash tells a timing observer nothing about the id itself. A session lasts a working day
from sign-in; after that (or after signing out) its cookie opens nothing. A supervisor
removed from the users file loses their sessions on their next request.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

#: The cookie's name.
COOKIE = "microintern_session"
#: A working day: after this a supervisor signs in again.
LIFETIME = 12 * 3600.0
#: More live sessions than this and the oldest go first (every sign-in makes one).
MAX_SESSIONS = 1000


@dataclass(frozen=True)
class Session:
    """A signed-in supervisor: who, and when (on the server's monotonic clock) it ends."""

    user: str
    expires: float


def _key(session_id: str) -> bytes:
    return hashlib.sha256(session_id.encode("utf-8", "surrogateescape")).digest()


class Sessions:
    """The live sessions of one server.

    Args:
        clock: seconds on a monotonic clock (tests pass their own).
        lifetime: how long a session lasts, in seconds.
    """

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, lifetime: float = LIFETIME
    ) -> None:
        self._clock = clock
        self._lifetime = lifetime
        self._live: dict[bytes, Session] = {}

    @property
    def lifetime(self) -> float:
        """How long a session lasts, in seconds."""
        return self._lifetime

    def start(self, user: str) -> str:
        """A new session for ``user``; returns its id (for the cookie, never logged)."""
        self._forget_expired()
        while len(self._live) >= MAX_SESSIONS:
            del self._live[next(iter(self._live))]  # dicts keep order: the oldest
        session_id = secrets.token_urlsafe(32)
        self._live[_key(session_id)] = Session(user, self._clock() + self._lifetime)
        return session_id

    def get(self, session_id: str | None) -> Session | None:
        """The live session with this id, or None (no id, unknown, or expired)."""
        if not session_id:
            return None
        key = _key(session_id)
        session = self._live.get(key)
        if session is None:
            return None
        if session.expires <= self._clock():
            del self._live[key]
            return None
        return session

    def end(self, session_id: str | None) -> None:
        """End the session with this id (signing out); nothing if there is none."""
        if session_id:
            self._live.pop(_key(session_id), None)

    def end_user(self, user: str) -> None:
        """End every session of ``user`` (removed from the users file)."""
        self._live = {k: s for k, s in self._live.items() if s.user != user}

    def _forget_expired(self) -> None:
        now = self._clock()
        self._live = {k: s for k, s in self._live.items() if s.expires > now}
