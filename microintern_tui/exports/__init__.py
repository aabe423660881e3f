"""Exports: turn a Dataset into the bytes of a file a supervisor hands on (CSV, iCalendar, text).

Pure functions over domain objects: nothing here opens the data file, reads the clock or
imports Textual, so the CLI and the app produce the same bytes.
"""
