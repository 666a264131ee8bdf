"""Exit codes and small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.notice import NOTICE  # noqa: F401 - re-exported for the commands

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


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


def usage_error(message: str) -> int:
    print(f"tutor: error: {message}", file=sys.stderr)
    return EXIT_USAGE
