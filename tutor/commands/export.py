"""`tutor export CASE --format markdown [--answers] [-o FILE]`: a printable handout."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, EXIT_OK, add_cases_option
from tutor.printable import printable


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help=SUMMARIES["export"],
        description=(
            "Write a case as a printable handout: vignette, investigations table and the "
            "decisions. With --answers, add an answer key (verdicts, feedback, numeric bands, "
            "source disagreements, the algorithm node tested) and the full reference list. "
            "Exit 0 when written, 1 if the case is missing or invalid, 2 on a usage error."
        ),
    )
    parser.add_argument(
        "case", metavar="CASE", help="a case id from the library, or the path of a case file"
    )
    parser.add_argument(
        "--format",
        choices=["markdown"],
        default="markdown",
        help="output format (default: markdown)",
    )
    parser.add_argument(
        "--answers", action="store_true", help="add the answer key and the reference list"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (replaced in one step) instead of standard output",
    )
    add_cases_option(parser)
    parser.set_defaults(run=run)


def _looks_like_path(text: str) -> bool:
    path = Path(text)
    return path.suffix in (".yaml", ".yml") or "/" in text or "\\" in text or path.is_file()


def run(args: argparse.Namespace) -> int:
    from tutor.core.authoring.export import render_markdown
    from tutor.core.library.library import load_library
    from tutor.fileio import write_text_atomic

    if _looks_like_path(args.case):
        path = Path(args.case)
        library = load_library([path])
        found = library.cases[0] if library.cases else None
        if found is None:
            print(
                printable(f"tutor: error: cannot export {path}: it does not load"), file=sys.stderr
            )
            for diagnostic in library.diagnostics:
                print(diagnostic, file=sys.stderr)
            return EXIT_INVALID
    else:
        library = load_library([args.cases] if args.cases else None)
        found = library.find(args.case)
        if found is None:
            where = args.cases or "the bundled library"
            known = ", ".join(sorted(c.model.id for c in library.cases)) or "none"
            print(
                printable(
                    f"tutor: error: no valid case with id '{args.case}' in {where} (cases: {known})"
                ),
                file=sys.stderr,
            )
            return EXIT_INVALID

    text = render_markdown(found.model, library.references, library.algorithm, answers=args.answers)
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_text_atomic(args.output, text)
    except OSError as exc:
        print(
            printable(f"tutor: error: cannot write {args.output}: {exc.strerror or exc}"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(printable(f"Wrote {args.output}"), file=sys.stderr)
    return EXIT_OK
