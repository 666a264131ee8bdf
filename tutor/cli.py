"""The `tutor` command: builds the parser from the modules in tutor/commands and dispatches.

Exit codes (a contract for scripts): 0 success, 1 invalid input (for example a case that fails
validation), 2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INTERRUPTED, EXIT_OK, NOTICE, Parser, open_case_packs

DEFAULT_COMMAND = "play"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `tutor` parser. Given a command, only that command's module is imported and given
    its options; the others are listed by their summaries, so `tutor --help` stays complete
    while `tutor play` does not pay for importing and building seven other parsers. With no
    command, every command is built in full."""
    parser = Parser(
        prog="tutor",
        description=(
            "Practise the treatment of the inflammatory myopathies on cited patient cases. "
            "With no command, opens the case library. " + NOTICE
        ),
        epilog="Run 'tutor COMMAND --help' for the options of a command.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, summary in SUMMARIES.items():
        if command is None or name == command:
            importlib.import_module(f"tutor.commands.{name.replace('-', '_')}").register(subparsers)
        else:
            subparsers.add_parser(name, help=summary)
    return parser


# Options of `tutor` itself: anything else before a command is an option of `tutor play`.
OWN_OPTIONS = frozenset({"-h", "--help"})


def command_in(argv: Sequence[str]) -> str | None:
    """The command that `argv` names, if any: `tutor` alone, or `tutor` followed by options of
    play (`tutor --cases DIR`), is `tutor play`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in OWN_OPTIONS):
        return DEFAULT_COMMAND
    return argv[0] if argv[0] in SUMMARIES else None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = command_in(arguments)
    if command is not None and (not arguments or arguments[0] != command):
        arguments = [command, *arguments]
    # An unknown command or `tutor --help`: the full parser says what there is.
    args = build_parser(command).parse_args(arguments)
    run: Callable[[argparse.Namespace], int] = args.run
    refused = open_case_packs(args)
    if refused is not None:
        return refused
    try:
        return run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
