"""Failed sign-ins are rate-limited: per client address, and for the whole server.

A token has 192 random bits, so guessing one is hopeless anyway; the limits keep a guesser
from burning the host's CPU on scrypt, and keep a leaked name list from being tried at
speed. The overall limit also holds when the guesses come from many addresses. A refused
attempt costs no scrypt at all.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

#: The window failures are counted in, in seconds.
WINDOW = 300.0
#: Failures one client address may make in the window before it must wait.
PER_CLIENT = 5
#: Failures the whole server accepts in the window before every sign-in must wait.
OVERALL = 50
#: Addresses remembered at most (the oldest are forgotten first).
MAX_CLIENTS = 10_000


class Throttle:
    """Counts failed sign-ins and says when the next attempt must wait.

    ``wait = throttle.begin(client)`` before checking a token (refuse if ``wait > 0``), and
    ``throttle.succeeded(client)`` when it matched.

    Args:
        clock: seconds on a monotonic clock (tests pass their own).
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        window: float = WINDOW,
        per_client: int = PER_CLIENT,
        overall: int = OVERALL,
    ) -> None:
        self._clock = clock
        self._window = window
        self._per_client = per_client
        self._overall_limit = overall
        self._clients: dict[str, deque[float]] = {}
        self._all: deque[float] = deque()

    def begin(self, client: str) -> float:
        """Count a sign-in attempt from ``client``, or say how long it must wait.

        An attempt counts as a failure from the start, so that many attempts sent at once
        cannot all slip in before the first one fails; :meth:`succeeded` takes it back.

        Returns:
            0 when the attempt may go ahead (and is counted), else the seconds to wait
            (and nothing is counted).
        """
        now = self._clock()
        self._prune(self._all, now)
        failures = self._clients.pop(client, None) or deque()
        self._prune(failures, now)
        waits = [0.0]
        if len(self._all) >= self._overall_limit:
            waits.append(self._all[0] + self._window - now)
        if len(failures) >= self._per_client:
            waits.append(failures[0] + self._window - now)
        wait = max(waits)
        if wait <= 0:
            failures.append(now)
            self._all.append(now)
        if failures:
            self._clients[client] = failures  # re-inserted: the most recent last
        while len(self._clients) > MAX_CLIENTS:
            del self._clients[next(iter(self._clients))]
        return wait

    def succeeded(self, client: str) -> None:
        """The attempt ``client`` began was good: its failures are cleared, it is uncounted."""
        failures = self._clients.pop(client, None)
        if failures:
            last = failures[-1]
            for n in range(len(self._all) - 1, -1, -1):
                if self._all[n] == last:
                    del self._all[n]
                    break

    def _prune(self, failures: deque[float], now: float) -> None:
        while failures and failures[0] <= now - self._window:
            failures.popleft()
