"""System programs the store and fault tests drive for real (Debian packages: ``.ci/run``).

A test that needs one skips without it, saying why, except under ``CI=true``, where a
missing program is a failure: CI installs them, so a skip there would hide a test.
"""

from __future__ import annotations

import os
import shutil

import pytest


def require(program: str, package: str | None = None) -> str:
    """The path of ``program``; skip (fail under CI) when it is not installed."""
    found = shutil.which(program)
    if found is None:
        why = f"{program} is not installed (Debian package {package or program})"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    return found


def faketime(offset: str) -> list[str]:
    """The command prefix that runs a program with its clock moved by ``offset``."""
    return [require("faketime"), offset]
