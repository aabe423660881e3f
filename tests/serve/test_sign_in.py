"""The sign-in in front of the app, over real HTTP to a real ``microintern serve``.

No browser here (see test_browser.py): plain requests show what a page could not, such as
the app processes the server starts (its child processes) and their environment.
"""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp
from conftest import SUPERVISOR, wait_for
from web_client import open_websocket, request, sign_in

STUDENT = "Amara Okonkwo"  # an intern of the demo file: never in the server's log


def test_nothing_starts_an_app_without_signing_in(demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    home = request(server.port, "GET", "/")
    assert (home.status, home.headers["Location"]) == (303, "sign-in")
    assert request(server.port, "GET", "/sign-in").status == 200
    assert open_websocket(server.port) == 403
    assert open_websocket(server.port, cookie="microintern_session=forged") == 403
    assert request(server.port, "GET", "/download/anything").status == 404
    assert server.apps() == []


def test_a_wrong_token_is_refused_and_starts_nothing(demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    for name, token in (
        (SUPERVISOR, "not-the-token"),
        (SUPERVISOR, users.tokens["Ann Other"]),  # someone else's token
        ("Nobody", users.tokens[SUPERVISOR]),
        (SUPERVISOR, ""),
    ):
        reply = sign_in(server.port, name, token)
        assert reply.status == 401, reply.text
        assert reply.cookie() is None
        assert "do not match" in reply.text
    assert server.apps() == []
    status, out, err = server.stop()
    assert users.tokens[SUPERVISOR] not in out + err


async def test_the_app_runs_as_who_signed_in_told_only_through_its_environment(
    demo_db, users, start_server, serve_env
):
    serve_env["MICROINTERN_USER"] = "Mallory"  # the server's own: never an app's
    server = start_server(demo_db, users.path)
    reply = sign_in(server.port, "sam supervisor", users.tokens[SUPERVISOR])
    assert (reply.status, reply.headers["Location"]) == (303, "./")
    set_cookie = reply.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    assert "Secure" not in set_cookie  # plain http on loopback: a Secure cookie is never sent
    cookie = reply.cookie()
    page = request(server.port, "GET", "/", cookie=cookie)
    assert page.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    # Our own page: every script, style and font comes from this server.
    assert not re.search(r'(src|href)="(https?:)?//', page.text)

    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"http://127.0.0.1:{server.port}/ws?width=100&height=30",
            headers={"Cookie": cookie, "Origin": f"http://127.0.0.1:{server.port}"},
        ) as ws,
    ):
        await ws.receive(timeout=60)
        (app,) = server.apps()
        environ = dict(
            item.split("=", 1)
            for item in Path(f"/proc/{app}/environ").read_text().split("\0")
            if "=" in item
        )
        assert environ["MICROINTERN_USER"] == SUPERVISOR  # as in the users file
        assert environ["MICROINTERN_DB"] == str(demo_db.resolve())
        argv = Path(f"/proc/{app}/cmdline").read_text().split("\0")[:-1]
        assert argv[1:] == ["-m", "microintern_tui.cli"]  # fixed: no name, no shell
    wait_for(lambda: server.apps() == [], "the app to end with its tab")
    status, out, err = server.stop()
    assert status == 0
    assert f"{SUPERVISOR} signed in" in err
    assert STUDENT not in out + err and users.tokens[SUPERVISOR] not in out + err
    assert "Traceback" not in err


