"""Bad input: one line on stderr naming the field and value, exit status 2, the file unchanged."""

import datetime as dt
import json

import pytest

from microintern_tui.domain.programme import MILESTONE_KEYS
from microintern_tui.store.schema import COHORTS, HOURS, INTERNS
from microintern_tui.store.store import Store

D = dt.date
ADD_HOURS = ("hours", "add", "ann@uni.example", "--date", "2024-03-12", "--hours")

BAD_INPUT = [
    # argv, words stderr must contain (the field and the value)
    (
        ("hours", "add", "nobody@uni.example", "--date", "2024-03-12", "--hours", "2"),
        ["intern", "nobody@uni.example"],
    ),
    (
        ("hours", "add", "ann@uni.example", "--date", "2024-02-30", "--hours", "2"),
        ["--date", "2024-02-30"],
    ),
    (
        ("hours", "add", "ann@uni.example", "--date", "12/03/2024", "--hours", "2"),
        ["--date", "12/03/2024"],
    ),
    ((*ADD_HOURS, "0"), ["hours", "'0'", "more than 0"]),
    ((*ADD_HOURS, "-1"), ["hours", "'-1'", "more than 0"]),
    ((*ADD_HOURS, "24.5"), ["hours", "'24.5'", "more than 24"]),
    ((*ADD_HOURS, "two"), ["hours", "'two'", "not a number"]),
    ((*ADD_HOURS, "nan"), ["hours", "'nan'", "not a number"]),
    ((*ADD_HOURS, "1.005"), ["hours", "'1.005'", "two decimals"]),
    (
        ("hours", "add", "ann@uni.example", "--date", "2024-03-11", "--hours", "5"),
        ["hours", "'5'", "more than 24"],
    ),  # 20 h are already recorded that day
    (
        ("hours", "add", "ann@uni.example", "--date", "2024-03-19", "--hours", "2"),
        ["date", "2024-03-19", "future"],
    ),
    (
        (
            "intern",
            "add",
            "--name",
            "Bo",
            "--email",
            "bo@uni.example",
            "--employer",
            "X",
            "--cohort",
            "Autumn 2031",
        ),
        ["cohort", "Autumn 2031"],
    ),
    (
        (
            "intern",
            "add",
            "--name",
            "Ann Two",
            "--email",
            "ANN@uni.example",
            "--employer",
            "X",
            "--cohort",
            "Spring 2024",
        ),
        ["email", "ANN@uni.example", "already used"],
    ),
    (
        (
            "intern",
            "add",
            "--name",
            "Bo",
            "--email",
            "bo-at-uni",
            "--employer",
            "X",
            "--cohort",
            "Spring 2024",
        ),
        ["email", "bo-at-uni"],
    ),
    (("checkin", "add", "nobody@uni.example", "--note", "x"), ["intern", "nobody@uni.example"]),
    (
        ("checkin", "add", "ann@uni.example", "--note", "x", "--date", "2024-03-25"),
        ["date", "2024-03-25", "future"],
    ),
    (
        ("checkin", "add", "ann@uni.example", "--note", "x", "--date", "2024-3-1"),
        ["--date", "2024-3-1"],
    ),
    (("training", "nobody@uni.example", "--pre"), ["intern", "nobody@uni.example"]),
    (("status", "--cohort", "Autumn 2031"), ["cohort", "Autumn 2031"]),
    (("milestones", "--cohort", "Autumn 2031"), ["cohort", "Autumn 2031"]),
    (("cohort", "add", "Spring 2027", "--start", "2027-03-02"), ["start", "2027-03-02", "Tuesday"]),
    (("cohort", "add", "Spring 2027", "--start", "2027-02-29"), ["--start", "2027-02-29"]),
    # Mondays whose milestones would fall outside the calendar (before year 1, after 9999)
    (
        ("cohort", "add", "Far Off", "--start", "0001-01-01"),
        ["start", "0001-01-01", "2000 to 2099"],
    ),
    (
        ("cohort", "add", "Far Off", "--start", "9999-12-27"),
        ["start", "9999-12-27", "2000 to 2099"],
    ),
    (("hours", "add", "ann@uni.example", "--date", "2024-03-12"), ["--hours"]),
    (("training", "ann@uni.example"), ["--pre"]),
    (("frobnicate",), ["frobnicate"]),
]


