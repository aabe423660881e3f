"""Our own pages: the sign-in form and the app's page, and the headers every response gets.

Nothing on them comes from elsewhere (textual-serve's own page loads web fonts from the
internet): the templates, stylesheet and script ship in this package, textual-serve's
terminal script and fonts in its own, and a Content-Security-Policy allows nothing else.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import textual_serve
from aiohttp import web

HERE = Path(__file__).resolve().parent
#: Our stylesheet, script and icon.
STATIC = HERE / "static"
#: textual-serve's own browser side (its terminal script, xterm's CSS, the fonts), served
#: as it ships: the script must match the server's protocol, so it comes with the pin.
TEXTUAL_STATIC = Path(textual_serve.__file__).resolve().parent / "static"
#: The font sizes a page may ask for (``?fontsize=``), in CSS pixels.
FONT_SIZES = range(6, 73)
DEFAULT_FONT_SIZE = 16

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer a form's POST says "Origin: null".
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
_SIGN_IN_CSP = (
    "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


def _app_csp(websocket_url: str) -> str:
    # xterm.js adds <style> elements of its own, hence 'unsafe-inline' for styles only.
    return (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"font-src 'self'; img-src 'self' data:; connect-src 'self' {websocket_url}; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )


class Pages:
    """Renders our templates, every value escaped (a name typed into the form, say)."""

    def __init__(self) -> None:
        self._templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True
        )

    def _render(self, template: str, status: int, csp: str, **context: object) -> web.Response:
        text = self._templates.get_template(template).render(**context)
        response = web.Response(text=text, status=status, content_type="text/html")
        response.headers["Content-Security-Policy"] = csp
        return response

    def sign_in(self, message: str = "", *, status: int = 200, name: str = "") -> web.Response:
        """The sign-in form, with ``message`` above it and ``name`` filled in."""
        return self._render("sign_in.html", status, _SIGN_IN_CSP, message=message, name=name)

    def app(self, user: str, websocket_url: str, font_size: str | None) -> web.Response:
        """The app's page for ``user``: a terminal the size of the window."""
        try:
            size = int(font_size or DEFAULT_FONT_SIZE)
        except ValueError:
            size = DEFAULT_FONT_SIZE
        return self._render(
            "app.html",
            200,
            _app_csp(websocket_url),
            user=user,
            textual="textual",
            websocket_url=websocket_url,
            font_size=size if size in FONT_SIZES else DEFAULT_FONT_SIZE,
        )


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Give every response the headers that keep it out of frames and sniffing."""
    for name, value in _SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
