"""The global options (--db, --user, --today and their variables) and the parser itself."""

import json
import subprocess
import sys

from microintern_tui.store.store import Store


def ok(result):
    """The command's output, once it is known to have succeeded."""
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_without_db_the_first_change_goes_to_the_users_data_dir(cli, cli_env, tmp_path):
    env = {k: v for k, v in cli_env.items() if k != "MICROINTERN_DB"}
    ok(
        cli(
            "intern",
            "add",
            "--name",
            "Ann Lee",
            "--email",
            "ann@uni.example",
            "--employer",
            "Bow",
            "--cohort",
            "Spring 2024",
            env=env,
        )
    )
    path = tmp_path / "xdg-data" / "microintern" / "microintern.json"
    assert [i.name for i in Store(path, "x").load().interns] == ["Ann Lee"]


def test_options_beat_the_environment(cli, cli_env, tmp_path):
    other = tmp_path / "other.json"
    env = {**cli_env, "MICROINTERN_TODAY": "2024-07-15"}
    rows = json.loads(
        ok(cli("milestones", "--cohort", "Summer 2024", "--json", today=None, env=env))
    )
    assert {r["key"]: r["when"] for r in rows}["midway"] == "this week"
    ok(
        cli(
            "--db",
            str(other),
            "--user",
            "priya",
            "intern",
            "add",
            "--name",
            "Ann Lee",
            "--email",
            "ann@uni.example",
            "--employer",
            "Bow",
            "--cohort",
            "Summer 2024",
            env=env,
        )
    )
    (ann,) = Store(other, "x").load().interns
    assert (ann.supervisor, ann.stamp.author) == ("priya", "priya")
    assert not (tmp_path / "team.json").exists()


def test_an_explicit_db_in_a_missing_folder_is_refused(cli, tmp_path):
    missing = tmp_path / "typo" / "team.json"
    result = cli("--db", str(missing), "cohort", "add", "Spring 2027", "--start", "2027-03-01")
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "does not exist" in result.stderr
    assert not missing.parent.exists()


def test_help_imports_neither_textual_nor_the_store(cli_env, tmp_path):
    """``microintern --help`` over SSH: the command modules import what is heavy lazily."""
    code = (
        "import sys\n"
        "from microintern_tui.cli import main\n"
        "try:\n"
        "    status = main(['--help'])\n"
        "except SystemExit as done:  # argparse's own exit after the help\n"
        "    status = done.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb')"
        " or m.startswith('microintern_tui.store'))\n"
        "print(status, heavy, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=cli_env, cwd=tmp_path, capture_output=True, text=True
    )
    assert "hours" in result.stdout and "export" in result.stdout
    assert result.stderr == "0 []\n"
