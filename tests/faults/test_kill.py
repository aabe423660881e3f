"""``kill -9`` at each step of every writing command's save.

Each command is first run traced, which lists the calls it makes on the team's folder
(the lock, the owner record, the temp file's write and fsync, the backup's link, the
replace...). Then, in a fresh copy each time, it is killed with SIGKILL just before each of
those calls, and once after the last. After every kill: the file parses, ``check`` passes,
nothing readable by others is left, the lock can be taken, and the command run again does
its work (unless the killed one had already saved it).
"""

from __future__ import annotations

import pytest

from .commands import COMMANDS
from .conftest import Case, in_parallel

pytestmark = pytest.mark.slow


def _kill_and_recover(case: Case, n: int, where: str) -> None:
    name = " ".join(case.command.args[:2])
    killed = case.run(fault=f"kill:{n}")
    assert killed.returncode == -9, f"{where}: not killed ({killed.stderr!r})"
    case.assert_sound(killed, what=f"{name}, killed {where}")
    if not case.saved():
        again = case.run(args=case.command.again(case.context) if case.command.again else None)
        assert again.returncode == 0, f"{name}, again after a kill {where}: {again.stderr}"
        case.assert_sound(again, what=f"{name}, again after a kill {where}")


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_killed_at_any_step_leaves_a_sound_file_and_can_be_run_again(new_case, name):
    steps = new_case(name).steps()
    assert steps, "the command made no call on the data file's folder"
    points = [*range(1, len(steps) + 1), 0]
    cases = [new_case(name) for _ in points]
    in_parallel(
        lambda case, n: _kill_and_recover(
            case, n, f"before step {n}: {steps[n - 1]}" if n else "after the last step"
        ),
        list(zip(cases, points, strict=True)),
    )
