"""One browser tab's app: ``microintern`` run as the signed-in supervisor, for textual-serve.

textual-serve's :class:`~textual_serve.app_service.AppService` starts each app with
``asyncio.create_subprocess_shell(command)`` and copies the app's standard error to the
server's output. Here instead:

- the app is started without a shell, from a fixed argument list (this Python, ``-m
  microintern_tui.cli``); everything that differs between sessions (who signed in) reaches
  it through its environment, so nothing a supervisor chose is ever parsed by a shell;
- ``MICROINTERN_USER`` and ``MICROINTERN_DB`` are set by the server alone, whatever its
  own environment held;
- the app's standard error is read and dropped, only its size logged: a Textual traceback
  shows local variables, which can be names and notes of students.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Mapping
from typing import Any

from textual_serve.app_service import AppService

log = logging.getLogger("microintern.serve")

#: The command every app process runs: fixed, the same for every session.
APP_ARGV = (sys.executable, "-m", "microintern_tui.cli")
#: Inherited variables the server sets itself (or drops) for each app.
SERVER_SET = ("MICROINTERN_USER", "MICROINTERN_DB")
#: Seconds an app whose output has closed gets to exit before it is killed.
QUIT_GRACE = 10.0


class SupervisorApp(AppService):
    """The app process of one browser tab, as the supervisor who signed in.

    Args:
        env: the variables this session's app gets on top of the server's environment
            (``MICROINTERN_USER``, ``MICROINTERN_DB``, ...).
        **kwargs: as for textual-serve's ``AppService`` (the websocket's callbacks).
    """

    def __init__(self, env: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(" ".join(APP_ARGV), **kwargs)
        self._session_env = dict(env)
        self._stderr_task: asyncio.Task[int] | None = None

    @property
    def pid(self) -> int | None:
        """The app process's id, once started."""
        return self._process.pid if self._process is not None else None

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        for name in SERVER_SET:
            environment.pop(name, None)
        environment.update(self._session_env)
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
        environment = self._build_environment(width=width, height=height)
        self._process = process = await asyncio.create_subprocess_exec(
            *APP_ARGV,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
        )
        assert process.stdin is not None and process.stderr is not None
        self._stdin = process.stdin
        self._stderr_task = asyncio.create_task(_count_and_drop(process.stderr))
        # textual-serve's run() prints whatever it reads here: give it an empty stream.
        ended = asyncio.StreamReader()
        ended.feed_eof()
        process.stderr = ended
        log.info("app process %d started", process.pid)
        return process

    async def run(self) -> None:
        """Relay the app until it ends, then log how it ended (never what it said)."""
        await super().run()
        process = self._process
        if process is None:
            return
        try:
            status = await asyncio.wait_for(process.wait(), QUIT_GRACE)
        except TimeoutError:  # its output closed but it lives on: never leave it behind
            process.kill()
            status = await process.wait()
        dropped = await self._stderr_task if self._stderr_task is not None else 0
        log.info(
            "app process %d ended with status %d%s",
            process.pid,
            status,
            f" ({dropped} bytes of error output not kept: they may hold student data)"
            if dropped
            else "",
        )


async def _count_and_drop(stream: asyncio.StreamReader) -> int:
    """Read ``stream`` to its end; returns how many bytes it held."""
    total = 0
    while chunk := await stream.read(65536):
        total += len(chunk)
    return total
