"""Textual: screens and widgets that read from the store and write through it."""
