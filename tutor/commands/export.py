"""`tutor export CASE --format markdown|html|pdf [--answers] [-o FILE]`: a printable handout
that keeps the answers hidden; `tutor export CASE|--missed --format anki|gift|moodle-xml`: the
decisions as an Anki deck or a Moodle quiz import. Every format is one row of `FORMATS`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    add_cases_option,
    usage_error,
    writes_to_stdout,
)
from tutor.printable import printable

if TYPE_CHECKING:
    from tutor.core.algorithm.algorithm import Algorithm
    from tutor.core.cases.model import Case, Reference
    from tutor.core.library.library import Library
    from tutor.core.play.quiz import QuizItem


def _markdown(
    case: Case, refs: Mapping[str, Reference], algo: Algorithm | None, answers: bool
) -> str:
    from tutor.core.authoring.handout import render_markdown

    return render_markdown(case, refs, algo, answers=answers)


def _html(case: Case, refs: Mapping[str, Reference], algo: Algorithm | None, answers: bool) -> str:
    from tutor.core.authoring.html_export import render_html

    return render_html(case, refs, algo, answers=answers)


def _pdf(case: Case, refs: Mapping[str, Reference], algo: Algorithm | None, answers: bool) -> bytes:
    from tutor.core.authoring.pdf_export import render_pdf

    return render_pdf(case, refs, algo, answers=answers)


def _anki(title: str, key: str, items: Sequence[QuizItem], refs: Mapping[str, Reference]) -> bytes:
    from tutor.core.authoring.anki import build_package

    return build_package(title, key, items, refs)


def _gift(title: str, key: str, items: Sequence[QuizItem], refs: Mapping[str, Reference]) -> str:
    from tutor.core.authoring.gift import render_gift

    return render_gift(items, refs)


def _moodle(title: str, key: str, items: Sequence[QuizItem], refs: Mapping[str, Reference]) -> str:
    from tutor.core.authoring.moodle_xml import render_moodle_xml

    return render_moodle_xml(items, refs)


@dataclass(frozen=True)
class Format:
    """One export format. A handout renders a whole case (`answers` adds the key); a question
    format renders decisions (a case's, or with --missed the learner's missed ones)."""

    handout: Callable[[Case, Mapping[str, Reference], Algorithm | None, bool], str | bytes] | None
    questions: Callable[[str, str, Sequence[QuizItem], Mapping[str, Reference]], str | bytes] | None
    binary: bool  # written only to a file (-o), never to the terminal
    suffix: str


FORMATS: dict[str, Format] = {
    "markdown": Format(_markdown, None, binary=False, suffix=".md"),
    "html": Format(_html, None, binary=False, suffix=".html"),
    "pdf": Format(_pdf, None, binary=True, suffix=".pdf"),
    "anki": Format(None, _anki, binary=True, suffix=".apkg"),
    "gift": Format(None, _gift, binary=False, suffix=".gift.txt"),
    "moodle-xml": Format(None, _moodle, binary=False, suffix=".xml"),
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help=SUMMARIES["export"],
        description=(
            "Write a case as a printable handout (--format markdown, html or pdf): the patient, "
            "then one decision a page, detours marked 'only if you chose ...' after the main "
            "route, and what each decision reveals on the page after it, so the paper never "
            "gives an answer away. With --answers, add an answer key (verdicts, feedback, "
            "numeric bands, source disagreements, the algorithm node tested) and the reference "
            "list, each on its own page. --format gift or moodle-xml writes the decisions as "
            "Moodle quiz questions (grades per answer, feedback with citations); --format anki "
            "-o deck.apkg an Anki deck. Those three also take --missed instead of CASE: the "
            "decisions you answered suboptimally or harmfully. "
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
        help="with --format anki, gift or moodle-xml: the decisions you last answered "
        "suboptimally or harmfully",
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
        choices=list(FORMATS),
        default="markdown",
        help="output format (default: markdown)",
    )
    parser.add_argument(
        "--answers",
        action="store_true",
        help="handouts: add the answer key and the reference list (each on its own page)",
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
    from tutor.core.library.library import load_library

    chosen = FORMATS[args.format]
    to_terminal = writes_to_stdout(args.output)
    if (args.case is None) == (not args.missed):
        return usage_error("give a CASE or --missed, not both")
    if chosen.binary and to_terminal:
        return usage_error(f"--format {args.format} writes a file: give -o FILE{chosen.suffix}")
    if args.missed and chosen.questions is None:
        return usage_error("--missed needs --format anki, gift or moodle-xml")
    if args.answers and chosen.handout is None:
        return usage_error(f"--answers is for handouts; --format {args.format} always has the key")
    if args.missed:
        library = load_library([args.cases] if args.cases else None)
        items = missed_items(args.data_dir, library)
        if not items:
            print("No missed decisions to export: nothing answered suboptimally or harmfully.")
            return EXIT_OK
        assert chosen.questions is not None
        data = chosen.questions("tutor: missed decisions", "missed", items, library.references)
        return _write(args.output, data)
    found = _find(args)
    if isinstance(found, int):
        return found
    case, library = found
    if chosen.handout is not None:
        data = chosen.handout(case, library.references, library.algorithm, args.answers)
    else:
        from tutor.core.authoring.anki import case_items

        assert chosen.questions is not None
        items = case_items(case, library.algorithm)
        data = chosen.questions(f"tutor: {case.title}", case.id, items, library.references)
    if to_terminal:
        assert isinstance(data, str)
        sys.stdout.write(data)
        return EXIT_OK
    return _write(args.output, data)


def _find(args: argparse.Namespace) -> tuple[Case, Library] | int:
    """The case to export and its library, or the exit code after saying why there is none."""
    from tutor.core.library.library import load_library

    if _looks_like_path(args.case):
        path = Path(args.case)
        library = load_library([path])
        if not library.cases:
            print(
                printable(f"tutor: error: cannot export {path}: it does not load"), file=sys.stderr
            )
            for diagnostic in library.diagnostics:
                print(diagnostic, file=sys.stderr)
            return EXIT_INVALID
        return library.cases[0].model, library
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
    return found.model, library


def _write(output: Path, data: str | bytes) -> int:
    from tutor.fileio import write_bytes_atomic, write_text_atomic

    try:
        if isinstance(data, bytes):
            write_bytes_atomic(output, data)
        else:
            write_text_atomic(output, data)
    except OSError as exc:
        print(
            printable(f"tutor: error: cannot write {output}: {exc.strerror or exc}"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    print(printable(f"Wrote {output}"), file=sys.stderr)
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
