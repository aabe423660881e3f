"""How a command module adds its commands: to the top level, or as a group of its own."""

from __future__ import annotations

import argparse
from typing import Any

#: The object ``add_subparsers`` returns (argparse names its type only privately).
Subparsers = argparse._SubParsersAction


def group(sub: Subparsers[Any], name: str, help_text: str) -> Subparsers[Any]:
    """A command group (``NAME COMMAND``): the subparsers to add its commands to.

    Its parsers are of the top level's class, so a usage error at any level takes the
    same one-line path in cli.main.
    """
    parser = sub.add_parser(name, help=help_text)
    commands: Subparsers[Any] = parser.add_subparsers(
        title=f"{name} commands", metavar="COMMAND", parser_class=type(parser), required=True
    )
    return commands
