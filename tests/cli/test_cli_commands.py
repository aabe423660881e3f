"""Every command of the CLI, run as a user runs it: the real entry point in a subprocess."""

import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict

import pytest
from tinydb import TinyDB

from microintern_tui.store.schema import HOURS, INTERNS
from microintern_tui.store.store import Store

D = dt.date
SPRING_2024 = {
    "go_live": "2024-01-15",
    "applications_deadline": "2024-01-28",
    "applications_sent": "2024-01-29",
    "training_invitations": "2024-02-16",
    "pre_training": "2024-02-28",
    "start": "2024-03-04",
    "midway": "2024-03-18",
    "end": "2024-04-01",
    "post_workshop": "2024-04-10",
    "hear_deadline": "2024-08-11",
}
SUMMER_2024 = {
    "go_live": "2024-05-13",
    "applications_deadline": "2024-05-28",
    "applications_sent": "2024-05-29",
    "training_invitations": "2024-06-14",
    "pre_training": "2024-06-26",
    "start": "2024-07-01",
    "midway": "2024-07-15",
    "end": "2024-07-29",
    "post_workshop": "2024-08-07",
    "hear_deadline": "2024-08-11",
}
STATUS_FIELDS = {
    "id",
    "name",
    "email",
    "employer",
    "cohort",
    "supervisor",
    "hours",
    "remaining",
    "expected",
    "status",
    "checkin",
    "pre_training",
    "post_training",
    "hear",
}


def ok(result):
    assert result.returncode == 0, result.stderr
    return result.stdout


def status_rows(cli, *args):
    return {row["email"]: row for row in json.loads(ok(cli("status", "--json", *args)))}


def test_milestones_json_prints_the_seeds_dates(cli):
    rows = json.loads(ok(cli("milestones", "--cohort", "Spring 2024", "--json")))
    assert {r["key"]: r["date"] for r in rows} == SPRING_2024
    assert all(r["cohort"] == "Spring 2024" for r in rows)
    by_key = {r["key"]: r for r in rows}
    assert (by_key["midway"]["days"], by_key["midway"]["when"]) == (0, "this week")
    assert (by_key["end"]["days"], by_key["end"]["when"]) == (14, "in 14 days")
    assert (by_key["pre_training"]["days"], by_key["pre_training"]["when"]) == (-19, "passed")
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert all({"date", "name", "days"} <= set(r) for r in rows)


def test_milestones_table_shows_both_cohorts_and_the_next_one(cli):
    text = ok(cli("milestones"))
    assert "Spring 2024 (starts 2024-03-04) - next: Mid-way check-ins, this week" in text
    assert "Summer 2024 (starts 2024-07-01) - next: Micro internships go live to students" in text
    assert "w/c 2024-03-18" in text


def test_reading_commands_create_no_data_file(cli, db_path):
    ok(cli("milestones"))
    assert ok(cli("status")) == "no interns match\n"
    assert not db_path.exists()


def test_intern_add_then_status(cli, db_path):
    out = ok(
        cli(
            "intern",
            "add",
            "--name",
            "Ann  Lee",
            "--email",
            "ann@uni.example",
            "--employer",
            "Bow Food Bank",
            "--cohort",
            "spring 2024",
        )
    )
    assert out.startswith("added Ann Lee <ann@uni.example> (")
    (ann,) = status_rows(cli).values()
    assert set(ann) == STATUS_FIELDS
    assert ann["name"] == "Ann Lee"
    assert ann["cohort"] == "Spring 2024"
    assert ann["supervisor"] == "sam"  # --user by default
    assert (ann["hours"], ann["remaining"], ann["expected"]) == (0, 40, 16)
    assert (ann["status"], ann["checkin"]) == ("behind", "due")
    assert (ann["pre_training"], ann["post_training"], ann["hear"]) == (False, False, False)
    stored = json.loads(db_path.read_text())
    assert next(iter(stored[INTERNS].values()))["author"] == "sam"