@pytest.mark.parametrize(("argv", "words"), BAD_INPUT, ids=[" ".join(a) for a, _ in BAD_INPUT])
def test_bad_input_is_one_line_exit_2_and_the_file_unchanged(cli, ann_file, file_hash, argv, words):
    before = file_hash(ann_file)
    result = cli(*argv)
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("microintern: error: ")
    for word in words:
        assert word in result.stderr
    assert file_hash(ann_file) == before


def test_a_bad_today_is_refused(cli, ann_file, file_hash):
    before = file_hash(ann_file)
    result = cli("status", today="2024-13-01")
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert "--today" in result.stderr and "2024-13-01" in result.stderr
    assert file_hash(ann_file) == before


def test_a_roster_with_a_bad_row_writes_nothing_and_names_the_line(
    cli, ann_file, tmp_path, file_hash
):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,employer,cohort,supervisor\n"
        "Bo Good,bo@uni.example,Bow,Spring 2024,\n"
        "Cy Bad,cy-at-uni,Bow,Spring 2024,\n",
        encoding="utf-8",
    )
    before = file_hash(ann_file)
    result = cli("import", str(roster))
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert f"{roster}:3" in result.stderr
    assert "email" in result.stderr and "cy-at-uni" in result.stderr
    assert file_hash(ann_file) == before


@pytest.mark.parametrize(
    ("rows", "where", "words"),
    [
        ("Bo,bo@uni.example,Bow,Autumn 2031,\n", 2, ["cohort", "Autumn 2031"]),
        (
            "Bo,bo@uni.example,Bow,Spring 2024,\nAnn,ANN@uni.example,Bow,Spring 2024,\n",
            3,
            ["email", "already used"],
        ),
        (
            "Bo,bo@uni.example,Bow,Spring 2024,\nBo2,bo@uni.example,Bow,Spring 2024,\n",
            3,
            ["email", "twice"],
        ),
        ("Bo,bo@uni.example,Bow\n", 2, ["3 fields"]),
    ],
    ids=["unknown-cohort", "email-in-file", "email-twice", "short-row"],
)
def test_roster_problems_name_their_line(cli, ann_file, tmp_path, file_hash, rows, where, words):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,employer,cohort,supervisor\n" + rows, encoding="utf-8")
    before = file_hash(ann_file)
    result = cli("import", str(roster))
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert f"{roster}:{where}" in result.stderr
    for word in words:
        assert word in result.stderr
    assert file_hash(ann_file) == before


def test_a_roster_with_a_wrong_header_is_refused(cli, ann_file, tmp_path, file_hash):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nBo,bo@uni.example\n", encoding="utf-8")
    before = file_hash(ann_file)
    result = cli("import", str(roster))
    assert result.returncode == 2
    assert f"{roster}:1" in result.stderr and "header" in result.stderr
    assert file_hash(ann_file) == before


CORRUPT = {
    "not-json": b'{"meta": {"1": {"app": "microint',
    "zero-bytes": b"",
    "not-ours": b'{"_default": {}}',
    "newer": b'{"meta": {"1": {"app": "microintern", "schema": 99}}}',
}
COMMANDS = {
    "status": ("status",),
    "status-json": ("status", "--json"),
    "milestones": ("milestones",),
    "check": ("check",),
    "demo": ("demo", "--create-only"),
    "intern-add": (
        "intern",
        "add",
        "--name",
        "Bo",
        "--email",
        "bo@uni.example",
        "--employer",
        "X",
        "--cohort",
        "Spring 2024",
    ),
    "hours-add": ("hours", "add", "bo@uni.example", "--date", "2024-03-12", "--hours", "2"),
    "checkin-add": ("checkin", "add", "bo@uni.example", "--note", "x"),
    "training": ("training", "bo@uni.example", "--pre"),
    "cohort-add": ("cohort", "add", "Spring 2027", "--start", "2027-03-01"),
}


