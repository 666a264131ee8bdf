"""The `tutor` command: builds the parser from the modules in tutor/commands and dispatches.

Exit codes (a contract for scripts): 0 success, 1 invalid input (for example a case that fails
validation), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Callable, Sequence

from tutor import commands
from tutor.commands.common import EXIT_INTERRUPTED, EXIT_OK, NOTICE, Parser


def _command_modules() -> list[str]:
    found = [m.name for m in pkgutil.iter_modules(commands.__path__) if m.name != "common"]
    return sorted(found, key=lambda n: (commands.ORDER.index(n) if n in commands.ORDER else 99, n))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="tutor",
        description=(
            "Practise the treatment of the inflammatory myopathies on cited patient cases. "
            "With no command, opens the case library. " + NOTICE
        ),
        epilog="Run 'tutor COMMAND --help' for the options of a command.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in _command_modules():
        importlib.import_module(f"tutor.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        if "play" in _command_modules():
            # `tutor` alone opens the library: the same as `tutor play` with no case.
            args = parser.parse_args(["play", *(argv or sys.argv[1:])])
            run = args.run
        else:
            parser.print_help()
            return EXIT_OK
    try:
        return run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
