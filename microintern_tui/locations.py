"""Where the data file lives, and who the user is, unless the command line says otherwise."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "microintern"
DB_ENV = "MICROINTERN_DB"
USER_ENV = "MICROINTERN_USER"
TODAY_ENV = "MICROINTERN_TODAY"


def data_dir() -> Path:
    """The user's data folder for microintern (e.g. ~/.local/share/microintern)."""
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db() -> Path:
    """The data file used when neither --db nor MICROINTERN_DB names one."""
    return data_dir() / "microintern.json"


def demo_db() -> Path:
    """The demo data file written by ``microintern demo``."""
    return data_dir() / "demo.json"


def _folder_name(user: str) -> str:
    """``user`` as one safe folder name: no separators, no dot-names, case folded."""
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in user.casefold())[:64]
    return safe.strip(".") or "unknown"


def outbox_dir(user: str) -> Path:
    """Where ``user``'s outbox files live on this machine: private, outside any synced folder.

    One folder per supervisor, so that under ``serve`` (every supervisor one OS user) each
    signed-in supervisor has their own outbox.
    """
    return data_dir() / "outbox" / _folder_name(user)


def user_state_dir(user: str) -> Path:
    """``user``'s own state folder (crash reports), e.g. ~/.local/state/microintern/users/sam.

    One folder per supervisor, as for the outbox: under ``serve`` every supervisor is the
    same OS user, and what one supervisor's session leaves is theirs alone.
    """
    state = Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False))
    return state / "users" / _folder_name(user)


def default_user() -> str:
    """The login name of whoever runs microintern."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return os.environ.get("USERNAME", "unknown")