@pytest.mark.parametrize("kind", CORRUPT)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_data_file_is_never_written(cli, db_path, file_hash, kind, command, tmp_path):
    db_path.write_bytes(CORRUPT[kind])
    before = file_hash(db_path)
    result = cli(*COMMANDS[command])
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1, result.stderr
    assert str(db_path) in result.stderr
    assert "not changed" in result.stderr
    assert file_hash(db_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_import_into_a_damaged_file_is_refused(cli, db_path, tmp_path, file_hash):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email,employer,cohort,supervisor\nBo,bo@uni.example,X,Spring 2024,\n")
    db_path.write_bytes(b"")
    result = cli("import", str(roster))
    assert (result.returncode, result.stderr.count("\n")) == (2, 1)
    assert db_path.read_bytes() == b""


HOSTILE = "Eve [b]x[/b] [@click=app.quit]\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202eevil"


@pytest.fixture
def hostile_file(db_path):
    """A file edited elsewhere: names with markup and terminal control sequences."""
    store = Store(db_path, "sam")
    with store.transaction() as tx:
        cohort = tx.insert(
            COHORTS,
            {
                "name": "Autumn\x1b[31m 2027",
                "start": "2027-09-06",
                "milestones": {k: "2027-09-06" for k in MILESTONE_KEYS},
                "archived": False,
            },
        )
        # an entry of an intern that is not there, for `check` to report
        tx.insert(
            HOURS, {"intern_id": "\x1b]0;PWNED\x07", "date": "2024-03-12", "hours": 2, "note": ""}
        )
        for n, cohort_id in enumerate([cohort["id"], Store(db_path, "x").load().cohorts[0].id]):
            tx.insert(
                INTERNS,
                {
                    "name": HOSTILE,
                    "email": f"eve{n}@uni.example",
                    "employer": "\x1b[1mBold Ltd\x07",
                    "cohort_id": cohort_id,
                    "supervisor": "sam\x1b[8m",
                    "pre_training": False,
                    "post_training": False,
                    "hear": False,
                },
            )
    return db_path


def _no_controls(text: str) -> None:
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\x9b" not in text
    assert "\u202e" not in text


def test_status_shows_markup_literally_and_controls_as_placeholders(cli, hostile_file):
    out = cli("status").stdout
    _no_controls(out)
    assert (
        "Eve [b]x[/b] [@click=app.quit]\u241b]0;PWNED\u2407\u241b[2J<U+009B>31m<U+202E>evil" in out
    )
    assert "\u241b[1mBold Ltd\u2407" in out
    rows = json.loads(cli("status", "--json").stdout)
    assert {r["name"] for r in rows} == {HOSTILE}  # JSON keeps the data, escaped


def test_every_command_output_is_free_of_controls(cli, hostile_file):
    outputs = [
        cli("status", "--json"),
        cli("milestones"),
        cli("milestones", "--json"),
        cli("check"),
        cli("training", "eve0@uni.example", "--pre"),
        cli("checkin", "add", "eve0@uni.example", "--note", "ok"),
        cli("hours", "add", "eve1@uni.example", "--date", "2024-03-12", "--hours", "2"),
        cli("hours", "add", "\x1b[2J", "--date", "2024-03-12", "--hours", "2"),
    ]
    for result in outputs:
        _no_controls(result.stdout)
        _no_controls(result.stderr)
    assert "Autumn\u241b[31m 2027" in outputs[1].stdout
    assert "\u241b]0;PWNED\u2407" in outputs[3].stderr
