"""domain.text.printable: nothing from the data file can drive the terminal."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microintern_tui.domain.text import printable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Ann\x1b[2J", "Ann\u241b[2J"),
        ("\x1b]0;PWNED\x07", "\u241b]0;PWNED\u2407"),
        ("a\x9b31mb", "a<U+009B>31mb"),
        ("a\x9d0;x\x9c", "a<U+009D>0;x<U+009C>"),
        ("del\x7f", "del\u2421"),
        ("nul\x00", "nul\u2400"),
        ("abc\u202egpj.exe", "abc<U+202E>gpj.exe"),
        ("\u2066isolate\u2069", "<U+2066>isolate<U+2069>"),
        ("line\u2028sep", "line<U+2028>sep"),
        ("cr\rlf\n", "cr\u240dlf\u240a"),
        ("tab\there", "tab    here"),
        ("[b]x[/b] [@click=app.quit]", "[b]x[/b] [@click=app.quit]"),
        ("Zoë Ångström 李", "Zoë Ångström 李"),
    ],
)
def test_controls_become_visible_placeholders(raw, shown):
    assert printable(raw) == shown


def test_keep_newlines_keeps_only_the_newlines():
    assert (
        printable("one\ntwo\x1b[0m\r\nthree", keep_newlines=True)
        == "one\ntwo\u241b[0m\u240d\nthree"
    )


def _controls(text: str) -> list[str]:
    bidi = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]}
    return [ch for ch in text if unicodedata.category(ch) == "Cc" or ch in bidi]


@given(st.text())
def test_no_control_character_survives(text):
    shown = printable(text)
    assert _controls(shown) == []
    # every character of the input is still visible as itself or as a placeholder
    assert len(shown) >= len(text)


@given(st.text())
def test_with_kept_newlines_only_newlines_survive(text):
    shown = printable(text, keep_newlines=True)
    assert set(_controls(shown)) <= {"\n"}
    assert shown.count("\n") == text.count("\n")


@given(st.text(alphabet=st.characters(exclude_categories=("Cc", "Zl", "Zp", "Cf"))))
def test_ordinary_text_is_left_alone(text):
    assert printable(text) == text
