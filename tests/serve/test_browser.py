"""``microintern serve`` in a real browser: sign in, use the app by keyboard, quit.

Headless Chromium (Debian's), driven by Playwright. Skipped, saying why, without a
browser; under CI=true a missing browser fails instead.
"""

from __future__ import annotations

import json

import pytest
from browser_terminal import BrowserTerminal, chromium_page, require_browser
from conftest import SUPERVISOR, TODAY, wait_for


@pytest.fixture(autouse=True)
def _browser() -> None:
    require_browser()


def footer(screen: str) -> str:
    return screen.rstrip("\n").splitlines()[-1]


def sign_in(page, server, name: str, token: str) -> None:
    page.goto(f"{server.url}/")
    page.wait_for_selector("#token")
    page.fill("#name", name)
    page.fill("#token", token)
    page.click("button[type=submit]")


def new_hours(db, intern_name: str) -> list[dict]:
    data = json.loads(db.read_text())
    (intern_id,) = [i["id"] for i in data["interns"].values() if i["name"] == intern_name]
    return [h for h in data["hours"].values() if h["intern_id"] == intern_id]


def test_sign_in_open_an_intern_add_hours_and_find_them_in_the_file(
    demo_db, users, start_server, serve_env, tmp_path
):
    serve_env["MICROINTERN_USER"] = "Mallory"  # the server's own: the app must not be Mallory
    server = start_server(demo_db, users.path)
    before = new_hours(demo_db, "George Li")
    with chromium_page(tmp_path / "profile") as page:
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        console: list[str] = []
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        term = BrowserTerminal(page)

        sign_in(page, server, SUPERVISOR, users.tokens[SUPERVISOR])
        # Home, with the supervisor's interns, and the keys in the footer: no click needed.
        screen = term.wait_until(
            lambda s: "Amara Okonkwo" in s and "palette" in footer(s), "the home screen"
        )
        assert f"My interns ({SUPERVISOR})" in screen

        # The app fits the window: the page does not scroll, and when the window changes
        # size the app is redrawn to the new size, its footer on the last line.
        scrolls = page.evaluate(
            "[document.documentElement.scrollWidth > innerWidth,"
            " document.documentElement.scrollHeight > innerHeight]"
        )
        assert scrolls == [False, False]
        wide = term.size
        page.set_viewport_size({"width": 760, "height": 460})
        term.wait_until(lambda s: term.size[0] < wide[0] and "q Quit" in footer(s), "a redraw")
        assert term.size[1] < wide[1]

        # Keys a browser might keep for itself reach the app: ctrl+p, the palette.
        term.press("Control+p")
        term.wait_for("Search for commands")
        term.press("Escape")
        term.wait_until(lambda s: "Search for commands" not in s, "the palette to close")

        term.press("/")
        term.wait_until(lambda s: "f1 Help" in footer(s), "the filter box to take the focus")
        term.type("george")
        term.wait_until(lambda s: "George Li" in s and "Amara" not in s, "only George")
        term.press("Enter")  # from the filter box to the table
        term.wait_until(lambda s: "palette" in footer(s) and "f1" not in footer(s), "the table")
        term.press("Enter")  # open George
        term.wait_for("8.5 / 40 h")
        term.press("a")
        term.wait_for("Add hours for George Li")
        term.type("2.5")
        term.wait_for("Hours  2.5")
        term.press("Enter")
        term.wait_until(lambda s: "11 / 40 h" in s and "Add hours for" not in s, "the save")

        after = new_hours(demo_db, "George Li")
        (added,) = [h for h in after if h not in before]
        assert (added["date"], added["hours"]) == (TODAY, 2.5)
        assert added["author"] == SUPERVISOR  # who signed in, not the server's own user

        term.press("Escape")
        term.wait_for("My interns")
        term.press("q")  # quit: the page says the session ended, the app process is gone
        page.wait_for_selector("body.-closed .closed-dialog", state="visible")
        wait_for(lambda: server.apps() == [], "the app process to end")

    assert term.sockets == 1
    assert all(url.startswith(f"{server.url}/") for url in requests), requests
    assert not [line for line in console if "Content Security Policy" in line], console
    status, out, err = server.stop()
    assert status == 0
    assert "George Li" not in out + err and "Traceback" not in err


def test_a_wrong_token_is_refused_in_the_browser_and_no_app_starts(
    demo_db, users, start_server, tmp_path
):
    server = start_server(demo_db, users.path)
    with chromium_page(tmp_path / "profile") as page:
        term = BrowserTerminal(page)
        sign_in(page, server, SUPERVISOR, "not-my-token")
        page.wait_for_selector("text=do not match")
        assert page.input_value("#name") == SUPERVISOR  # kept, so only the token is retyped
        assert page.input_value("#token") == ""
        page.goto(f"{server.url}/")  # straight to the app: back to the sign-in page
        page.wait_for_selector("#token")
        assert page.url == f"{server.url}/sign-in"
        assert term.sockets == 0
        assert page.context.cookies() == []
    assert server.apps() == []
