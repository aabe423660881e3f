"""Pure programme model: dataclasses and rules. No I/O, no clock, no textual, no tinydb."""
