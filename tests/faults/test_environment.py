"""Every writing command on a full disk, in a read-only folder, through a symlink, and with
the clock a year ahead or behind: all real (a small tmpfs, a read-only bind mount, a link,
libfaketime), with nothing injected into the process.

After each: the file parses, ``check`` passes, a change reported as saved is there, and a
command that failed said so in one line (exit 1) and left the file as it was; once the
fault is gone, the same command does its work.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .commands import COMMANDS
from .conftest import Case, in_parallel, mount, umount
from .programs import faketime

PAGE = 4096


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs of its own (mounting needs root: skipped elsewhere, failed under CI)."""
    disk = tmp_path / "small-disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(disk))
    try:
        yield disk
    finally:
        umount(disk)


def _fill(disk: Path, leave_pages: int) -> Path:
    """Fill the disk up, then free ``leave_pages`` pages; returns the filler file."""
    filler = disk / "filler"
    chunk = b"\0" * (64 * 1024)
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(chunk)
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    size = filler.stat().st_size // PAGE * PAGE
    os.truncate(filler, max(0, size - leave_pages * PAGE))
    return filler


def _fails_in_one_line_and_changes_nothing(case: Case, result, words: str, what: str) -> None:
    case.assert_sound(result, what=what)
    if result.returncode != 0:
        assert result.returncode == 1, what
        assert words in result.stderr, f"{what}: {result.stderr!r}"
        assert case.db.read_bytes() == case.before, f"{what}: the file changed"
        assert not case.saved(), what


@pytest.mark.slow
@pytest.mark.parametrize("leave_pages", [0, 1, 4])
def test_every_command_on_a_full_disk(new_case, small_disk, leave_pages):
    for name in COMMANDS:
        case = new_case(name, root=small_disk)
        filler = _fill(small_disk, leave_pages)
        what = f"{name} with {leave_pages} pages free"
        full = case.run()
        _fails_in_one_line_and_changes_nothing(case, full, "the disk is full", what)
        if name not in ("unlock",):  # unlock only removes a file: a full disk is no matter
            assert full.returncode == 1 or leave_pages > 0, f"{what}: {full.stdout!r}"
        filler.unlink()
        if full.returncode != 0:
            again = case.run(args=case.command.again(case.context) if case.command.again else None)
            assert again.returncode == 0, f"{what}, again with room: {again.stderr}"
            case.assert_sound(again, what=f"{what}, again with room")
        shutil.rmtree(case.folder)


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[object]:
    """``view(folder)``: the folder bind-mounted read-only elsewhere (unmounted after)."""
    mounted: list[Path] = []

    def view(folder: Path) -> Path:
        target = tmp_path / f"read-only-{len(mounted)}"
        target.mkdir()
        mount("--bind", "-o", "ro", str(folder), str(target))
        mounted.append(target)
        return target

    try:
        yield view
    finally:
        for target in mounted:
            umount(target)


def test_every_command_in_a_read_only_folder(new_case, read_only_view):
    for name in COMMANDS:
        case = new_case(name)
        view = read_only_view(case.folder)
        refused = case.run(db=view / "team.json")
        what = f"{name} in a read-only folder"
        assert refused.returncode == 1, f"{what}: {refused.stdout!r} {refused.stderr!r}"
        _fails_in_one_line_and_changes_nothing(case, refused, "read-only file system", what)
        again = case.run()  # the same folder, writable
        assert again.returncode == 0, f"{what}, again where it can write: {again.stderr}"
        case.assert_sound(again, what=f"{what}, again where it can write")


def _through_a_link(case: Case) -> None:
    link = case.home / "team.json"
    link.symlink_to(case.db)
    result = case.run(db=link)
    assert result.returncode == 0, result.stderr
    case.assert_sound(result, what=f"{case.command.args[:2]} through a link")
    assert link.is_symlink() and os.readlink(link) == str(case.db)
    assert sorted(p.name for p in case.home.iterdir() if p.name != "data") == ["team.json"]


def test_every_command_through_a_symlinked_data_file(new_case):
    in_parallel(_through_a_link, [(new_case(name),) for name in COMMANDS])


def _with_the_clock(case: Case, offset: str) -> None:
    result = case.run(prefix=faketime(offset))
    what = f"{case.command.args[:2]} with the clock {offset}"
    assert result.returncode == 0, f"{what}: {result.stderr}"
    case.assert_sound(result, what=what)
    after = case.run(args=("hours", "add", "ann@uni.example", "--date", "2024-03-12",
                           "--hours", "1", "--note", "with the clock right"))  # fmt: skip
    assert after.returncode == 0, f"{what}, then with the clock right: {after.stderr}"
    case.assert_sound(after, what=f"{what}, then with the clock right", own_change=False)


@pytest.mark.slow
@pytest.mark.parametrize("offset", ["+400 days", "-400 days"])
def test_every_command_with_the_clock_a_year_out(new_case, offset):
    faketime(offset)  # skips (fails under CI) without libfaketime
    in_parallel(_with_the_clock, [(new_case(name), offset) for name in COMMANDS])
