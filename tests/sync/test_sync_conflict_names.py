"""Conflicted copies are recognised by name for every sync client, and checked by content."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from microintern_tui.store.conflicts import (
    MERGED_DIR,
    candidates,
    client_of,
    find_conflicts,
    merged_path,
)
from microintern_tui.store.store import Store

DATA = Path("shared/team.json")


@pytest.mark.parametrize(
    ("name", "client"),
    [
        ("team (Ann's conflicted copy 2024-03-05).json", "Dropbox"),
        ("team (Ann's conflicted copy 2024-03-05) (1).json", "Dropbox"),
        ("team (Ann's conflicted copy 2024-03-05 (1)).json", "Dropbox"),
        ("team (Ann Lee\u2019s conflicted copy 2024-03-05).json", "Dropbox"),
        ("team (conflicted copy 2024-03-05).json", "Dropbox"),
        ("team (Case Conflict).json", "Dropbox"),
        ("team (Case Conflict 1).json", "Dropbox"),
        ("team (Selective Sync Conflict).json", "Dropbox"),
        ("team-LAPTOP-42.json", "OneDrive"),
        ("team-DESKTOP-1A2B3C4.json", "OneDrive"),
        ("team (1).json", "Google Drive/OneDrive"),
        ("team (12).json", "Google Drive/OneDrive"),
        ("team.sync-conflict-20240305-101500-ABCDEF1.json", "Syncthing"),
        ("team (conflicted copy 2024-03-05 101500).json", "Nextcloud/ownCloud"),
        ("team (conflicted copy ann 2024-03-05 101500).json", "Nextcloud/ownCloud"),
        ("team_conflict-20240305-101500.json", "ownCloud"),
        ("team 2.json", "iCloud Drive"),
        ("team 17.json", "iCloud Drive"),
        ("team (changed while saving 20240305T104207123456Z).json", "microintern"),
    ],
)
def test_each_clients_conflicted_copy_is_recognised(name, client):
    assert client_of(DATA, name) == client


@pytest.mark.parametrize(
    "name",
    [
        "team.json",  # the data file itself
        "team-notes.txt",
        "team-notes.json",  # lower case: a person's file, not a machine name
        "teammates.json",
        "team.json.lock",
        "team.json.lock.owner",
        ".team.json.123.tmp",
        ".team.json.4242.9f8e7d6c.tmp",
        ".microintern-backups",
        ".microintern-merged",
        "team.20240305T104207.123456Z.ann.json",  # a backup's name, were it beside the file
        "team (Ann's conflicted copy 2024-03-05).txt",
        "Team (1).json",  # another file's copy (names are compared exactly)
        "team (1) .json",
        "team ().json",
        "team (1234).json",
        "team 1.json",  # iCloud starts at 2
        "team 2024.json",
        "team 2.json.tmp",
        "team.sync-conflict-20240305-101500.json",  # no device id
        "team.sync-conflict-20240305-101500-abcdef1.json",
        "team (conflicted copy 2024-03-05 1015).json",
        "team_conflict-2024-03-05.json",
        "team-.json",
        "team-A-VERY-LONG-MACHINE-NAME.json",  # over 15 characters
        "other (Ann's conflicted copy 2024-03-05).json",
        "xteam (1).json",
    ],
)
def test_near_misses_are_not_taken_for_copies(name):
    assert client_of(DATA, name) is None


def test_a_data_file_with_another_suffix_has_copies_with_that_suffix():
    data = Path("roster.db")
    assert client_of(data, "roster (1).db") == "Google Drive/OneDrive"
    assert client_of(data, "roster (1).json") is None
    assert client_of(Path("a.b.json"), "a.b (Ann's conflicted copy 2024-03-05).json")


def _raw(path: Path) -> dict:
    return orjson.loads(path.read_bytes())


def test_only_this_teams_data_files_are_mergeable(tmp_path, db_path):
    store = Store(db_path, "ann")
    store.add_intern("Ann Lee", "ann@uni.example", "Bow", "Spring 2024")
    ours = tmp_path / "team (Bob's conflicted copy 2024-03-05).json"
    shutil.copyfile(db_path, ours)
    other_team = tmp_path / "team (1).json"
    Store(other_team, "zed").create()  # a microintern file with its own file id
    (tmp_path / "team 2.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "team-LAPTOP-42.json").write_text('{"_default": {}}', encoding="utf-8")
    newer = tmp_path / "team.sync-conflict-20240305-101500-ABCDEF1.json"
    data = _raw(db_path)
    data["meta"]["1"]["schema"] = 99
    newer.write_bytes(orjson.dumps(data))
    (tmp_path / "team (Case Conflict)").mkdir()  # no suffix, and a folder anyway
    (tmp_path / "team (2).json").mkdir()  # a folder with a copy's name
    (tmp_path / MERGED_DIR).mkdir()
    (tmp_path / MERGED_DIR / "team (3).json").write_bytes(db_path.read_bytes())

    found = {c.path.name: c for c in find_conflicts(db_path, store.file_id())}

    assert sorted(found) == sorted(
        [ours.name, other_team.name, "team 2.json", "team-LAPTOP-42.json", newer.name]
    )
    assert found[ours.name].mergeable
    assert "another team's microintern file" in (found[other_team.name].problem or "")
    assert "not valid JSON" in (found["team 2.json"].problem or "")
    assert "not a microintern data file" in (found["team-LAPTOP-42.json"].problem or "")
    assert "newer microintern (schema 99" in (found[newer.name].problem or "")
    assert [c.client for c in found.values() if not c.mergeable]  # every one says which client


def test_no_folder_means_no_candidates(tmp_path):
    assert candidates(tmp_path / "missing" / "team.json") == []


def test_a_merged_copy_never_overwrites_an_earlier_one(tmp_path, db_path):
    copy = tmp_path / "team (1).json"
    first = merged_path(db_path, copy, "20240305T101500Z")
    assert first == tmp_path / MERGED_DIR / "team (1).json"
    first.parent.mkdir()
    first.write_text("earlier")
    second = merged_path(db_path, copy, "20240305T101500Z")
    assert second.name == "team (1).20240305T101500Z.json"
    second.write_text("earlier too")
    assert merged_path(db_path, copy, "20240305T101500Z").name == (
        "team (1).20240305T101500Z-1.json"
    )
