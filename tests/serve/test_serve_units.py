"""The parts of the sign-in that need no server: throttle, sessions, users file, the log."""

from __future__ import annotations

import io
import logging

import pytest

from microintern_tui.serve import logs
from microintern_tui.serve.sessions import Sessions
from microintern_tui.serve.throttle import Throttle
from microintern_tui.serve.users import Users, UsersFileRefused, decode, encode


class Clock:
    """A monotonic clock a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_waits_after_five_failures_and_may_try_again_later():
    clock = Clock()
    throttle = Throttle(clock, window=300, per_client=5, overall=50)
    for _ in range(5):
        assert throttle.begin("10.0.0.1") == 0  # counted as failures: none succeeded
    assert throttle.begin("10.0.0.1") == pytest.approx(300)
    assert throttle.begin("10.0.0.2") == 0  # another client is not held up
    clock.now += 299
    assert throttle.begin("10.0.0.1") == pytest.approx(1)
    clock.now += 1
    assert throttle.begin("10.0.0.1") == 0


def test_a_success_clears_the_clients_failures():
    throttle = Throttle(Clock(), per_client=3)
    for _ in range(3):
        throttle.begin("a")
    throttle.succeeded("a")  # the last one matched
    assert throttle.begin("a") == 0


def test_the_overall_limit_holds_across_many_addresses():
    throttle = Throttle(Clock(), per_client=5, overall=10)
    for n in range(10):
        assert throttle.begin(f"10.0.0.{n}") == 0
    assert throttle.begin("10.0.0.99") > 0


def test_a_refused_attempt_is_not_counted():
    clock = Clock()
    throttle = Throttle(clock, window=100, per_client=2)
    throttle.begin("a")
    clock.now += 50
    throttle.begin("a")
    for _ in range(20):
        assert throttle.begin("a") > 0
    clock.now += 51  # the first failure has left the window; the refusals never entered it
    assert throttle.begin("a") == 0


def test_sessions_end_after_their_lifetime_and_on_sign_out():
    clock = Clock()
    sessions = Sessions(clock, lifetime=3600)
    first = sessions.start("Sam")
    second = sessions.start("Sam")
    assert first != second and len(first) >= 40
    assert sessions.get(first).user == "Sam"
    assert sessions.get("forged") is None and sessions.get(None) is None
    sessions.end(second)
    assert sessions.get(second) is None
    clock.now += 3600
    assert sessions.get(first) is None


def test_removing_a_user_ends_their_sessions_only():
    sessions = Sessions(Clock())
    sam, ann = sessions.start("Sam"), sessions.start("Ann")
    sessions.end_user("Sam")
    assert sessions.get(sam) is None and sessions.get(ann).user == "Ann"


def test_a_users_file_round_trips_and_damage_is_refused(tmp_path):
    users, token = Users().added("Sam Lee")
    again = decode(encode(users), tmp_path / "u.json")
    assert again == users and again.verify("Sam Lee", token) is not None
    for damaged in (b"[]", b'{"microintern-serve-users": 1, "users": [{"name": "x"}]}', b"\xff"):
        with pytest.raises(UsersFileRefused):
            decode(damaged, tmp_path / "u.json")


def test_the_log_has_no_traceback_and_no_locals():
    stream = io.StringIO()
    logs.setup(stream)
    try:
        student = "Ann Lee <ann@uni.example>"
        try:
            raise ValueError(student[:0] + "boom")
        except ValueError:
            logging.getLogger("aiohttp.server").exception("Error handling request")
    finally:
        logging.getLogger().handlers.clear()
    text = stream.getvalue()
    assert text.count("\n") == 1
    assert "Error handling request (error: ValueError)" in text
    assert "Traceback" not in text and "Ann" not in text and "boom" not in text
