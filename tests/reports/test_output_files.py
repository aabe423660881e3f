"""``-o FILE`` through the real command: the file named is the file changed, and only it.

An export never replaces the data file, a symlink or a special file (a FIFO, a device, a
folder) with a regular file: it writes through a link or a device, or refuses in one line.
An export is derived from the data file, so it takes the data file's mode without the bits
for others, and never loosens the mode of an export it replaces.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import check_golden
from .run_cli import one_error_line, run

HOURS = ("export", "hours", "--csv")


@pytest.fixture
def db(reports_db: Path, tmp_path: Path) -> Path:
    """A copy of the fixed data set in its own folder (``data/``), apart from the outputs."""
    path = tmp_path / "data" / "team.json"
    path.parent.mkdir()
    shutil.copyfile(reports_db, path)
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for the exports."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- links ------------------------------------------------------------------------------------


def test_a_symlink_keeps_the_link_and_writes_its_target(
    db: Path, out: Path, tmp_path: Path
) -> None:
    real = tmp_path / "shared" / "hours.csv"
    real.parent.mkdir()
    real.write_text("last week's export")
    link = out / "hours.csv"
    link.symlink_to(real)
    result = run(db, *HOURS, "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == f"wrote the hours CSV (93 entries) to {link}\n"
    assert link.is_symlink() and os.readlink(link) == str(real)
    check_golden("hours_all.csv", real.read_bytes())
    assert names(out) == ["hours.csv"] and names(real.parent) == ["hours.csv"]  # no temp left


def test_a_dangling_symlink_gets_its_target_made(db: Path, out: Path, tmp_path: Path) -> None:
    real = tmp_path / "shared" / "new.csv"
    real.parent.mkdir()
    link = out / "new.csv"
    link.symlink_to(real)
    result = run(db, *HOURS, "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    check_golden("hours_all.csv", real.read_bytes())


@pytest.mark.parametrize("how", ["symlink", "dotdot", "hardlink", "symlinked folder"])
def test_the_data_file_is_refused_however_it_is_named(
    db: Path, out: Path, tmp_path: Path, how: str
) -> None:
    before = digest(db)
    if how == "symlink":
        target = out / "hours.csv"
        target.symlink_to(db)
    elif how == "dotdot":
        target = out / ".." / "data" / "." / "team.json"
    elif how == "hardlink":
        target = out / "hours.csv"
        os.link(db, target)
    else:
        (out / "data").symlink_to(db.parent)
        target = out / "data" / "team.json"
    line = one_error_line(run(db, *HOURS, "-o", str(target)))
    assert line == f"microintern: error: {target} is the data file; choose another file name"
    assert digest(db) == before
    assert names(db.parent) == ["team.json"]
    if how == "symlink":
        assert target.is_symlink()


# -- special files ----------------------------------------------------------------------------


def test_a_fifo_with_a_reader_gets_the_bytes_and_stays_a_fifo(db: Path, out: Path) -> None:
    fifo = out / "pipe"
    os.mkfifo(fifo)
    # The reader opens first (a non-blocking open needs no writer); the export (a few KB)
    # fits in the pipe's buffer, so the command finishes before anything is read.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = run(db, *HOURS, "-o", str(fifo))
        assert result.returncode == 0, result.stderr
        os.set_blocking(reader, True)
        chunks = []
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
    finally:
        os.close(reader)
    check_golden("hours_all.csv", b"".join(chunks))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert names(out) == ["pipe"]


def test_a_fifo_nobody_reads_is_one_line_not_a_hang(db: Path, out: Path) -> None:
    fifo = out / "pipe"
    os.mkfifo(fifo)
    line = one_error_line(run(db, *HOURS, "-o", str(fifo)), status=1)
    assert line == f"microintern: error: could not write {fifo}: nothing is reading from it."
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.fixture
def dev_null_guard() -> Iterator[None]:
    """Put /dev/null back as the character device it is, should a failing run replace it."""
    before = os.lstat("/dev/null")
    yield
    if not stat.S_ISCHR(os.lstat("/dev/null").st_mode) and os.geteuid() == 0:
        os.unlink("/dev/null")
        os.mknod("/dev/null", stat.S_IFCHR | 0o666, before.st_rdev)
        os.chmod("/dev/null", stat.S_IMODE(before.st_mode))  # mknod's mode is under the umask


def test_dev_null_stays_a_character_device(db: Path, dev_null_guard: None) -> None:
    """As root (as CI runs) a replace would succeed: /dev/null must be written through."""
    before = os.lstat("/dev/null")
    result = run(db, *HOURS, "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev, stat.S_IMODE(after.st_mode)) == (
        before.st_ino,
        before.st_rdev,
        stat.S_IMODE(before.st_mode),
    )
    assert not [p for p in Path("/dev").glob(".null.*")]  # no temp file left in /dev


def test_a_device_of_our_own_is_written_through(db: Path, out: Path) -> None:
    """The same on a null device made for the test, so no system file is at stake."""
    device = out / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = run(db, *HOURS, "-o", str(device))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert names(out) == ["null"]


# -- names that are not a file ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        (".", ". names a folder; give a file name, e.g. ./out.csv"),
        ("", "the output file name is empty; give a file name, e.g. -o out.csv"),
        ("out", "out is a folder; give a file name inside it, e.g. out/out.csv"),
        ("out/", "out/ names a folder; give a file name, e.g. out/out.csv"),
        ("missing/x.csv", "cannot write missing/x.csv: the folder {tmp}/missing does not exist"),
        ("a-file/x.csv", "cannot write a-file/x.csv: the folder {tmp}/a-file is not a folder"),
    ],
)
def test_a_name_that_is_not_a_file_is_one_line_exit_2(
    db: Path, out: Path, tmp_path: Path, name: str, words: str
) -> None:
    (tmp_path / "a-file").write_text("a file")
    before = digest(db), names(tmp_path), names(out)
    line = one_error_line(run(db, *HOURS, "-o", name, cwd=tmp_path))
    assert line == "microintern: error: " + words.format(tmp=tmp_path)
    assert (digest(db), names(tmp_path), names(out)) == before
    assert (tmp_path / "a-file").read_text() == "a file"


# -- modes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data_mode", "old_export_mode", "expected"),
    [
        (0o600, None, 0o600),
        (0o640, None, 0o640),
        (0o644, None, 0o640),  # the usual umask's data file: the export is not world-readable
        (0o664, None, 0o660),
        (0o660, 0o644, 0o640),  # an old world-readable export loses the bits for others
        (0o660, 0o600, 0o600),  # and a private one is never loosened
        (0o600, 0o664, 0o600),
    ],
)
def test_an_export_takes_the_data_files_mode_without_others_bits(
    db: Path, out: Path, data_mode: int, old_export_mode: int | None, expected: int
) -> None:
    target = out / "hours.csv"
    if old_export_mode is not None:
        target.write_text("old")
        target.chmod(old_export_mode)
    db.chmod(data_mode)
    # umask 0: the mode comes from the data file, not from what the umask happens to leave.
    result = run(db, *HOURS, "-o", str(target), umask=0)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == expected
    check_golden("hours_all.csv", target.read_bytes())
