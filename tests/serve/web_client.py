"""A plain HTTP and websocket client for the serve tests that need no browser."""

from __future__ import annotations

import asyncio
import http.client
import re
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode

import aiohttp


@dataclass
class Reply:
    """An HTTP response: status, headers and body text."""

    status: int
    headers: Message
    text: str

    def cookie(self) -> str | None:
        """The session cookie's ``name=value`` this response sets, if any."""
        found = re.match(r"(microintern_session=[^;]*)", self.headers.get("Set-Cookie", ""))
        return found.group(1) if found else None


def request(
    port: int,
    method: str,
    path: str,
    *,
    form: dict[str, str] | None = None,
    cookie: str | None = None,
    origin: str | None = None,
    forwarded_for: str | None = None,
) -> Reply:
    """One request to 127.0.0.1:``port``, redirects not followed."""
    headers = {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    if origin:
        headers["Origin"] = origin
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read().decode("utf-8"))
    finally:
        connection.close()


def sign_in(port: int, name: str, token: str) -> Reply:
    """POST the sign-in form as a browser on the same page would."""
    return request(
        port,
        "POST",
        "/sign-in",
        form={"name": name, "token": token},
        origin=f"http://127.0.0.1:{port}",
    )


async def _open_websocket(port: int, cookie: str | None, origin: str | None) -> int:
    headers = {"Cookie": cookie} if cookie else {}
    if origin:
        headers["Origin"] = origin
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(
                f"http://127.0.0.1:{port}/ws?width=80&height=24", headers=headers
            ) as ws:
                await ws.receive(timeout=60)  # the app's first bytes
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


def open_websocket(port: int, cookie: str | None = None, origin: str | None = None) -> int:
    """Open the app's websocket and wait for the app's first bytes: 101, or the refusal."""
    return asyncio.run(_open_websocket(port, cookie, origin))