def test_failed_sign_ins_are_rate_limited(demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    for _ in range(5):
        assert sign_in(server.port, SUPERVISOR, "guess").status == 401
    refused = sign_in(server.port, SUPERVISOR, users.tokens[SUPERVISOR])
    assert refused.status == 429 and refused.cookie() is None
    assert "Too many failed sign-ins" in refused.text
    # Without a proxy in front, X-Forwarded-For is anyone's to write: it changes nothing.
    spoofed = request(
        server.port,
        "POST",
        "/sign-in",
        form={"name": SUPERVISOR, "token": users.tokens[SUPERVISOR]},
        forwarded_for="203.0.113.9",
    )
    assert spoofed.status == 429


def test_signing_out_and_removal_end_a_session(cli, demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    sam = sign_in(server.port, SUPERVISOR, users.tokens[SUPERVISOR]).cookie()
    ann = sign_in(server.port, "Ann Other", users.tokens["Ann Other"]).cookie()
    assert request(server.port, "GET", "/", cookie=sam).status == 200

    origin = f"http://127.0.0.1:{server.port}"
    out = request(server.port, "POST", "/sign-out", cookie=sam, origin=origin)
    assert out.status == 303 and "microintern_session=" in out.headers["Set-Cookie"]
    assert request(server.port, "GET", "/", cookie=sam).status == 303
    assert open_websocket(server.port, cookie=sam) == 403

    assert request(server.port, "GET", "/", cookie=ann).status == 200
    assert cli("serve-user", "remove", "Ann Other", "--users", users.path).returncode == 0
    assert request(server.port, "GET", "/", cookie=ann).status == 303  # no restart needed
    assert open_websocket(server.port, cookie=ann) == 403
    assert sign_in(server.port, "Ann Other", users.tokens["Ann Other"]).status == 401
    assert server.apps() == []


def test_another_sites_page_can_neither_sign_in_nor_open_the_app(demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    evil = "http://evil.example"
    forged = request(
        server.port,
        "POST",
        "/sign-in",
        form={"name": SUPERVISOR, "token": users.tokens[SUPERVISOR]},
        origin=evil,
    )
    assert forged.status == 403 and forged.cookie() is None
    cookie = sign_in(server.port, SUPERVISOR, users.tokens[SUPERVISOR]).cookie()
    assert open_websocket(server.port, cookie=cookie, origin=evil) == 403
    assert server.apps() == []


def test_behind_a_tls_proxy_the_cookie_is_secure_and_the_page_opens_wss(
    demo_db, users, start_server
):
    public = "https://interns.example.ac.uk/microintern"
    server = start_server(demo_db, users.path, "--public-url", public)
    reply = request(
        server.port,
        "POST",
        "/sign-in",
        form={"name": SUPERVISOR, "token": users.tokens[SUPERVISOR]},
        origin="https://interns.example.ac.uk",
    )
    assert reply.status == 303
    set_cookie = reply.headers["Set-Cookie"]
    assert "Secure" in set_cookie and "Path=/microintern/" in set_cookie
    page = request(server.port, "GET", "/", cookie=reply.cookie())
    assert 'data-session-websocket-url="wss://interns.example.ac.uk/microintern/ws"' in page.text
    # The proxy's own address is the only origin allowed, not the internal one.
    internal = sign_in(server.port, SUPERVISOR, users.tokens[SUPERVISOR])
    assert internal.status == 403
    status, out, err = server.stop()
    assert f"open {public}/" in out


def test_behind_the_proxy_the_limit_is_per_browser_not_per_proxy(demo_db, users, start_server):
    """Everyone comes from the proxy's address; one fumbling user must not lock out all."""
    public = "https://interns.example.ac.uk"
    server = start_server(demo_db, users.path, "--public-url", public)

    def attempt(token: str, browser: str) -> int:
        headers_form = {"name": SUPERVISOR, "token": token}
        return request(
            server.port,
            "POST",
            "/sign-in",
            form=headers_form,
            origin=public,
            forwarded_for=f"198.51.100.7, {browser}",  # the proxy appends the browser's
        ).status

    for _ in range(5):
        assert attempt("guess", "203.0.113.5") == 401
    assert attempt(users.tokens[SUPERVISOR], "203.0.113.5") == 429
    assert attempt(users.tokens[SUPERVISOR], "203.0.113.6") == 303


async def test_removing_a_supervisor_closes_their_open_app(cli, demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    ann = sign_in(server.port, "Ann Other", users.tokens["Ann Other"]).cookie()
    sam = sign_in(server.port, SUPERVISOR, users.tokens[SUPERVISOR]).cookie()
    origin = f"http://127.0.0.1:{server.port}"
    url = f"http://127.0.0.1:{server.port}/ws?width=80&height=24"
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(url, headers={"Cookie": ann, "Origin": origin}) as ann_ws,
        session.ws_connect(url, headers={"Cookie": sam, "Origin": origin}) as sam_ws,
    ):
        await ann_ws.receive(timeout=60)
        await sam_ws.receive(timeout=60)
        assert len(server.apps()) == 2
        assert cli("serve-user", "remove", "Ann Other", "--users", users.path).returncode == 0
        while (await ann_ws.receive(timeout=60)).type not in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
            aiohttp.WSMsgType.CLOSING,
        ):
            pass  # the app's output until the server closes the socket
        wait_for(lambda: len(server.apps()) == 1, "Ann's app to end")
        assert not sam_ws.closed  # Sam's app goes on
