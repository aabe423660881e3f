"""Every command, every input: one line on stderr, never a traceback (issue 12, part 1).

Through the real command: bad input exits 2 naming the option or field, and the data file
is left byte-for-byte unchanged.
"""

from __future__ import annotations

import os
import subprocess

import pytest

#: Bytes no UTF-8 decoder accepts (Latin-1 "café", then a lone 0xff), as the command gets
#: them in argv; Python hands them over as lone surrogates.
NOT_UTF8 = os.fsdecode(b"caf\xe9 \xff")


def assert_one_line(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The command exited with ``status`` and said why in exactly one line; returns it."""
    assert result.returncode == status, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("microintern: error: "), result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# -- bad input: exit 2 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (
            ("hours", "add", "ann@uni.example", "--date", "2024-03-12", "--hours", "2"),
            "--note",
        ),
        (("intern", "add", "--email", "bo@uni.example", "--employer", "X"), "--name"),
        (("training", "ann@uni.example", "--pre"), "--user"),
        (("checkin", "add", "ann@uni.example"), "--note"),
    ],
    ids=["hours-note", "intern-name", "user", "checkin-note"],
)
def test_text_that_is_not_utf8_is_refused_naming_the_option(cli, ann_file, file_hash, argv, option):
    before = file_hash(ann_file)
    if option == "--user":
        argv = ("--user", NOT_UTF8, *argv)
    elif option == "--name":
        argv = (*argv, "--cohort", "Spring 2024", "--name", NOT_UTF8)
    else:
        argv = (*argv, option, NOT_UTF8)
    line = assert_one_line(cli(*argv), 2)
    assert option in line and "UTF-8" in line
    assert r"caf\xe9 \xff" in line  # the bytes as given
    assert file_hash(ann_file) == before


def test_a_user_name_from_the_environment_that_is_not_utf8_is_refused(
    cli, cli_env, ann_file, file_hash
):
    before = file_hash(ann_file)
    env = {**cli_env, "MICROINTERN_USER": NOT_UTF8}
    line = assert_one_line(cli("training", "ann@uni.example", "--pre", env=env), 2)
    assert "MICROINTERN_USER" in line and "UTF-8" in line
    assert file_hash(ann_file) == before


def test_import_of_a_folder_is_refused(cli, ann_file, file_hash, tmp_path):
    folder = tmp_path / "rosters"
    folder.mkdir()
    before = file_hash(ann_file)
    line = assert_one_line(cli("import", str(folder)), 2)
    assert str(folder) in line and "folder" in line
    assert file_hash(ann_file) == before


def test_a_roster_field_over_the_csv_size_limit_is_refused_naming_its_line(
    cli, ann_file, file_hash, tmp_path
):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        f"name,email,employer,cohort,supervisor\nBo,bo@uni.example,{'x' * 200_000},Spring 2024,\n",
        encoding="utf-8",
    )
    before = file_hash(ann_file)
    line = assert_one_line(cli("import", str(roster)), 2)
    assert f"{roster}:2" in line
    assert file_hash(ann_file) == before


@pytest.mark.parametrize("via", ["--db", "MICROINTERN_DB"])
def test_a_data_file_under_a_regular_file_is_refused(cli, cli_env, ann_file, file_hash, via):
    """``--db notes.txt/team.json``: a bad path (exit 2), naming where it came from."""
    (ann_file.parent / "notes.txt").write_text("not a folder")
    under = ann_file.parent / "notes.txt" / "team.json"
    before = file_hash(ann_file)
    if via == "--db":
        result = cli("--db", str(under), "cohort", "add", "Spring 2027", "--start", "2027-03-01")
    else:
        env = {**cli_env, "MICROINTERN_DB": str(under)}
        result = cli("cohort", "add", "Spring 2027", "--start", "2027-03-01", env=env)
    line = assert_one_line(result, 2)
    assert via in line and str(under) in line and "not a folder" in line
    assert file_hash(ann_file) == before


def test_a_data_file_that_is_a_folder_is_refused(cli, ann_file, tmp_path):
    line = assert_one_line(cli("--db", str(tmp_path), "status"), 2)
    assert "--db" in line and str(tmp_path) in line and "folder" in line
