"""The report and export commands through the real entry point, in subprocesses."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import pytest

from . import hostile_data
from .conftest import check_golden
from .fixture_data import TODAY, USER
from .run_cli import one_error_line, run


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("export", "hours", "--csv"), "hours_all.csv"),
        (("export", "hours", "--csv", "--cohort", "summer 2024", "--bom"), "hours_summer_bom.csv"),
        (("export", "completions", "--cohort", "Spring 2024"), "completions_spring.txt"),
        (("export", "completions", "--cohort", "Spring 2024", "--json"), "completions_spring.json"),
        (("export", "completions", "--cohort", "Spring 2024", "--csv"), "completions_spring.csv"),
        (("export", "milestones", "--ics", "--cohort", "Spring 2024"), "milestones_spring2024.ics"),
        (("export", "milestones", "--ics"), "milestones_all.ics"),
        (("report", "--cohort", "Summer 2024"), "report_summer2024.txt"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_stdout_is_the_golden_file(reports_db: Path, args: tuple[str, ...], golden: str) -> None:
    result = run(reports_db, *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    check_golden(golden, result.stdout)


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("export", "hours"), "hostile_hours.csv"),
        (("export", "completions", "--csv"), "hostile_completions.csv"),
        (("export", "completions", "--json"), "hostile_completions.json"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_hostile_data_exports_safely_to_a_pipe_and_a_file(
    hostile_db: Path, tmp_path: Path, args: tuple[str, ...], golden: str
) -> None:
    """Formula triggers, control and bidi characters in every field: the same safe bytes
    piped (as ``| cat`` or ``> file`` would get them) and written with ``-o``."""
    cohort = ("--cohort", hostile_data.COHORT)
    piped = run(hostile_db, *args, *cohort, user=hostile_data.AUTHOR)
    assert piped.returncode == 0, piped.stderr
    check_golden(golden, piped.stdout)
    assert b"\x1b" not in piped.stdout and "\u202e".encode() not in piped.stdout
    out = tmp_path / golden
    written = run(hostile_db, *args, *cohort, "-o", str(out), user=hostile_data.AUTHOR)
    assert written.returncode == 0, written.stderr
    check_golden(golden, out.read_bytes())


def test_output_file_is_written_and_named(reports_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "hours.csv"
    target.parent.mkdir()
    result = run(reports_db, "export", "hours", "--csv", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == f"wrote the hours CSV (93 entries) to {target}\n"
    check_golden("hours_all.csv", target.read_bytes())
    assert sorted(p.name for p in target.parent.iterdir()) == ["hours.csv"]  # no temp left


def test_output_file_relative_to_the_working_folder(reports_db: Path, tmp_path: Path) -> None:
    result = run(reports_db, "export", "milestones", "--ics", "-o", "cal.ics", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"wrote the milestone calendar (30 events) to cal.ics" in result.stdout
    check_golden("milestones_all.ics", (tmp_path / "cal.ics").read_bytes())


def test_output_file_replaces_an_older_export(reports_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "completions.json"
    target.write_text("old")
    result = run(
        reports_db, "export", "completions", "--cohort", "Spring 2024", "--json", "-o", str(target)
    )
    assert result.returncode == 0, result.stderr
    assert b"(2 of 7 completed)" in result.stdout
    check_golden("completions_spring.json", target.read_bytes())


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("report", "--cohort", "Winter 1999"), "cohort 'Winter 1999' not found"),
        (("report",), "--cohort"),
        (("export", "completions", "--cohort", "Nope"), "cohort 'Nope' not found"),
        (("export", "completions", "--cohort", "Spring 2024", "--csv", "--json"), "not allowed"),
        (("export", "hours", "--cohort", "Nope"), "cohort 'Nope' not found"),
        (("export", "milestones", "--ics", "--cohort", "Nope"), "cohort 'Nope' not found"),
        (("export",), "required"),
        (("export", "pdf"), "invalid choice"),
        (("export", "hours", "-o", "/nonexistent-dir/x.csv"), "/nonexistent-dir does not exist"),
        (("export", "milestones", "-o", "DB"), "is the data file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    reports_db: Path, args: tuple[str, ...], words: str
) -> None:
    before = hashlib.sha256(reports_db.read_bytes()).hexdigest()
    args = tuple(str(reports_db) if a == "DB" else a for a in args)
    assert words in one_error_line(run(reports_db, *args))
    assert hashlib.sha256(reports_db.read_bytes()).hexdigest() == before


# -- hours add and the 40-hour cap -----------------------------------------------------------


@pytest.fixture
def own_db(reports_db: Path, tmp_path: Path) -> Path:
    """A copy of the fixed data set this test may change."""
    path = tmp_path / "team.json"
    shutil.copyfile(reports_db, path)
    return path


def test_hours_over_40_are_refused_without_allow_over(own_db: Path) -> None:
    before = own_db.read_bytes()
    line = one_error_line(
        run(own_db, "hours", "add", "hana@uni.example", "--date", "2024-07-16", "--hours", "21")
    )
    assert line == (
        "microintern: error: hours '21': would take Hana Sato to 41 h, over the 40 agreed "
        "with the host employer; add --allow-over to record it anyway"
    )
    assert own_db.read_bytes() == before


def test_hours_over_40_are_recorded_with_allow_over(own_db: Path) -> None:
    result = run(
        own_db,
        "hours",
        "add",
        "hana@uni.example",
        "--date",
        "2024-07-16",
        "--hours",
        "21",
        "--allow-over",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "recorded 21 h on 2024-07-16 for Hana Sato (total 41 / 40)\n"
    assert b"over the 40 hours" in result.stderr
    report = run(own_db, "report", "--cohort", "Summer 2024").stdout.decode()
    assert "Hana Sato: 41 h (over 40)" in report


def test_hours_up_to_40_need_no_flag(own_db: Path) -> None:
    result = run(
        own_db, "hours", "add", "hana@uni.example", "--date", "2024-07-16", "--hours", "20"
    )
    assert result.returncode == 0, result.stderr
    assert b"(total 40 / 40)" in result.stdout


def test_on_a_terminal_control_characters_show_as_pictures(reports_db: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "microintern_tui.cli",
            "--db",
            str(reports_db),
            "--user",
            USER,
            "--today",
            TODAY.isoformat(),
            "export",
            "hours",
            "--cohort",
            "Spring 2024",
        ],
        env=env,
        timeout=60,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    shown = child.before.decode("utf-8")
    assert "\x1b" not in shown and "\x07" not in shown
    assert "␛]0;pwned␇␛[31mred" in shown
