"""`tutor drill`: play the review cards that are due, each decision in its case's context."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    add_cases_option,
    again_command,
    usage_error,
)
from tutor.commands.quiz import _tags

ENV_NOW = "TUTOR_NOW"
"""An ISO 8601 time to take as "now" (for trying a schedule out, and for tests)."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "drill",
        help=SUMMARIES["drill"],
        description=(
            "Re-drill the decisions you have answered, on a spaced schedule (FSRS): the ones "
            "due now, confidently wrong ones first, each scored and explained as in practice "
            "mode and then rescheduled. In line mode (--plain), these words are answered at any "
            "prompt and never count as an answer: help, repeat (the question again), case (the "
            "vignette again), labs (the investigations), quit (stop; each answer is already "
            "rescheduled, the rest stay due). Exit 0 when done, on quit, or when nothing is due "
            "(the next due time is printed); 1 if input ends early in plain mode; 2 on a usage "
            "error."
        ),
    )
    parser.add_argument("--count", type=int, default=None, metavar="N", help="at most N cards")
    parser.add_argument(
        "--tags",
        type=_tags,
        default=(),
        metavar="TAGS",
        help="only cases with any of these comma-separated tags, e.g. ILD,DM",
    )
    parser.add_argument(
        "--flagged", action="store_true", help="the decisions you flagged (f), due or not"
    )
    parser.add_argument(
        "--ahead",
        type=_duration,
        default=datetime.timedelta(0),
        metavar="DURATION",
        help="also cards due within this time, e.g. 2d, 12h (before an exam)",
    )
    add_cases_option(parser)
    parser.add_argument(
        "--seed", type=int, default=None, help="seed for the option order (default: random)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where progress is stored (default: $TUTOR_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--plain", action="store_true", help="line mode: numbered text on stdout, answers on stdin"
    )
    parser.set_defaults(run=run)


def _duration(text: str) -> datetime.timedelta:
    from tutor.core.play.drill import parse_duration

    try:
        return parse_duration(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def clock_from_env() -> Any:
    """The clock to use: $TUTOR_NOW fixed (when set), else the real time."""
    from tutor.core.progress.store_records import now_utc

    text = os.environ.get(ENV_NOW)
    if not text:
        return now_utc
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return lambda: moment


def run(args: argparse.Namespace) -> int:
    import random

    from tutor.core.library.library import load_library
    from tutor.core.play.drill import DrillSession, build_items, select_cards, when_text
    from tutor.core.progress.review import ReviewDeck
    from tutor.core.progress.store import Store

    if args.count is not None and args.count < 1:
        return usage_error("--count must be at least 1")
    try:
        clock = clock_from_env()
    except ValueError:
        return usage_error(f"${ENV_NOW} is not an ISO 8601 time")
    library = load_library([args.cases] if args.cases else None)
    cases = {loaded.model.id: loaded.model for loaded in library.cases}
    store = Store.open(args.data_dir, clock=clock)
    try:
        if store.notice:
            print(store.notice, file=sys.stderr)
        deck = ReviewDeck(store, clock=clock)
        cards = select_cards(
            deck, cases, count=args.count, tags=args.tags, flagged=args.flagged, ahead=args.ahead
        )
        items = build_items(deck, cards, cases, library.algorithm)
        if not items:
            if args.flagged:
                print("No flagged decisions to drill. Flag one with f while playing.")
                return EXIT_OK
            upcoming = deck.next_due()
            if upcoming is None:
                print("No decisions to review yet: play a case first, and what you answer comes")
                print("back here on a spaced schedule.")
            else:
                when = when_text(upcoming, clock())
                print(f"Nothing is due for review. The next decision is due {when}.")
            return EXIT_OK
        seed = random.SystemRandom().randrange(2**31) if args.seed is None else args.seed
        session = DrillSession(items, deck, library.algorithm, seed=seed)
        if args.plain:
            from tutor.core.progress.certainty import unmarked_level
            from tutor.plain import LineTutor

            tutor = LineTutor.on_stdio(session, library.references, exam=False)
            tutor.unmarked = unmarked_level(store)
            tutor.resume_command = again_command(["tutor", "drill", "--plain"], args)
            tutor.flags = deck
            code = tutor.run(title=f"Review drill: {len(items)} decision(s) due")
            if session.rescheduled:
                upcoming = deck.next_due()
                if upcoming is not None:
                    print(f"Next review due {when_text(upcoming, clock())}.")
            return code
        from tutor.collector import paused_for_start

        with paused_for_start():
            from tutor.launch import run_drill_app

            return run_drill_app(args, library, session, store)
    finally:
        store.close()


__all__ = ["EXIT_INVALID", "register", "run"]
