"""microintern: a terminal app for supervisors of a university micro-internship programme."""

__version__ = "0.1.0"
