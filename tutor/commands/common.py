"""Exit codes and small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.core.play.modes import is_exam
from tutor.exit_codes import (  # noqa: F401 - the commands take them from here
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
)
from tutor.notice import NOTICE  # noqa: F401 - re-exported for the commands
from tutor.printable import printable


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with 2 and a hint, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def add_cases_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cases",
        type=Path,
        metavar="DIR",
        default=None,
        help="case library folder (default: the bundled cases)",
    )


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """Case files or folders to work on, defaulting to the bundled library."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="case files or folders (default: the bundled library)",
    )


def time_limit_problem(args: argparse.Namespace) -> str | None:
    """Why --time-limit cannot apply to these play or quiz arguments, if it cannot."""
    if args.time_limit is None:
        return None
    if not is_exam(args.mode):
        return "--time-limit applies to --mode exam"
    if args.plain:
        return "--time-limit needs the full-screen tutor: line mode shows no countdown"
    return None


def usage_error(message: str) -> int:
    print(f"tutor: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def again_command(words: list[str], args: argparse.Namespace) -> str:
    """`words` as a command line to type again, with the --cases and --data-dir that were given
    (said on `quit` in line mode)."""
    import shlex

    words = list(words)
    if getattr(args, "cases", None):
        words += ["--cases", str(args.cases)]
    if getattr(args, "data_dir", None):
        words += ["--data-dir", str(args.data_dir)]
    return printable(" ".join(shlex.quote(w) for w in words))
