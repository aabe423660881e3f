"""What one supervisor's session leaves on the host is theirs: outbox and crash reports.

Under ``serve`` every supervisor's app runs as the same OS user, told apart only by
``MICROINTERN_USER``; so each per-user folder is keyed by that name.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from microintern_tui import locations

#: A command that fails as a bug would (status 70 and a crash report), run as ``main``.
BUGGY_STATUS = """
import sys
import microintern_tui.commands.status as status

def cmd_status(args):
    raise KeyError("Ann Lee <ann@uni.example>")

status.cmd_status = cmd_status
from microintern_tui.cli import main
sys.exit(main())
"""


def _crash_as(user: str, env: dict[str, str], cwd: Path, db: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", BUGGY_STATUS, "--db", str(db), "status"],
        env={**env, "MICROINTERN_USER": user},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 70, result.stderr
    return result.stderr


def test_each_supervisor_has_their_own_crash_reports(serve_env, tmp_path, demo_db):
    state = tmp_path / "xdg-state" / "microintern" / "users"
    line_sam = _crash_as("Sam Supervisor", serve_env, tmp_path, demo_db)
    line_ann = _crash_as("Ann Other", serve_env, tmp_path, demo_db)
    (sam_report,) = (state / "sam-supervisor").iterdir()
    (ann_report,) = (state / "ann-other").iterdir()
    assert str(sam_report) in line_sam and str(ann_report) in line_ann
    for folder in (state, state / "sam-supervisor", state / "ann-other"):
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    assert oct(sam_report.stat().st_mode & 0o777) == oct(0o600)


def test_per_supervisor_folders_never_leave_their_parent(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    for name in ("../../etc", "..", "a/b", "Sam Supervisor", "SAM SUPERVISOR", "é\\x"):
        for folder, parent in (
            (locations.user_state_dir(name), tmp_path / "state" / "microintern" / "users"),
            (locations.outbox_dir(name), tmp_path / "data" / "microintern" / "outbox"),
        ):
            assert folder.parent == parent and folder.name not in ("", ".", "..")
    assert locations.user_state_dir("Sam Supervisor") == locations.user_state_dir("sam supervisor")
