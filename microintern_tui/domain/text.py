"""Making text from the data file safe to put on a terminal."""

from __future__ import annotations

import re

# C0 and C1 controls and DEL: ESC starts terminal control sequences (OSC can retitle the
# window or write the clipboard), C1 0x9b/0x9d are their one-byte forms.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _placeholder(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character replaced by a visible placeholder.

    Args:
        text: any string read from the data file.
        keep_newlines: keep ``\\n`` (for multi-line notes); tabs become spaces either way.
    """
    text = text.replace("\t", "    ")
    if keep_newlines:
        return "\n".join(_CONTROLS.sub(_placeholder, line) for line in text.split("\n"))
    return _CONTROLS.sub(_placeholder, text)
