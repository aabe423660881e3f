"""The only code that touches the data file: TinyDB over an atomic, locked JSON file."""
