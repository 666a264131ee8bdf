"""`tutor export CASE --format markdown [--answers] [-o FILE]`: a printable handout;
`tutor export CASE|--missed --format anki -o deck.apkg`: an Anki deck of decisions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, EXIT_OK, add_cases_option, usage_error
from tutor.printable import printable

if TYPE_CHECKING:
    from tutor.core.cases.model import Case
    from tutor.core.library.library import Library
    from tutor.core.play.quiz import QuizItem


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help=SUMMARIES["export"],
        description=(
            "Write a case as a printable handout: vignette, investigations table and the "
            "decisions. With --answers, add an answer key (verdicts, feedback, numeric bands, "
            "source disagreements, the algorithm node tested) and the full reference list. "
            "With --format anki -o deck.apkg, write an Anki deck of the case's decisions (or, "
            "with --missed instead of CASE, of the decisions you answered suboptimally or "
            "harmfully). "
            "Exit 0 when written, 1 if the case is missing or invalid, 2 on a usage error."
        ),
    )
    parser.add_argument(
        "case",
        metavar="CASE",
        nargs="?",
        help="a case id from the library, or the path of a case file",
    )
    parser.add_argument(
        "--missed",
        action="store_true",
        help="with --format anki: the decisions you last answered suboptimally or harmfully",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where progress is stored, for --missed (default: $TUTOR_DATA_DIR or the user data "
        "folder)",
    )
    parser.add_argument(
        "--format",
        choices=["markdown", "anki"],
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
    from tutor.core.authoring.handout import render_markdown
    from tutor.core.library.library import load_library
    from tutor.fileio import write_text_atomic

    if (args.case is None) == (not args.missed):
        return usage_error("give a CASE or --missed (with --format anki), not both")
    if args.format == "anki" and (args.output is None or str(args.output) == "-"):
        return usage_error("--format anki writes a file: give -o deck.apkg")
    if args.missed:
        if args.format != "anki":
            return usage_error("--missed needs --format anki")
        return export_anki(args, None)
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

    if args.format == "anki":
        return export_anki(args, found.model, library)
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


def export_anki(args: argparse.Namespace, case: Case | None, library: Library | None = None) -> int:
    """Write the deck: the decisions of `case`, or with no case the learner's missed ones."""
    from tutor.core.authoring.anki import build_package, case_items
    from tutor.core.library.library import load_library
    from tutor.fileio import write_bytes_atomic

    if case is not None:
        assert library is not None
        data = build_package(
            f"tutor: {case.title}", case.id, case_items(case, library.algorithm), library.references
        )
    else:
        library = load_library([args.cases] if args.cases else None)
        items = missed_items(args.data_dir, library)
        if not items:
            print("No missed decisions to export: nothing answered suboptimally or harmfully.")
            return EXIT_OK
        data = build_package("tutor: missed decisions", "missed", items, library.references)
    try:
        write_bytes_atomic(args.output, data)
    except OSError as exc:
        print(
            printable(f"tutor: error: cannot write {args.output}: {exc.strerror or exc}"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(printable(f"Wrote {args.output}"), file=sys.stderr)
    return EXIT_OK


def missed_items(data_dir: Path | None, library: Library) -> list[QuizItem]:
    """The decisions whose last review was a miss, each with the context the drill shows."""
    from tutor.core.play.drill import build_items
    from tutor.core.progress.review import ReviewDeck
    from tutor.core.progress.store import Store

    cases = {loaded.model.id: loaded.model for loaded in library.cases}
    store = Store.open(data_dir)
    try:
        if store.notice:
            print(store.notice, file=sys.stderr)
        deck = ReviewDeck(store)
        deck.sync()
        deck.refresh(cases)
        missed = [card for card in deck.cards() if card.missed]
        return list(build_items(deck, missed, cases, library.algorithm))
    finally:
        store.close()
