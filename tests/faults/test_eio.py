"""An I/O error at each ``fsync`` of every writing command (a failing disk, a share gone).

The OS cannot fail an fsync on demand, so the test-only ``sitecustomize`` makes the Nth
``os.fsync`` of the real process raise EIO. Whatever fsync fails: the command either saved
its change and says so (exit 0), or says in one line that it did not (exit 1) and the
change is not in the file; the file parses, ``check`` passes, and the command run again
does its work.
"""

from __future__ import annotations

import pytest

from .commands import COMMANDS
from .conftest import Case, in_parallel


def _fail_fsync(case: Case, n: int, step: str, after: str) -> None:
    name = " ".join(case.command.args[:2])
    what = f"{name}, EIO at fsync {n} ({step}, after {after})"
    result = case.run(fault=f"eio:fsync:{n}")
    case.assert_sound(result, what=what)
    if result.returncode == 0 and after == "replace team.json":
        # The new version was in place when the folder's fsync failed: saved, and said.
        assert "the new version is in place, but a crash now could lose it" in result.stderr
    if result.returncode != 0:
        assert "input/output error" in result.stderr, what
        assert not case.saved(), f"{what}: said it failed, yet the change is in the file"
        again = case.run(args=case.command.again(case.context) if case.command.again else None)
        assert again.returncode == 0, f"{what}, again: {again.stderr}"
        case.assert_sound(again, what=f"{what}, again")


@pytest.mark.parametrize("name", COMMANDS)
def test_an_io_error_at_any_fsync_is_saved_or_said(new_case, name):
    steps = new_case(name).steps()
    fsyncs = [(step, steps[i - 1]) for i, step in enumerate(steps) if step.startswith("fsync ")]
    if name == "unlock":
        assert fsyncs == []  # it only removes a file
        return
    assert ("fsync .", "replace team.json") in fsyncs
    cases = [new_case(name) for _ in fsyncs]
    in_parallel(
        _fail_fsync,
        [
            (case, n, step, after)
            for n, (case, (step, after)) in enumerate(zip(cases, fsyncs, strict=True), 1)
        ],
    )
