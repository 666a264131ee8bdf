"""The `tutor` command: argument parsing and dispatch.

Exit codes (a contract for scripts): 0 success, 1 invalid input (for example a case that fails
validation), 2 usage error. Textual is imported only by the commands that open the app, so the
plain and educator commands start fast and run without a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

NOTICE = "For education only - not for patient care."


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with 2 and a hint, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tutor",
        description=(
            "Practise the treatment of the inflammatory myopathies on cited patient cases. "
            + NOTICE
        ),
        epilog="Run 'tutor COMMAND --help' for the options of a command.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    validate = commands.add_parser(
        "validate",
        help="check case files and report every problem with file, line and field",
        description=(
            "Check case files: format, citations, branching, and the answer key against the "
            "documented algorithm. Exit 0 if valid, 1 if any error was found."
        ),
    )
    validate.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="case files or folders (default: the bundled library)",
    )
    validate.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    validate.set_defaults(run=_run_validate)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a case file",
        description="Print the JSON Schema of case files (or of the other library files).",
    )
    schema.add_argument(
        "kind", nargs="?", default="case", choices=["case", "references", "algorithm"],
        help="which file's schema (default: case)",
    )
    schema.set_defaults(run=_run_schema)
    return parser


def _run_validate(args: argparse.Namespace) -> int:
    from tutor.core.diagnostics import Severity
    from tutor.core.library import load_library

    library = load_library(args.paths or None)
    shown = [
        d for d in library.diagnostics if not (args.quiet and d.severity is Severity.warning)
    ]
    for diagnostic in shown:
        print(diagnostic)
    n_errors = sum(d.severity is Severity.error for d in library.diagnostics)
    n_warnings = len(library.diagnostics) - n_errors
    total = len(library.cases) + len(library.failed)
    summary = (
        f"{total} case file(s) checked: {len(library.cases)} valid, "
        f"{len(library.failed)} invalid; {n_errors} error(s), {n_warnings} warning(s)"
    )
    print(summary, file=sys.stderr if n_errors else sys.stdout)
    return EXIT_OK if library.ok else EXIT_INVALID


def _run_schema(args: argparse.Namespace) -> int:
    from tutor.schema import json_schema_text

    sys.stdout.write(json_schema_text(args.kind))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return EXIT_OK
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
