"""`tutor quiz`: a self-assessment quiz of decision points drawn from across the library."""

from __future__ import annotations

import argparse
import os
import random
import sys
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, again_command, time_limit_problem, usage_error
from tutor.commands.play import add_play_options
from tutor.core.play.modes import is_exam


def register(commands: Any) -> None:
    from tutor.core.play.quiz import DEFAULT_QUIZ_COUNT  # built only for `tutor quiz` itself

    parser = commands.add_parser(
        "quiz",
        help=SUMMARIES["quiz"],
        description=(
            "Assemble a quiz from decision points across the library, each shown with the "
            "vignette it belongs to, in exam mode: feedback comes at the end. In line mode "
            "(--plain), these words are answered at any prompt and never count as an answer: "
            "help, repeat (the question again), case (the vignette again), labs (the "
            "investigations), quit (stop; a quiz's answers are not recorded). Exit 0 when done "
            "or on quit; 1 if no case matches or, in plain mode, if input ends early; 2 on a "
            "usage error."
        ),
    )
    parser.add_argument(
        "--count",
        type=int,
        default=DEFAULT_QUIZ_COUNT,
        metavar="N",
        help=f"number of questions (default {DEFAULT_QUIZ_COUNT})",
    )
    parser.add_argument(
        "--tags",
        type=_tags,
        default=(),
        metavar="TAGS",
        help="only cases with any of these comma-separated tags, e.g. ILD,DM",
    )
    add_play_options(parser, default_mode="exam")
    parser.add_argument(
        "--plain", action="store_true", help="line mode: numbered text on stdout, answers on stdin"
    )
    parser.set_defaults(run=run)


def _tags(text: str) -> tuple[str, ...]:
    from tutor.core.cases.vocabulary import Tag

    known = {t.value.lower(): t for t in Tag}
    chosen = []
    for word in (w.strip() for w in text.split(",")):
        if word.lower() not in known:
            raise argparse.ArgumentTypeError(
                f"unknown tag '{word}' (tags: {', '.join(t.value for t in Tag)})"
            )
        chosen.append(known[word.lower()])
    return tuple(chosen)


def run(args: argparse.Namespace) -> int:
    from tutor.core.library.library import load_library
    from tutor.core.play.quiz import QuizSession, assemble_quiz

    if args.count < 1:
        return usage_error("--count must be at least 1")
    if problem := time_limit_problem(args):
        return usage_error(problem)
    # The listing (from the cache where files are unchanged) is enough to draw the questions;
    # only the cases drawn are read. Files not in the cache are checked on every core.
    library = load_library(
        [args.cases] if args.cases else None,
        workers=os.cpu_count() or 1,
        keep_models=False,
        use_cache=True,
    )
    seed = random.SystemRandom().randrange(2**31) if args.seed is None else args.seed
    items = assemble_quiz(
        library,
        library.read,
        count=args.count,
        tags=args.tags,
        seed=seed,
        algorithm=library.algorithm,
    )
    if not items:
        print("tutor: no decision points match; try other --tags", file=sys.stderr)
        return EXIT_INVALID
    session = QuizSession(items, library.algorithm, seed=seed)
    if args.plain:
        from tutor.plain import LineTutor

        tutor = LineTutor.on_stdio(session, library.references, exam=is_exam(args.mode))
        tutor.resume_command = again_command(["tutor", "quiz", "--plain"], args)
        return tutor.run(title=f"Self-assessment quiz: {len(items)} questions")
    from tutor.collector import paused_for_start

    with paused_for_start():
        from tutor.launch import run_quiz_app

        return run_quiz_app(args, library, session)
