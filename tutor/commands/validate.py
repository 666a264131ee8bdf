"""`tutor validate [PATH ...]`: check case files, report every problem with file:line:col."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_paths_argument


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate",
        help=SUMMARIES["validate"],
        description=(
            "Check case files: format, citations, branching, and the answer key against the "
            "documented algorithm. Exit 0 if valid, 1 if any error was found, 2 on a usage error."
        ),
    )
    add_paths_argument(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        metavar="N",
        help="check files in N processes (default: one per core); output is the same",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import os

    from tutor.core.cases.diagnostics import Severity
    from tutor.core.cases.files import display_path
    from tutor.core.library.library import load_library

    if args.jobs is not None and args.jobs < 1:
        print("tutor validate: error: --jobs must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    library = load_library(
        args.paths or None, workers=args.jobs or os.cpu_count() or 1, keep_models=False
    )
    if not args.quiet:
        for extra in library.extra_reference_files:
            print(f"Citations also resolved against {display_path(extra)}")
    for diagnostic in library.diagnostics:
        if not (args.quiet and diagnostic.severity is Severity.warning):
            print(diagnostic)
    n_errors = sum(d.severity is Severity.error for d in library.diagnostics)
    n_warnings = len(library.diagnostics) - n_errors
    total = len(library.summaries) + len(library.failed)
    summary = (
        f"{total} case file(s) checked: {len(library.summaries)} valid, "
        f"{len(library.failed)} invalid; {n_errors} error(s), {n_warnings} warning(s)"
    )
    print(summary, file=sys.stderr if n_errors else sys.stdout)
    return EXIT_OK if library.ok else EXIT_INVALID
