"""The words of the file indicator and the lock dialog: times in the user's zone, data literal."""

from __future__ import annotations

import datetime as dt

from microintern_tui.app.sync import holder_words
from microintern_tui.app.widgets.file_status import FileStatus, header_title, status_content
from microintern_tui.store.lock import Holder
from microintern_tui.store.store import LastChange

#: 10:42:07 in a zone one hour ahead of UTC (the file's stamps are UTC).
PARIS = dt.timezone(dt.timedelta(hours=1))
NOW = dt.datetime(2024, 3, 26, 10, 42, 7, tzinfo=PARIS)


def test_the_last_change_is_shown_in_the_users_zone() -> None:
    last = LastChange("ann", "2024-03-26T09:41:00.123456+00:00")
    assert status_content(FileStatus(NOW, last)).plain == (
        "read 10:42:07 · last change by ann 10:41"
    )


def test_a_change_on_another_day_shows_its_date() -> None:
    last = LastChange("ann", "2024-03-25T22:59:00+00:00")  # 23:59 the day before, here
    assert status_content(FileStatus(NOW, last)).plain.endswith("by ann 2024-03-25 23:59")


def test_a_file_with_no_records_says_so() -> None:
    assert status_content(FileStatus(NOW, None)).plain == "read 10:42:07 · no changes yet"


def test_an_author_with_markup_and_escapes_is_shown_literally() -> None:
    last = LastChange("[b]x[/b] \x1b]0;PWNED\x07", "2024-03-26T09:41:00+00:00")
    content = status_content(FileStatus(NOW, last))
    assert "[b]x[/b] ␛]0;PWNED␇ 10:41" in content.plain
    assert "\x1b" not in content.plain
    line = header_title("microintern", "team.json", content, 200)
    assert "\x1b" not in line.plain and "[b]x[/b]" in line.plain


def test_the_header_drops_folders_then_the_app_name_then_the_file_name() -> None:
    status = status_content(FileStatus(NOW, LastChange("ann", "2024-03-26T09:41:00+00:00")))
    path = "/home/ann/Dropbox/Internships/team.json"
    wide = header_title("microintern", path, status, 200).plain
    assert wide == f"microintern — {path} · read 10:42:07 · last change by ann 10:41"
    assert header_title("microintern", path, status, 100).plain.startswith(
        "microintern — team.json · read"
    )
    assert header_title("microintern", path, status, 80).plain.startswith("team.json · read")
    assert header_title("microintern", path, status, 60).plain.startswith("read 10:42:07")
    assert header_title("microintern", path, None, 80).plain == f"microintern — {path}"


def test_the_lock_holder_in_the_users_zone_with_a_date_when_not_today() -> None:
    today = Holder("ann", "laptop", 4242, "2024-03-26T09:30:00+00:00")
    assert holder_words(today, NOW) == "ann@laptop (pid 4242) since 10:30"
    earlier = Holder("ann", "laptop", 4242, "2024-03-20T09:30:00+00:00")
    assert holder_words(earlier, NOW) == "ann@laptop (pid 4242) since 2024-03-20 10:30"
    assert holder_words(None, NOW).startswith("another program")
    # No clock: the lock module's own words, in UTC.
    assert holder_words(today, None).startswith("ann@laptop (pid 4242) since ")
