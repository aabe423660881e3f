"""Every command, every input: one line on stderr, never a traceback (issue 12, part 1).

Through the real command: bad input exits 2 naming the option or field, a fault of the
environment exits 1 naming the path, and the data file is left byte-for-byte unchanged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from microintern_tui.store.store import Store

#: Bytes no UTF-8 decoder accepts (Latin-1 "café", then a lone 0xff), as the command gets
#: them in argv; Python hands them over as lone surrogates.
NOT_UTF8 = os.fsdecode(b"caf\xe9 \xff")
COMMAND = [sys.executable, "-m", "microintern_tui.cli", "--today", "2024-03-18"]
ADD_BO = (
    "intern",
    "add",
    "--name",
    "Bo",
    "--email",
    "bo@uni.example",
    "--employer",
    "X",
    "--cohort",
    "Spring 2024",
)


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


@pytest.mark.parametrize("output", ["", "."])
def test_an_export_to_an_empty_name_or_a_folder_is_refused(cli, ann_file, file_hash, output):
    before = file_hash(ann_file)
    line = assert_one_line(cli("export", "hours", "--csv", "-o", output), 2)
    assert "-o" in line or "folder" in line or "file name" in line
    assert file_hash(ann_file) == before


def test_a_record_key_thousands_of_digits_long_is_refused(cli, ann_file, file_hash):
    """TinyDB keys records by number: a hand edit or another tool can write any digits."""
    data = json.loads(ann_file.read_bytes())
    record = next(iter(data["interns"].values()))
    data["interns"]["9" * 5000] = {**record, "id": str(uuid.uuid4()), "email": "cy@uni.example"}
    ann_file.write_text(json.dumps(data), encoding="utf-8")
    before = file_hash(ann_file)
    line = assert_one_line(cli(*ADD_BO), 2)
    assert str(ann_file) in line
    assert file_hash(ann_file) == before


# -- faults of the environment: exit 1 -----------------------------------------------------


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=False)


@pytest.fixture
def read_only_copy(ann_file: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the data file in a folder nobody may write to, root included.

    Root ignores permission bits, so as root the folder is a read-only bind mount of itself.
    """
    folder = tmp_path / "readonly"
    folder.mkdir()
    copy = folder / "team.json"
    shutil.copy2(ann_file, copy)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield copy
        folder.chmod(0o755)
        return
    bind = _mount("--bind", str(folder), str(folder))
    if bind.returncode:
        pytest.skip(f"cannot bind-mount a folder here: {bind.stderr.strip()}")
    try:
        remount = _mount("-o", "remount,ro,bind", str(folder))
        if remount.returncode:
            pytest.skip(f"cannot remount a folder read-only here: {remount.stderr.strip()}")
        yield copy
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_folder_is_a_fault_of_the_environment(cli, read_only_copy, file_hash):
    before = file_hash(read_only_copy)
    result = cli("--db", str(read_only_copy), "training", "ann@uni.example", "--pre")
    line = assert_one_line(result, 1)
    assert str(read_only_copy.parent) in line
    assert "read-only" in line or "permission" in line
    assert file_hash(read_only_copy) == before


def test_a_lock_path_that_is_a_folder_is_a_fault_of_the_environment(cli, ann_file, file_hash):
    lock = ann_file.with_name(ann_file.name + ".lock")
    lock.unlink(missing_ok=True)  # left by the fixture's own writes
    lock.mkdir()
    before = file_hash(ann_file)
    line = assert_one_line(cli("training", "ann@uni.example", "--pre"), 1)
    assert str(lock) in line and "folder" in line
    assert file_hash(ann_file) == before


@pytest.fixture
def full_disk(ann_file: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the data file on a 64 KiB file system with no space left."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder = tmp_path / "full"
    folder.mkdir()
    mounted = _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder))
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        copy = folder / "team.json"
        shutil.copy2(ann_file, copy)
        filler = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass  # the disk is full
        finally:
            os.close(filler)
        yield copy
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_is_a_fault_of_the_environment(cli, full_disk, file_hash):
    before = file_hash(full_disk)
    line = assert_one_line(cli("--db", str(full_disk), *ADD_BO), 1)
    assert str(full_disk) in line and "full" in line
    assert file_hash(full_disk) == before


