"""`tutor coverage [--cases DIR]`: which cases and decisions teach each algorithm node and each
reference, and what nothing in the library teaches."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    add_cases_option,
    add_format_option,
    usage_error,
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "coverage",
        help=SUMMARIES["coverage"],
        description=(
            "For each node of the treatment algorithm and each reference, list the cases and "
            "decisions that teach it (a step that names the node, a step that cites the "
            "reference), then what nothing teaches. "
            "Exit 0 when every case loads, 1 if a case fails validation (the others are still "
            "counted), 2 on a usage error such as a --cases folder that does not exist."
        ),
    )
    add_cases_option(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.authoring.coverage import coverage, coverage_dict, render_text
    from tutor.core.cases.diagnostics import errors
    from tutor.core.library.library import load_library

    if args.cases is not None and not args.cases.is_dir():
        return usage_error(f"--cases: '{args.cases}' is not a folder")
    library = load_library([args.cases] if args.cases is not None else None)
    report = coverage(
        [c.model for c in library.cases], library.algorithm, library.references.values()
    )
    if args.format == "json":
        json.dump(coverage_dict(report), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(report))
    problems = errors(library.diagnostics)
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_INVALID if problems or library.failed else EXIT_OK
