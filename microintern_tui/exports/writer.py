"""The one writer of exports: the CLI's ``-o FILE`` and the app's ``x`` both write through it.

Why it lives here and imports :mod:`microintern_tui.fsio`: the rest of ``exports`` is pure
(domain objects in, bytes out; import-linter forbids it any I/O module), but the writer must
sit below both the CLI (``commands``) and the app, which may not import each other, and above
nothing that opens the data file. ``fsio`` is the bottom-layer module every file write goes
through, so this module is the one exception in the exports contract (pyproject.toml): it may
import ``fsio`` and nothing else outside the domain. It never opens the data file, only
compares paths with it and copies its mode.

What writing an export guarantees (``fsio.write_file`` does the writing):

- **Never the data file.** A name that is the data file, however reached (``..``, a symlink
  to it, a hard link), is refused: checked here once, for the CLI and the app alike.
- **Whole or not at all**: a temp file beside the target, fsynced, then renamed over it.
- **Never replaces a link or a special file.** A symlink is followed and its target written
  (the link stays); a FIFO or a device (``/dev/null``) is written through as it is; a folder
  is refused.
- **Never world-readable.** An export is derived from the data file, so it takes the data
  file's mode without the bits for others; over an existing export it never loosens that
  file's mode either (the two are intersected).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .. import fsio

#: A folder the writer makes (the app's ``exports``): owner and group as the umask leaves
#: them, nothing for others, since the names of the exports in it name the cohorts.
FOLDER_MODE = 0o770


def _refuse_the_data_file(path: Path, target: Path, data_file: Path) -> None:
    data = fsio.resolve(data_file)
    same = target == data
    if not same:
        try:
            same = os.path.samefile(target, data)  # a hard link, a case-folding file system
        except OSError:
            same = False  # one of them does not exist (yet): not the same file
    if same:
        raise fsio.PathRefused(f"{path} is the data file; choose another file name")


def _make_folder(path: Path, folder: Path) -> None:
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):  # a file where a folder should be
            raise fsio.PathRefused(
                f"cannot write {path}: a part of {folder} is a file, not a folder"
            ) from None
        raise fsio.WriteFault(fsio.fault_message(exc, folder, "make the folder")) from None


def _check_folder(path: Path, folder: Path) -> None:
    # Said here as bad input (exit 2): a missing folder in a name typed is most likely a typo.
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise fsio.PathRefused(f"cannot write {path}: the folder {folder} {what}")


def _mode(target: Path, data_file: Path) -> int | None:
    mode = fsio.derived_mode(data_file)
    try:
        st = os.stat(target)
    except OSError:
        return mode  # a new file: the data file's mode (or fsio's private default)
    if not stat.S_ISREG(st.st_mode):
        return mode  # written through as it is; its mode is not ours to change
    existing = fsio.private_mode(st.st_mode)
    return existing if mode is None else mode & existing


def write(
    path: str | os.PathLike[str],
    payload: bytes,
    *,
    data_file: Path,
    make_folder: bool = False,
) -> Path:
    """Write an export's ``payload`` to ``path``; returns the file really written.

    Args:
        path: the file the user named (``~`` is expanded; a relative name is relative to the
            working folder).
        payload: the bytes from :func:`~microintern_tui.exports.request.build`.
        data_file: the data file the export was made from: never overwritten, and the
            source of the export's mode.
        make_folder: make the folder (and its parents) if missing, as the app does for its
            ``exports`` folder; otherwise a missing folder is refused as a typo.

    Raises:
        PathRefused: the name is empty, a folder, the data file, or in a folder that is
            not there (exit status 2); nothing was written.
        WriteFault: the file could not be written (disk full, permission, nobody reading a
            FIFO...; exit status 1); the old file, if any, is unchanged.
    """
    name = os.fspath(path)
    if not name:
        raise fsio.PathRefused("the output file name is empty; give a file name, e.g. -o out.csv")
    given = Path(name).expanduser()
    if name.endswith(("/", os.sep)) or given.name in ("", ".", ".."):
        raise fsio.PathRefused(f"{name} names a folder; give a file name, e.g. {given}/out.csv")
    target = fsio.resolve(given)
    _refuse_the_data_file(given, target, data_file)
    if make_folder:
        _make_folder(given, target.parent)
    else:
        _check_folder(given, target.parent)
    return fsio.write_file(given, payload, mode=_mode(target, data_file))