def _run(args: list[str], env: dict[str, str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*COMMAND, *args],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
        **kwargs,
    )


@pytest.mark.parametrize("command", [("status",), ("milestones",), ("status", "--json")])
def test_a_full_standard_output_is_one_line(cli_env, ann_file, file_hash, tmp_path, command):
    """``microintern status > /dev/full``."""
    before = file_hash(ann_file)
    with open("/dev/full", "w") as full:
        result = _run(list(command), cli_env, tmp_path, stdout=full)
    line = assert_one_line(result, 1)
    assert "standard output" in line and "full" in line
    assert file_hash(ann_file) == before


def test_a_closed_standard_output_is_one_line_and_nothing_is_done(
    cli_env, ann_file, file_hash, tmp_path
):
    """Started with file descriptor 1 closed: not even the change is made, unreported."""
    before = file_hash(ann_file)
    result = _run(
        ["training", "ann@uni.example", "--pre"],
        cli_env,
        tmp_path,
        stdout=None,
        preexec_fn=lambda: os.close(1),
    )
    line = assert_one_line(result, 1)
    assert "standard output is closed" in line
    assert file_hash(ann_file) == before


def test_an_output_encoding_without_the_names_letters_still_prints(cli_env, db_path, tmp_path):
    """PYTHONIOENCODING=latin-1: a Polish or Chinese name prints with "?" in place."""
    store = Store(db_path, "sam")
    store.add_intern("Łukasz 李", "lukasz@uni.example", "Bow", "Spring 2024")
    store.add_intern("Zoë Brontë", "zoe@uni.example", "Bow", "Spring 2024")
    env = {**cli_env, "PYTHONIOENCODING": "latin-1"}
    result = subprocess.run(
        [*COMMAND, "status"], env=env, cwd=tmp_path, capture_output=True, timeout=120, check=False
    )
    assert (result.returncode, result.stderr) == (0, b"")
    out = result.stdout.decode("latin-1")
    assert "?ukasz ?" in out and "Zoë Brontë" in out


# -- a bug: exit 70 and a crash report -----------------------------------------------------

#: A command that fails as a bug would, with student data in its message and its locals:
#: run through the real entry point, ``main`` must keep all of it off the terminal and out
#: of the report.
BUGGY_STATUS = """
import sys
import microintern_tui.commands.status as status

def cmd_status(args):
    name = "Ann Lee"
    raise KeyError(f"{name} <ann@uni.example> note: struggling")

status.cmd_status = cmd_status
from microintern_tui.cli import main
sys.exit(main())
"""


def _buggy_status(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BUGGY_STATUS, "--today", "2024-03-18", "status", "--json"],
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_a_bug_is_one_line_pointing_to_a_private_report_without_student_data(
    cli_env, ann_file, file_hash, tmp_path
):
    before = file_hash(ann_file)
    result = _buggy_status(cli_env, tmp_path)
    line = assert_one_line(result, 70)
    assert "KeyError" in line and "Ann" not in line and "ann@" not in line
    folder = tmp_path / "xdg-state" / "microintern" / "users" / "sam"  # MICROINTERN_USER's
    (report,) = folder.iterdir()
    assert str(report) in line
    assert oct(report.stat().st_mode & 0o777) == oct(0o600)
    assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    text = report.read_text(encoding="utf-8")
    assert "exception: KeyError" in text and "command: status" in text
    assert "microintern_tui/cli.py:" in text  # where: file and line, from the package on
    assert "in cmd_status" in text
    for data in ("Ann", "ann@uni.example", "struggling", "Bow Food Bank", "--json", "2024-03-18"):
        assert data not in text
    assert file_hash(ann_file) == before


def test_a_bug_whose_report_cannot_be_written_is_still_one_line(cli_env, ann_file, tmp_path):
    (tmp_path / "state-file").write_text("a file where the state folder should be")
    env = {**cli_env, "XDG_STATE_HOME": str(tmp_path / "state-file")}
    line = assert_one_line(_buggy_status(env, tmp_path), 70)
    assert "KeyError" in line and "could not be written" in line
