"""``microintern serve`` refuses to start without a proper users file, and says why."""

from __future__ import annotations

import os

from conftest import SUPERVISOR, free_port, listening
from test_serve_user_cli import one_line


def test_a_public_bind_without_users_is_refused(cli, demo_db):
    port = free_port()
    line = one_line(cli("--db", demo_db, "serve", "--host", "0.0.0.0", "--port", port), 2)
    assert "--users" in line
    assert not listening(port)


def test_loopback_needs_users_too(cli, demo_db):
    line = one_line(cli("--db", demo_db, "serve", "--port", free_port()), 2)
    assert "--users" in line


def test_a_token_file_looser_than_0600_is_refused(cli, demo_db, users):
    os.chmod(users.path, 0o644)
    port = free_port()
    line = one_line(cli("--db", demo_db, "serve", "--users", users.path, "--port", port), 1)
    assert "0644" in line and "chmod 600" in line
    assert not listening(port)


def test_a_missing_users_file_says_how_to_make_one(cli, demo_db, tmp_path):
    line = one_line(cli("--db", demo_db, "serve", "--users", tmp_path / "users.json"), 2)
    assert "serve-user add" in line


def test_a_users_file_with_nobody_is_refused(cli, demo_db, users):
    for name in (SUPERVISOR, "Ann Other"):
        assert cli("serve-user", "remove", name, "--users", users.path).returncode == 0
    line = one_line(cli("--db", demo_db, "serve", "--users", users.path), 2)
    assert "nobody could sign in" in line


def test_a_damaged_data_file_is_refused_before_serving(cli, users, tmp_path):
    db = tmp_path / "team.json"
    db.write_text("{not json")
    line = one_line(cli("--db", db, "serve", "--users", users.path, "--port", free_port()), 2)
    assert "team.json" in line
    assert db.read_text() == "{not json"


def test_bad_options_are_refused(cli, demo_db, users):
    for option, value in (("--port", "0"), ("--port", "http"), ("--public-url", "wss://x")):
        line = one_line(cli("--db", demo_db, "serve", "--users", users.path, option, value), 2)
        assert option in line


def test_a_busy_port_is_an_environment_fault(cli, demo_db, users, start_server):
    running = start_server(demo_db, users.path)
    line = one_line(cli("--db", demo_db, "serve", "--users", users.path, "--port", running.port), 1)
    assert str(running.port) in line and "in use" in line


def test_a_non_loopback_bind_without_tls_warns_naming_the_risk(demo_db, users, start_server):
    server = start_server(demo_db, users.path, host="0.0.0.0")
    status, out, err = server.stop()
    assert status == 0, err
    warning = next(line for line in err.splitlines() if "warning" in line)
    assert "0.0.0.0" in warning and "without TLS" in warning and "student data" in warning


def test_loopback_serves_without_a_warning(demo_db, users, start_server):
    server = start_server(demo_db, users.path)
    status, out, err = server.stop()
    assert status == 0, err
    assert "warning" not in err
    assert f"http://127.0.0.1:{server.port}/" in out
