"""Data files for the store's tests: a small team, its raw JSON, and conflicted copies of it.

Imported by the test modules of ``tests/store`` and ``tests/sync`` (not collected by pytest).
Records are built with the real Store, so they are exactly what microintern writes.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from microintern_tui.domain.programme import new_cohort
from microintern_tui.store.store import Store

TODAY = dt.date(2024, 3, 18)
TODAY_TEXT = TODAY.isoformat()
#: A conflicted copy of ``team.json`` as each sync client names it.
COPY_NAMES = {
    "Dropbox": "team (Ann's conflicted copy 2024-03-18).json",
    "Syncthing": "team.sync-conflict-20240318-101500-ABCDEF1.json",
    "OneDrive": "team-LAPTOP-42.json",
}
Data = dict[str, Any]


def make_team(path: Path) -> Data:
    """Ann (2 h on 2024-03-11, a check-in), Bo and a cohort Spring 2027, in a new file at
    ``path``; its raw JSON."""
    store = Store(path, "sam")
    ann = store.add_intern("Ann Lee", "ann@uni.example", "Bow Food Bank", "Spring 2024")
    store.add_intern("Bo Chen", "bo@uni.example", "Bow Food Bank", "Spring 2024")
    store.add_hours(ann.id, dt.date(2024, 3, 11), 2, "survey", TODAY)
    store.add_checkin(ann.id, dt.date(2024, 3, 18), "Settling in", TODAY)
    store.save_cohort(new_cohort("Spring 2027", dt.date(2027, 3, 1)), new=True)
    return raw(path)


def raw(path: Path) -> Data:
    """The file's JSON, as any JSON reader sees it."""
    return json.loads(path.read_bytes())


def write_json(path: Path, data: Data) -> None:
    """Write ``data`` as a sync client would put a copy down (not through microintern)."""
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def first(data: Data, table: str) -> tuple[str, dict[str, Any]]:
    """The document key and record of the first record of ``table``."""
    key = sorted(data[table], key=int)[0]
    return key, data[table][key]


def intern_id(data: Data, email: str) -> str:
    """The id of the intern with this email in raw ``data``."""
    return next(d["id"] for d in data["interns"].values() if d.get("email") == email)


def add_record(data: Data, table: str, doc: dict[str, Any]) -> Data:
    """``data`` with ``doc`` added to ``table`` under the next document key (a copy)."""
    out = copy.deepcopy(data)
    key = str(1 + max((int(k) for k in out[table]), default=0))
    out[table][key] = doc
    return out


def stamp(author: str = "bob", when: str = "2024-03-18T10:00:00.000000+00:00") -> dict[str, Any]:
    """The stamp fields of a record made elsewhere."""
    return {"created": when, "updated": when, "author": author, "deleted": False}


def hours_doc(intern: str, date: str = "2024-03-12", hours: Any = 1.5, **extra: Any) -> Data:
    """A new hours record, as another machine would have added it."""
    doc = {"id": str(uuid.uuid4()), "intern_id": intern, "date": date, "hours": hours,
           "note": "", **stamp()}  # fmt: skip
    doc.update(extra)
    return doc


def nested(depth: int) -> Any:
    """A JSON value ``depth`` lists deep."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def cli(
    db: Path,
    *args: str,
    user: str = "sam",
    env: dict[str, str] | None = None,
    prefix: tuple[str, ...] | list[str] = (),
) -> subprocess.CompletedProcess[str]:
    """The real ``microintern --db DB --user USER --today 2024-03-18 ARGS`` in a subprocess.

    Args:
        db: the data file.
        args: the command and its options.
        user: ``--user``.
        env: variables added to the environment.
        prefix: a program that runs microintern (``faketime +400d``).
    """
    full_env = {**os.environ, "TZ": "UTC", **(env or {})}
    full_env.pop("MICROINTERN_DB", None)
    return subprocess.run(
        [*prefix, sys.executable, "-m", "microintern_tui.cli", "--db", str(db), "--user", user,
         "--today", TODAY_TEXT, *args],
        capture_output=True, text=True, env=full_env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def one_line_error(result: subprocess.CompletedProcess[str], status: int) -> str:
    """The one error line of a failed command, checked to be one line with ``status``."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("microintern: error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]