def test_import_a_good_roster(cli, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,employer,cohort,supervisor\n"
        "Ann Lee,ann@uni.example,Bow Food Bank,Spring 2024,Priya Shah\n"
        '"Obi, Ben",ben@uni.example,"Quire Books, Ltd",Summer 2024,\n'
        "\n"
        "Cy Dee,cy@uni.example,Docklands Data,spring 2024,Tom Okafor\n",
        encoding="utf-8",
    )
    assert ok(cli("import", str(roster))) == f"imported 3 interns from {roster}\n"
    rows = status_rows(cli)
    assert set(rows) == {"ann@uni.example", "ben@uni.example", "cy@uni.example"}
    assert rows["ben@uni.example"]["name"] == "Obi, Ben"
    assert rows["ben@uni.example"]["employer"] == "Quire Books, Ltd"
    assert rows["ben@uni.example"]["supervisor"] == "sam"
    assert rows["ben@uni.example"]["status"] == "not started"
    assert rows["cy@uni.example"]["supervisor"] == "Tom Okafor"
    mine = status_rows(cli, "--supervisor", "priya shah")
    assert set(mine) == {"ann@uni.example"}
    summer = status_rows(cli, "--cohort", "Summer 2024")
    assert set(summer) == {"ben@uni.example"}


def _add(store, name, email, cohort="Spring 2024"):
    return store.add_intern(name, email, "Bow Food Bank", cohort, "sam")


def test_the_acceptance_example_5_hours_behind_16_on_track(cli, db_path):
    store = Store(db_path, "sam")
    _add(store, "Ann Slow", "ann@uni.example")
    _add(store, "Pia Pace", "pia@uni.example")
    out = ok(cli("hours", "add", "ann@uni.example", "--date", "2024-03-12", "--hours", "5"))
    assert out == "recorded 5 h on 2024-03-12 for Ann Slow (total 5 / 40)\n"
    ok(cli("hours", "add", "pia@uni.example", "--date", "2024-03-11", "--hours", "8"))
    out = ok(cli("hours", "add", "PIA@uni.example", "--date", "2024-03-18", "--hours", "8,0h"))
    assert out.endswith("(total 16 / 40)\n")
    rows = status_rows(cli)
    assert (rows["ann@uni.example"]["hours"], rows["ann@uni.example"]["status"]) == (5, "behind")
    assert (rows["pia@uni.example"]["hours"], rows["pia@uni.example"]["status"]) == (16, "on track")
    assert rows["pia@uni.example"]["expected"] == 16
    lines = ok(cli("status")).splitlines()
    assert lines[0].split()[:3] == ["name", "employer", "cohort"]
    ann = next(line for line in lines if line.startswith("Ann Slow"))
    pia = next(line for line in lines if line.startswith("Pia Pace"))
    assert "5 / 40" in ann and "behind" in ann
    assert "16 / 40" in pia and "on track" in pia


def test_hours_add_by_id_with_a_note_and_a_long_day_warning(cli, db_path):
    ann = _add(Store(db_path, "sam"), "Ann Lee", "ann@uni.example")
    result = cli(
        "hours", "add", ann.id, "--date", "2024-03-12", "--hours", "9.5", "--note", "Event"
    )
    assert result.returncode == 0
    assert result.stderr == "microintern: warning: 9.5 h on 2024-03-12 is a long day (over 8 h)\n"
    (entry,) = Store(db_path, "x").load().hours
    assert (entry.hours, entry.note, entry.stamp.author) == (9.5, "Event", "sam")


def test_checkin_add_records_the_midway_checkin(cli, db_path):
    _add(Store(db_path, "sam"), "Ann Lee", "ann@uni.example")
    assert status_rows(cli)["ann@uni.example"]["checkin"] == "due"
    out = ok(cli("checkin", "add", "ann@uni.example", "--note", "Settling in"))
    assert out == "recorded check-in on 2024-03-18 for Ann Lee\n"
    ok(cli("checkin", "add", "ann@uni.example", "--note", "Earlier", "--date", "2024-03-15"))
    assert status_rows(cli)["ann@uni.example"]["checkin"] == "recorded"
    notes = Store(db_path, "x").load().checkins
    assert [(c.date, c.note) for c in notes] == [
        (D(2024, 3, 15), "Earlier"),
        (D(2024, 3, 18), "Settling in"),
    ]


