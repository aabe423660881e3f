"""The real ``microintern`` command in a subprocess, over a data file of the report tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .fixture_data import TODAY, USER


def run(
    db: Path,
    *args: str,
    cwd: Path | None = None,
    user: str = USER,
    umask: int = -1,
) -> subprocess.CompletedProcess[bytes]:
    """``microintern --db DB --user USER --today TODAY ARGS`` with no MICROINTERN_* settings.

    ``umask`` (when not -1) is the command's umask.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("MICROINTERN_")}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "microintern_tui.cli",
            "--db",
            str(db),
            "--user",
            user,
            "--today",
            TODAY.isoformat(),
            *args,
        ],
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=False,
        umask=umask,
    )


def one_error_line(result: subprocess.CompletedProcess[bytes], status: int = 2) -> str:
    """The one line on stderr of a command that failed with ``status`` and printed nothing."""
    assert result.returncode == status, result
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("microintern: error: "), lines
    return lines[0]
