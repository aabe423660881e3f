"""``serve-user add|remove``: the users file, its mode, the token shown once, revocation."""

from __future__ import annotations

import os

import pytest

from microintern_tui.serve.users import load


def one_line(result, status: int) -> str:
    """The one error line of a command that exited with ``status``, no traceback."""
    assert result.returncode == status, (result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("microintern: error: "), result.stderr
    return lines[0]


def test_add_makes_a_private_file_and_prints_the_token_once(cli, tmp_path):
    path = tmp_path / "users.json"
    result = cli("serve-user", "add", "Sam Supervisor", "--users", path)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n" and len(token) >= 32
    assert oct(path.stat().st_mode & 0o777) == oct(0o600)
    assert token not in path.read_text()  # only a salted hash is kept
    users = load(path)
    assert users.verify("Sam Supervisor", token) is not None
    assert users.verify("sam supervisor", token) is not None  # names compare without case
    assert users.verify("Sam Supervisor", token + "x") is None

    second = cli("serve-user", "add", "Ann Other", "--users", path)
    assert second.returncode == 0, second.stderr
    assert second.stdout.strip() != token
    both = load(path)
    assert [u.name for u in both.users] == ["Sam Supervisor", "Ann Other"]
    assert both.verify("Sam Supervisor", token) is not None  # the first still signs in


def test_adding_a_name_twice_is_refused_and_changes_nothing(cli, users):
    before = users.path.read_bytes()
    line = one_line(cli("serve-user", "add", "SAM SUPERVISOR", "--users", users.path), 2)
    assert "already has a token" in line
    assert users.path.read_bytes() == before


@pytest.mark.parametrize("name", ["", "   ", "Sam\tLee", "Sam\x1b[2J", "x" * 65])
def test_a_bad_name_is_refused(cli, tmp_path, name):
    path = tmp_path / "users.json"
    line = one_line(cli("serve-user", "add", name, "--users", path), 2)
    assert "NAME" in line
    assert not path.exists()


def test_remove_revokes_the_token(cli, users):
    token = users.tokens["Sam Supervisor"]
    result = cli("serve-user", "remove", "Sam Supervisor", "--users", users.path)
    assert result.returncode == 0, result.stderr
    assert "removed Sam Supervisor" in result.stdout
    after = load(users.path)
    assert after.verify("Sam Supervisor", token) is None
    assert after.verify("Ann Other", users.tokens["Ann Other"]) is not None
    assert oct(users.path.stat().st_mode & 0o777) == oct(0o600)


def test_removing_someone_not_there_is_refused(cli, users):
    before = users.path.read_bytes()
    line = one_line(cli("serve-user", "remove", "Nobody", "--users", users.path), 2)
    assert "Nobody" in line
    assert users.path.read_bytes() == before


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644, 0o610])
@pytest.mark.parametrize("command", ["add", "remove"])
def test_a_users_file_looser_than_0600_is_refused(cli, users, mode, command):
    os.chmod(users.path, mode)
    before = users.path.read_bytes()
    name = "New Person" if command == "add" else "Ann Other"
    line = one_line(cli("serve-user", command, name, "--users", users.path), 1)
    assert f"{mode:04o}" in line and "chmod 600" in line
    assert users.path.read_bytes() == before
    assert os.stat(users.path).st_mode & 0o777 == mode  # never changed behind the owner's back


def test_a_file_that_is_not_a_users_file_is_refused_untouched(cli, tmp_path):
    path = tmp_path / "team.json"
    path.write_text('{"interns": []}')
    os.chmod(path, 0o600)
    line = one_line(cli("serve-user", "add", "Sam", "--users", path), 2)
    assert "not a users file" in line
    assert path.read_text() == '{"interns": []}'


def test_a_users_file_in_a_missing_folder_is_an_environment_fault(cli, tmp_path):
    one_line(cli("serve-user", "add", "Sam", "--users", tmp_path / "nowhere" / "u.json"), 1)