def test_training_ticks_and_unticks(cli, db_path):
    _add(Store(db_path, "sam"), "Ann Lee", "ann@uni.example")
    assert ok(cli("training", "ann@uni.example", "--pre")) == "pre-training done for Ann Lee\n"
    ok(cli("training", "ann@uni.example", "--post"))
    ok(cli("training", "ann@uni.example", "--hear"))
    ann = status_rows(cli)["ann@uni.example"]
    assert (ann["pre_training"], ann["post_training"], ann["hear"]) == (True, True, True)
    out = ok(cli("training", "ann@uni.example", "--post", "--undo"))
    assert out == "post-workshop not done for Ann Lee\n"
    ann = status_rows(cli)["ann@uni.example"]
    assert (ann["pre_training"], ann["post_training"], ann["hear"]) == (True, False, True)


def test_cohort_add_proposes_every_date_from_the_start_monday(cli):
    out = ok(cli("cohort", "add", "Spring 2027", "--start", "2027-03-01"))
    assert out.splitlines()[0] == "added cohort Spring 2027 starting 2027-03-01"
    assert "  2027-03-15  Mid-way check-ins" in out
    rows = json.loads(ok(cli("milestones", "--cohort", "spring 2027", "--json")))
    dates = {r["key"]: r["date"] for r in rows}
    assert (dates["go_live"], dates["start"], dates["end"]) == (
        "2027-01-11",
        "2027-03-01",
        "2027-03-29",
    )
    assert ok(cli("milestones", "--cohort", "Spring 2024", "--json")).count("2024-03-04") == 1


def test_cohort_add_refuses_a_name_that_exists(cli, db_path, file_hash):
    ok(cli("cohort", "add", "Spring 2027", "--start", "2027-03-01"))
    before = file_hash(db_path)
    for name, start in [("Spring 2027", "2027-03-08"), ("spring 2024", "2027-03-01")]:
        result = cli("cohort", "add", name, "--start", start)
        assert result.returncode == 2, result.stdout
        assert result.stderr.count("\n") == 1
        assert "already exists" in result.stderr
        assert file_hash(db_path) == before
    rows = json.loads(ok(cli("milestones", "--cohort", "Spring 2024", "--json")))
    assert {r["key"]: r["date"] for r in rows} == SPRING_2024


def test_check_reports_ok_and_writes_nothing(cli, db_path, file_hash):
    store = Store(db_path, "sam")
    ann = _add(store, "Ann Lee", "ann@uni.example")
    store.add_hours(ann.id, D(2024, 3, 12), 2, "", D(2024, 3, 18))
    before, mtime = file_hash(db_path), db_path.stat().st_mtime_ns
    out = ok(cli("check"))
    assert out == (
        f"{db_path}: ok (schema 1, 1 interns, 1 hours entries, 0 check-ins, 2 cohorts)\n"
    )
    assert (file_hash(db_path), db_path.stat().st_mtime_ns) == (before, mtime)


def test_check_lists_problems_and_exits_2_without_writing(cli, db_path, file_hash):
    store = Store(db_path, "sam")
    with store.transaction() as tx:
        tx.insert(
            INTERNS,
            {
                "name": "Lost",
                "email": "lost@uni.example",
                "employer": "X",
                "cohort_id": "no-such-cohort",
            },
        )
    before = file_hash(db_path)
    result = cli("check")
    assert result.returncode == 2
    assert "unknown cohort no-such-cohort" in result.stderr
    assert file_hash(db_path) == before


def test_check_of_a_missing_file_does_not_create_it(cli, db_path):
    result = cli("check")
    assert result.returncode == 2
    assert str(db_path) in result.stderr
    assert not db_path.exists()


def test_demo_create_only_writes_a_realistic_file_and_prints_its_path(cli, db_path, file_hash):
    assert ok(cli("demo", "--create-only", today="2026-11-25")) == f"{db_path}\n"
    ok(cli("check", today="2026-11-25"))
    rows = json.loads(ok(cli("status", "--json", today="2026-11-25")))
    assert 18 <= len(rows) <= 22
    assert len({r["cohort"] for r in rows}) == 1
    statuses = {r["status"] for r in rows}
    assert {"behind", "on track", "done", "over 40"} <= statuses
    assert {"recorded", "overdue"} <= {r["checkin"] for r in rows}
    assert "sam" in {r["supervisor"] for r in rows}
    # a second run keeps the file as it is
    before = file_hash(db_path)
    ok(cli("demo", "--create-only", today="2026-11-27"))
    assert file_hash(db_path) == before


