"""`tutor play [CASE]`: open the library, or one case, in the TUI or (with --plain) line mode."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    EXIT_INVALID,
    EXIT_USAGE,
    add_cases_option,
    add_learner_option,
    again_command,
    learner_for,
    time_limit_problem,
    usage_error,
)
from tutor.core.play.modes import MODES, is_exam, mode_of, other_mode
from tutor.printable import printable

if TYPE_CHECKING:
    from tutor.core.algorithm.algorithm import Algorithm
    from tutor.core.cases.model import Case
    from tutor.core.library.outcome import Listing
    from tutor.core.play.attempts import Opened
    from tutor.core.progress.store import Store


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "play",
        help=SUMMARIES["play"],
        description=(
            "Open the case library, or play one case directly. CASE is a case id from the "
            "library or a path to a case file. In line mode (--plain), these words are "
            "answered at any prompt and never count as an answer: help, repeat (the question "
            "again), case (the vignette again), labs (the investigations), quit (stop; the "
            "attempt is saved, and the same command carries on where you stopped). Exit 0 when "
            "done or on quit; 1 if the case cannot be loaded or, in plain mode, if input ends "
            "before the case does."
        ),
    )
    parser.add_argument("case", nargs="?", metavar="CASE", help="case id or path to a case file")
    add_play_options(parser)
    add_learner_option(parser)
    parser.add_argument(
        "--plain",
        action="store_true",
        help="line mode: numbered text on stdout, answers read from stdin (screen readers, pipes)",
    )
    parser.add_argument(  # set by `tutor serve` for each browser connection, not by people
        "--serve-learners", type=Path, default=None, metavar="DIR", help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        help="reload the case when its file changes (for authors previewing a case)",
    )
    parser.set_defaults(run=run)


def add_play_options(parser: argparse.ArgumentParser, default_mode: str = "practice") -> None:
    other = other_mode(mode_of(default_mode))
    parser.add_argument(
        "--mode",
        choices=MODES,
        default=default_mode,
        help=(
            f"{default_mode} (the default) or {other}: practice gives feedback after each "
            "decision, exam only at the end"
        ),
    )
    parser.add_argument(
        "--time-limit",
        type=_minutes,
        metavar="MINUTES",
        default=None,
        help="exam mode: a time limit in minutes, shown as a countdown",
    )
    add_cases_option(parser)
    parser.add_argument(
        "--seed", type=int, default=None, help="seed for the option order (default: random)"
    )
    parser.add_argument(
        "--restart",
        action="store_true",
        help="start afresh even if an attempt at this case is in progress",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where progress is stored (default: $TUTOR_DATA_DIR or the user data folder)",
    )


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of minutes") from None
    if not 0 < value <= 24 * 60:
        raise argparse.ArgumentTypeError(
            f"the time limit must be more than 0 and at most 1440 minutes (24 hours), not {text}"
        )
    return value


def case_sources(args: argparse.Namespace) -> tuple[list[Path] | None, str | None]:
    """The library paths to load and the case id to open, from CASE and --cases."""
    if args.case and (args.case.endswith((".yaml", ".yml")) or Path(args.case).is_file()):
        return [Path(args.case)], None
    return ([args.cases] if args.cases else None), args.case


def run(args: argparse.Namespace) -> int:
    if problem := time_limit_problem(args):
        return usage_error(problem)
    if args.plain:
        if args.watch:
            return usage_error("--watch needs the full-screen tutor, not --plain")
        if not args.case:
            return usage_error("--plain needs a CASE (an id or a case file)")
        return run_plain(args)
    from tutor.collector import paused_for_start

    with paused_for_start():
        from tutor.launch import run_app

        return run_app(args)


def run_plain(args: argparse.Namespace) -> int:
    from tutor.core.library.library import load_library
    from tutor.core.progress.store import Store
    from tutor.plain import LineTutor

    paths, case_id = case_sources(args)
    # Line mode is single-threaded, so files not in the cache are checked on every core.
    library = load_library(paths, workers=os.cpu_count() or 1, keep_models=False, use_cache=True)
    first = library.summary_at(0).id if library.count() else None
    wanted = case_id or first
    loaded = library.find(wanted) if wanted else None
    if loaded is None:
        return case_not_found(library, case_id)
    from tutor.core.progress.store import StoreError

    store = Store.open(args.data_dir)
    if store.notice:
        print(printable(store.notice), file=sys.stderr)
    from tutor.core.progress.certainty import unmarked_level

    learner_for(args, store, may_ask=True)
    try:
        opened = open_session(store, loaded.model, library.algorithm, args)
        tutor = LineTutor.on_stdio(opened.session, library.references, exam=is_exam(opened.mode))
        tutor.unmarked = unmarked_level(store)
        tutor.resume_command = resume_command(args)
        if store.persistent:
            from tutor.core.progress.review import ReviewDeck

            tutor.flags = ReviewDeck(store)
        code = tutor.run()
        if opened.session.finished and opened.attempt_id is not None:
            from tutor.commands.sync import after_attempt

            after_attempt(store)
        return code
    except StoreError as error:
        # A progress file that cannot be written (read-only, disk full): the reason, not a trace.
        print(printable(f"tutor: error: {error}"), file=sys.stderr)
        return EXIT_INVALID
    finally:
        store.close()


def case_not_found(library: Listing, case_id: str | None) -> int:
    """Why no case could be opened, on stderr: the library's errors, and the ids it does have."""
    from tutor.core.cases.diagnostics import errors

    for diagnostic in errors(library.diagnostics):
        print(diagnostic, file=sys.stderr)
    if case_id:
        known = ", ".join(sorted(s.id for s in library.summaries)) or "none"
        print(
            printable(f"tutor: no case '{case_id}' in the library (cases: {known})"),
            file=sys.stderr,
        )
    return EXIT_INVALID


def resume_command(args: argparse.Namespace) -> str:
    """The command that carries on this attempt after `quit`: the case as it was named, with the
    library and data folder if they were given (the mode is the attempt's own)."""
    return again_command(["tutor", "play", args.case, "--plain"], args)


def open_session(
    store: Store, case: Case, algorithm: Algorithm | None, args: argparse.Namespace
) -> Opened:
    """The attempt to play, by the one policy of `tutor.core.play.attempts.open_attempt`, with
    its outcome said on stderr."""
    from tutor.core.play.attempts import open_attempt
    from tutor.core.play.wording import plural
    from tutor.plain_text import listening_width, wrap_for_listening

    opened = open_attempt(store, case, algorithm, args.mode, args.seed, fresh=args.restart)
    said = opened.problem
    if said is None and (resumed := opened.carried_on) is not None:
        also = "" if resumed.mode == args.mode else f" (in {resumed.mode} mode, as it was started)"
        said = (
            f"Resuming your attempt of {resumed.date}{also}: "
            f"{plural(len(opened.session.results), 'decision')} already answered. "
            "Use --restart to start again."
        )
    elif said is None and (earlier := opened.set_aside) is not None:
        said = (
            f"Starting afresh: your attempt of {earlier.date} "
            f"({plural(earlier.answered, 'decision')} answered) is kept in your history."
        )
    elif said is None and (other := opened.open_elsewhere) is not None:
        said = (
            f"This case is open in another tutor (your attempt of {other.date}), so this is a "
            "new attempt; the other one carries on there."
        )
    if said is not None:
        # Wrapped as line mode wraps the case, so a listener or a narrow terminal never gets a
        # word split at the screen's edge.
        print(wrap_for_listening(said, listening_width()), file=sys.stderr)
    return opened


__all__ = ["EXIT_USAGE", "add_play_options", "case_sources", "register", "run"]
