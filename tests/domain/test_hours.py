"""Hours rules: what is refused (naming field and value) and what only earns a warning."""

import datetime as dt

import pytest

from microintern_tui.domain.errors import ValidationError
from microintern_tui.domain.hours import check_new_hours, parse_date, parse_hours
from microintern_tui.domain.interns import check_details
from microintern_tui.domain.models import HoursEntry

D = dt.date
TODAY = D(2024, 3, 18)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("2.5", 2.5),
        ("2,5", 2.5),
        ("3h", 3.0),
        (" 4 h ", 4.0),
        ("0.01", 0.01),
        ("24", 24.0),
        ("1e1", 10.0),
    ],
)
def test_parse_hours_accepts(text, hours):
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "not a number"),
        ("", "is empty"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("0", "more than 0"),
        ("-1", "more than 0"),
        ("24.01", "more than 24"),
        ("100", "more than 24"),
        ("1.234", "two decimals"),
    ],
)
def test_parse_hours_refuses_naming_the_field_and_value(text, reason):
    with pytest.raises(ValidationError) as info:
        parse_hours(text)
    assert info.value.field == "hours"
    assert info.value.value == text
    assert reason in str(info.value)
    assert str(info.value).startswith(f"hours {text!r}")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2024-02-29", D(2024, 2, 29)),
        (" 2024-03-18 ", D(2024, 3, 18)),
        ("2024-12-31", D(2024, 12, 31)),
    ],
)
def test_parse_date_accepts_real_dates(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29",
        "2024-02-30",
        "2024-13-01",
        "2024-3-18",
        "18/03/2024",
        "20240318",
        "",
        "yesterday",
        "2024-W12-1",
        "2024-03-18T10:00",
    ],
)
def test_parse_date_refuses_anything_but_a_real_yyyy_mm_dd(text):
    with pytest.raises(ValidationError) as info:
        parse_date(text, "--date")
    assert (info.value.field, info.value.value) == ("--date", text)


def _entry(day: dt.date, hours: float, *, deleted: bool = False) -> HoursEntry:
    return HoursEntry(f"{day}-{hours}-{deleted}", "i1", day, hours, deleted=deleted)


def test_a_normal_day_has_no_warning():
    assert check_new_hours([_entry(D(2024, 3, 12), 4)], D(2024, 3, 12), 4, TODAY) == []


def test_today_is_allowed_and_tomorrow_is_refused_as_the_future():
    assert check_new_hours([], TODAY, 2, TODAY) == []
    with pytest.raises(ValidationError) as info:
        check_new_hours([], D(2024, 3, 19), 2, TODAY)
    assert (info.value.field, info.value.value) == ("date", "2024-03-19")
    assert "future" in str(info.value)


@pytest.mark.parametrize("hours", [0, -2, 24.5, float("nan")])
def test_new_hours_must_be_positive_and_at_most_24(hours):
    with pytest.raises(ValidationError) as info:
        check_new_hours([], TODAY, hours, TODAY)
    assert info.value.field == "hours"


def test_one_day_sums_entries_up_to_24_and_no_further():
    day = D(2024, 3, 12)
    existing = [
        _entry(day, 10),
        _entry(day, 10),
        _entry(day, 9, deleted=True),
        _entry(D(2024, 3, 13), 10),
    ]
    warnings = check_new_hours(existing, day, 4, TODAY)  # exactly 24
    assert warnings == ["24 h on 2024-03-12 is a long day (over 8 h)"]
    with pytest.raises(ValidationError) as info:
        check_new_hours(existing, day, 4.25, TODAY)
    assert info.value.field == "hours"
    assert "24.25 h on 2024-03-12" in str(info.value)
    assert "20 h already recorded" in str(info.value)


def test_a_day_of_8_hours_is_fine_and_more_earns_a_warning():
    day = D(2024, 3, 12)
    assert check_new_hours([_entry(day, 5)], day, 3, TODAY) == []
    assert check_new_hours([_entry(day, 5)], day, 3.5, TODAY) == [
        "8.5 h on 2024-03-12 is a long day (over 8 h)"
    ]


def test_40_in_total_is_fine_and_more_earns_a_warning():
    existing = [_entry(D(2024, 3, d), 6) for d in range(4, 10)]  # 36 h
    assert check_new_hours(existing, TODAY, 4, TODAY) == []
    assert check_new_hours(existing, TODAY, 4.5, TODAY) == [
        "total 40.5 h is over the 40 hours the host employer agreed to"
    ]


def test_both_warnings_at_once():
    existing = [_entry(D(2024, 3, d), 6) for d in range(4, 10)]
    assert len(check_new_hours(existing, TODAY, 9, TODAY)) == 2


def test_intern_details_are_tidied_and_checked():
    details = check_details("  Ann   Lee ", "ann@uni.example", "Bow  Food Bank", "spring 2024")
    assert (details.name, details.employer, details.supervisor) == ("Ann Lee", "Bow Food Bank", "")
    for field, args in [
        ("email", ("Ann", "not-an-email", "X", "Spring 2024")),
        ("name", ("", "a@b.example", "X", "Spring 2024")),
        ("employer", ("Ann", "a@b.example", " ", "Spring 2024")),
        ("name", ("Ann\x1b[31m", "a@b.example", "X", "Spring 2024")),
    ]:
        with pytest.raises(ValidationError) as info:
            check_details(*args)
        assert info.value.field == field


@pytest.mark.parametrize("blank", ["", "   ", "h"])
def test_empty_hours_say_they_are_empty_rather_than_not_a_number(blank):
    with pytest.raises(ValidationError, match="is empty: give the hours worked"):
        parse_hours(blank)
