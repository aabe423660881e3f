"""``microintern serve``: textual-serve's server behind a sign-in of our own.

textual-serve (an aiohttp server) runs a Textual app per browser tab and relays it over a
websocket; it has no sign-in. This subclass replaces its routes:

- ``/`` without a live session redirects to ``/sign-in``; with one it is our own page
  (no web fonts or scripts from elsewhere), whose terminal opens the websocket;
- ``POST /sign-in`` checks a name and token against the users file (rate-limited), and
  starts a session: a random id in an HttpOnly, SameSite=Strict cookie (Secure behind
  https); ``POST /sign-out`` ends it;
- ``/ws`` refuses anyone without a live session (and any other site's page) before an app
  process exists; the app then runs as the supervisor who signed in (see
  :mod:`.app_process`);
- textual-serve's ``/download`` route is not offered (the app delivers no files).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import signal
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from . import logs
from .app_process import SupervisorApp
from .pages import STATIC, TEXTUAL_STATIC, Pages, add_security_headers
from .sessions import COOKIE, Sessions
from .throttle import Throttle
from .users import UsersWatch

log = logging.getLogger("microintern.serve")

#: Longest name or token read from the sign-in form.
MAX_FIELD = 200
#: Seconds between looks for supervisors removed while their app is open.
REVOKE_CHECK = 2.0
#: The terminal size a browser may ask for, in cells.
MAX_CELLS = 1000


@dataclass(frozen=True)
class ServeOptions:
    """What ``microintern serve`` was told.

    Attributes:
        host: the address to listen on.
        port: the port to listen on.
        users_file: the users file (names and token hashes).
        db: the data file every app opens.
        public_url: the address browsers use (a TLS reverse proxy's), or None.
        today: a ``MICROINTERN_TODAY`` for every app (a preview), or None for the real date.
    """

    host: str
    port: int
    users_file: Path
    db: Path
    public_url: str | None = None
    today: str | None = None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback address (only this machine can reach it)."""
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _cells(value: str, default: int) -> int:
    """A terminal size the browser asked for, kept within reason."""
    try:
        return max(1, min(MAX_CELLS, int(value)))
    except ValueError:
        return default


class SignInServer(Server):
    """textual-serve's server, reachable only by supervisors who signed in.

    Args:
        options: what ``serve`` was told.
        users: the users file, re-read when it changes.
    """

    def __init__(self, options: ServeOptions, users: UsersWatch) -> None:
        super().__init__(
            command="microintern",
            host=options.host,
            port=options.port,
            title="microintern",
            public_url=options.public_url,
        )
        self.options = options
        self.users = users
        self.sessions = Sessions()
        self.throttle = Throttle()
        self.secure = (options.public_url or "").startswith("https:")
        self.base_path = urlsplit(options.public_url).path.rstrip("/") if options.public_url else ""
        self.pages = Pages()
        #: The app processes running now: the supervisor each runs as, and its websocket.
        self.running: dict[SupervisorApp, tuple[str, web.WebSocketResponse]] = {}

    # -- set-up ------------------------------------------------------------------------------

    def initialize_logging(self) -> None:
        logs.setup()

    def serve(self, debug: bool = False) -> None:
        """Serve until SIGINT or SIGTERM; each running app is told to quit first.

        Raises:
            OSError: the address could not be listened on (in use, not this machine's).
        """
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows has no such handlers
                loop.add_signal_handler(signum, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda _: self.on_listening(),  # called once the socket is bound
        )

    def on_listening(self) -> None:
        """Say where to go, once the server really listens."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        url = self.options.public_url or f"http://{host}:{self.port}"
        sys.stdout.write(f"microintern serve: open {url}/ and sign in; ctrl+c stops it\n")
        sys.stdout.flush()

    async def _make_app(self) -> web.Application:
        app = web.Application(client_max_size=16 * 1024)
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/sign-in", self.handle_sign_in_page),
                web.post("/sign-in", self.handle_sign_in),
                web.post("/sign-out", self.handle_sign_out),
                web.get("/ws", self.handle_websocket),
                web.static("/static", STATIC),
                web.static("/textual", TEXTUAL_STATIC),
            ]
        )
        app.on_response_prepare.append(add_security_headers)
        app.cleanup_ctx.append(self._close_removed)
        return app

    # -- who is signed in --------------------------------------------------------------------

    def _session_user(self, request: web.Request) -> str | None:
        """The supervisor this request's session stands for, if it is live and still allowed."""
        session = self.sessions.get(request.cookies.get(COOKIE))
        if session is None:
            return None
        if self.users.current().find(session.user) is None:
            self.sessions.end_user(session.user)  # removed from the users file: revoked
            log.info("ended the sessions of %s (no longer in the users file)", session.user)
            return None
        return session.user

    async def _close_removed(self, app: web.Application) -> AsyncIterator[None]:
        """While serving: close the open apps of supervisors removed from the users file.

        An open tab makes no new requests, so a removal is looked for every few seconds
        instead of waiting for the supervisor's next request.
        """

        async def watch() -> None:
            while True:
                await asyncio.sleep(REVOKE_CHECK)
                users = self.users.current()
                for user, websocket in list(self.running.values()):
                    if users.find(user) is None:
                        self.sessions.end_user(user)
                        log.info("closed an app of %s (no longer in the users file)", user)
                        await websocket.close()

        watcher = asyncio.create_task(watch())
        yield
        watcher.cancel()

    def _origin_ok(self, request: web.Request) -> bool:
        """False for a request another site's page made (a forged form or websocket).

        Browsers send Origin on every POST and websocket; a client that sends none is not
        a browser page, and is held to the session cookie alone.
        """
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        if self.options.public_url:
            parts = urlsplit(self.options.public_url)
            expected = f"{parts.scheme}://{parts.netloc}"
        else:
            expected = f"{request.scheme}://{request.host}"
        return origin.casefold() == expected.casefold()

    def _client(self, request: web.Request) -> str:
        """Who is asking, for the rate limit: the browser's address, also behind the proxy.

        Behind a reverse proxy (``--public-url``, listening on loopback, so that only this
        host can connect) every request comes from the proxy; the browser's address is the
        last entry of X-Forwarded-For, the one the proxy added. Anywhere else that header
        is anyone's to write, and is ignored.
        """
        if self.options.public_url and is_loopback(self.options.host):
            forwarded = request.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()
            if forwarded:
                return forwarded[:64]
        return request.remote or "unknown"

    # -- pages -------------------------------------------------------------------------------

    def _websocket_url(self, request: web.Request) -> str:
        if self.options.public_url:
            base = self.options.public_url.rstrip("/")
            scheme, rest = base.split(":", 1)
            return ("wss:" if scheme == "https" else "ws:") + rest + "/ws"
        return f"{'wss' if request.secure else 'ws'}://{request.host}/ws"

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The app's page for a signed-in supervisor; the sign-in page for anyone else."""
        user = self._session_user(request)
        if user is None:
            raise web.HTTPSeeOther("sign-in")
        return self.pages.app(user, self._websocket_url(request), request.query.get("fontsize"))

    async def handle_sign_in_page(self, request: web.Request) -> web.StreamResponse:
        """The sign-in form."""
        return self.pages.sign_in()

    async def handle_sign_in(self, request: web.Request) -> web.StreamResponse:
        """Check a name and token; a session and the app's page if they match."""
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="a sign-in from another site's page is refused")
        client = self._client(request)
        wait = self.throttle.begin(client)
        if wait > 0:
            log.warning("sign-in from %s refused: too many failed attempts", client)
            minutes = max(1, round(wait / 60))
            return self.pages.sign_in(
                f"Too many failed sign-ins. Try again in {minutes} minute(s).", status=429
            )
        form = await request.post()
        name = str(form.get("name", ""))[:MAX_FIELD]
        token = str(form.get("token", ""))[:MAX_FIELD]
        users = self.users.current()
        # scrypt takes ~50 ms of CPU: off the event loop, so other tabs keep flowing.
        user = await asyncio.get_running_loop().run_in_executor(None, users.verify, name, token)
        if user is None:
            log.warning("failed sign-in from %s", client)  # not the name: it may be a token
            return self.pages.sign_in(
                "That name and token do not match. Check both and try again.",
                status=401,
                name=name,
            )
        self.throttle.succeeded(client)
        session_id = self.sessions.start(user.name)
        log.info("%s signed in from %s", user.name, client)
        response = web.HTTPSeeOther("./")
        response.set_cookie(
            COOKIE,
            session_id,
            path=f"{self.base_path}/",
            httponly=True,
            samesite="Strict",
            secure=self.secure,
            max_age=int(self.sessions.lifetime),
        )
        return response

    async def handle_sign_out(self, request: web.Request) -> web.StreamResponse:
        """End this browser's session."""
        if not self._origin_ok(request):
            raise web.HTTPForbidden(text="a sign-out from another site's page is refused")
        self.sessions.end(request.cookies.get(COOKIE))
        response = web.HTTPSeeOther("sign-in")
        response.del_cookie(COOKIE, path=f"{self.base_path}/")
        return response

    # -- the app -----------------------------------------------------------------------------

    def app_environment(self, user: str) -> dict[str, str]:
        """The variables an app for ``user`` runs with, on top of the server's own."""
        env = {"MICROINTERN_USER": user, "MICROINTERN_DB": str(self.options.db)}
        if self.options.today is not None:
            env["MICROINTERN_TODAY"] = self.options.today
        return env

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Run an app for the signed-in supervisor and relay it; refuse anyone else first."""
        user = self._session_user(request)
        if user is None:
            log.warning("websocket from %s refused: not signed in", self._client(request))
            raise web.HTTPForbidden(text="sign in first")
        if not self._origin_ok(request):
            log.warning("websocket from %s refused: another site's page", self._client(request))
            raise web.HTTPForbidden(text="another site's page may not open the app")
        width = _cells(request.query.get("width", "80"), 80)
        height = _cells(request.query.get("height", "24"), 24)
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await websocket.prepare(request)
        app = SupervisorApp(
            self.app_environment(user),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self.download_manager,
        )
        self.running[app] = (user, websocket)
        try:
            await app.start(width, height)
            try:
                await self._process_messages(websocket, app)
            finally:
                await app.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # noqa: BLE001 (one line, and the tab's session ends)
            log.error("%s's session ended on an error (%s)", user, type(error).__name__)
        finally:
            self.running.pop(app, None)
        return websocket