def test_demo_data_keeps_the_hours_rules(cli, db_path):
    today = D(2026, 11, 25)
    ok(cli("demo", "--create-only", today=today.isoformat()))
    ds = Store(db_path, "x").load()
    per_day: dict[tuple[str, dt.date], float] = defaultdict(float)
    for h in ds.hours:
        assert 0 < h.hours <= 24
        assert round(h.hours, 2) == h.hours
        assert h.date <= today
        per_day[(h.intern_id, h.date)] += h.hours
    assert max(per_day.values()) <= 24
    assert all(c.date <= today for c in ds.checkins)
    assert {i.email for i in ds.interns} == {r.email for r in ds.interns}
    assert len({i.email.casefold() for i in ds.interns}) == len(ds.interns)


def test_demo_without_db_writes_under_the_users_data_dir(cli, cli_env, tmp_path):
    env = {k: v for k, v in cli_env.items() if k != "MICROINTERN_DB"}
    out = ok(cli("demo", "--create-only", env=env))
    path = tmp_path / "xdg-data" / "microintern" / "demo.json"
    assert out == f"{path}\n"
    assert path.exists()


@pytest.mark.parametrize(
    ("today", "cohort", "dates"),
    [
        ("2024-03-25", "Spring 2024", SPRING_2024),  # the demo cohort is Spring 2024 itself
        ("2024-07-22", "Summer 2024", SUMMER_2024),
        ("2024-03-12", "Spring 2024", SPRING_2024),  # a demo "Spring 2024" on another Monday
    ],
)
def test_demo_in_a_2024_season_keeps_the_published_calendar(cli, today, cohort, dates):
    ok(cli("demo", "--create-only", today=today))
    rows = json.loads(ok(cli("milestones", "--cohort", cohort, "--json", today=today)))
    assert {r["key"]: r["date"] for r in rows} == dates
    assert len(json.loads(ok(cli("status", "--json", today=today)))) == 20
    ok(cli("check", today=today))


def test_check_finds_records_that_break_the_programme_rules(cli, db_path, file_hash):
    """A file edited by hand or merged can hold what the commands would refuse."""
    store = Store(db_path, "sam")
    ann = _add(store, "Ann Lee", "ann@uni.example")
    # Written by plain TinyDB, as a hand edit would: the store itself refuses such records.
    db = TinyDB(db_path)
    twin = {"name": "Ann Twin", "email": "ANN@uni.example", "employer": "X"}
    db.table(INTERNS).insert({**twin, "id": "twin", "cohort_id": ann.cohort_id})
    for n, (day, hours) in enumerate(
        [("2024-03-11", -3), ("2024-03-12", 30), ("2024-03-13", 14), ("2024-03-13", 12)]
    ):
        db.table(HOURS).insert(
            {"id": f"h{n}", "intern_id": ann.id, "date": day, "hours": hours, "note": ""}
        )
    db.close()
    before = file_hash(db_path)
    result = cli("check")
    assert result.returncode == 2
    problems = result.stderr.splitlines()
    assert any("'h0', field 'hours' is -3" in p for p in problems)
    assert any("'h1', field 'hours' is 30" in p for p in problems)
    assert any("26 h on 2024-03-13" in p for p in problems)
    assert any("ann@uni.example" in p.casefold() and "same email" in p for p in problems)
    assert file_hash(db_path) == before


def test_a_closed_pipe_ends_quietly(cli_env, db_path):
    """`microintern status | head -1` must not print a traceback."""
    store = Store(db_path, "sam")
    for n in range(30):
        _add(store, f"Intern {n}", f"i{n}@uni.example")
    proc = subprocess.Popen(
        [sys.executable, "-m", "microintern_tui.cli", "--today", "2024-03-18", "status", "--json"],
        env=cli_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before the first line is written
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) != 0
    assert "Traceback" not in err
    assert "BrokenPipe" not in err
