"""`tutor results`: export every recorded answer, one row each, as CSV or JSON for educators."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    EXIT_INVALID,
    EXIT_OK,
    add_cases_option,
    usage_error,
    write_output,
    writes_to_stdout,
)
from tutor.core.records.answer_rows import COLUMNS, Rows, write_csv, write_json  # noqa: F401
from tutor.printable import printable

MAX_NAME = 100


def _date(text: str) -> datetime.date:
    try:
        if len(text) != 10:
            raise ValueError
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD, for example 2026-01-31"
        ) from None


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "results",
        help=SUMMARIES["results"],
        description=(
            "Export every recorded answer, one row per answer, for an educator or a gradebook: "
            "learner name, case, step, response, verdict, points, safety flag and timestamps "
            "(ISO 8601, UTC); or, with --format xapi, the xAPI 1.0.3 statements of the same "
            "answers as a JSON array. Exit 0 on success; 1 when the progress file cannot be "
            "read, or was found damaged (what could be recovered is exported, and stderr says "
            "so); 2 on a usage error."
        ),
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json", "xapi"),
        default="csv",
        help="output format (default: csv); xapi: the statements a learning record store gets",
    )
    parser.add_argument(
        "--since",
        type=_date,
        metavar="YYYY-MM-DD",
        help="only answers given on or after this date (UTC)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (replaced atomically) instead of standard output",
    )
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="set the learner name shown in exports (stored; set it once)",
    )
    parser.add_argument(
        "--unmarked-as",
        choices=("sure", "unsure", "guessing"),
        default=None,
        help="what an answer with no confidence marked counts as in the certainty-based marks "
        "(stored; default guessing)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="after the export, print each attempt's score, safety tally, certainty-based "
        "marks and calibration to standard error",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder of the progress file (default: $TUTOR_DATA_DIR or the user data folder)",
    )
    add_cases_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.progress.store import Store

    name = None
    if args.name is not None:
        name = " ".join(args.name.split())
        if not name:
            return usage_error("--name needs a name, for example --name 'A. Learner'")
        if len(name) > MAX_NAME or any(unicodedata.category(c).startswith("C") for c in name):
            return usage_error(f"--name must be at most {MAX_NAME} printable characters")
    if args.output is not None and not args.output.parent.is_dir():
        return usage_error(f"cannot write {args.output}: the folder does not exist")
    from tutor.core.progress.store import StoreError

    with Store.open(args.data_dir) as store:
        if not store.persistent:
            # The progress file could not be opened: an empty export would hide the answers.
            print(
                printable(f"tutor: error: cannot export results: {store.notice}"), file=sys.stderr
            )
            return EXIT_INVALID
        if store.notice:
            print(printable(f"tutor: {store.notice}"), file=sys.stderr)
        recovered = store.recovery is not None
        from tutor.core.algorithm.scoring_types import Confidence
        from tutor.core.progress.certainty import set_unmarked_level, unmarked_level

        try:
            if name is not None:
                store.set_learner_name(name)
            if args.unmarked_as is not None:
                set_unmarked_level(store, Confidence(args.unmarked_as))
            unmarked = unmarked_level(store)
            from tutor.commands.common import learner_for

            current = learner_for(args, store, may_ask=False)
            answers = []
            if args.format == "xapi" or args.summary:  # these need every answer at once
                answers = store.answer_rows(args.since)
            if args.format == "xapi":
                summaries = {summary.id: summary for summary in store.attempts()}
        except StoreError as error:
            print(printable(f"tutor: error: {error}"), file=sys.stderr)
            return EXIT_INVALID
        if args.summary:
            for line in _summary(store, answers, unmarked):
                print(line, file=sys.stderr)
        if args.format != "xapi":
            return _stream(args, store, Rows(current, unmarked), recovered)
    statements = _statements(args, answers, summaries, unmarked)
    text = _json(statements)
    # A progress file found damaged gives what could be recovered from it, not every answer:
    # exported, said on stderr (above), and not a success a script could take as complete.
    said = f"{len(statements)} statement(s) written to {args.output}"
    return write_output(args.output, text, said=said, done=EXIT_INVALID if recovered else EXIT_OK)


def _stream(args: argparse.Namespace, store: Any, rows: Rows, recovered: bool) -> int:
    """CSV or JSON, from the store's cursor to the file (replaced atomically once complete)."""
    from tutor.core.progress.store import StoreError
    from tutor.fileio import open_text_atomic

    write = write_csv if args.format == "csv" else write_json
    to_stdout = writes_to_stdout(args.output)
    try:
        with open_text_atomic(Path("-") if to_stdout else args.output) as out:
            count = write(out, store.export_rows(args.since), rows)
    except StoreError as error:
        print(printable(f"tutor: error: {error}"), file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:
        return usage_error(f"cannot write {args.output}: {error.strerror or error}")
    if not to_stdout:
        print(printable(f"{count} answer(s) written to {args.output}"), file=sys.stderr)
    return EXIT_INVALID if recovered else EXIT_OK


def _statements(
    args: argparse.Namespace, answers: list[Any], summaries: dict[int, Any], unmarked: Any
) -> list[dict[str, Any]]:
    """The xAPI statements of the answers, each decision described from its case file."""
    from tutor.core.library.library import load_library
    from tutor.core.records.xapi import history

    library = load_library([args.cases] if args.cases else None, keep_models=False)
    cases = {}
    for case_id in {answer.case_id for answer in answers}:
        loaded = library.find(case_id)
        if loaded is not None:
            cases[case_id] = loaded.model
    return history(answers, summaries, cases, unmarked)


def _summary(store: Any, answers: list[Any], unmarked: Any) -> list[str]:
    """Per attempt: score, safety tally, certainty-based marks and calibration."""
    from tutor.core.play.describe import format_points
    from tutor.core.progress.certainty import CertaintyMarks

    lines = []
    by_attempt: dict[int, list[Any]] = {}
    for answer in answers:
        by_attempt.setdefault(answer.attempt_id, []).append(answer)
    for attempt_id, rows in by_attempt.items():
        marks = CertaintyMarks(unmarked)
        for row in rows:
            marks.add(row.verdict, row.harmful > 0, row.confidence)
        points = sum(r.points for r in rows)
        available = sum(r.max_points for r in rows)
        harmful = sum(r.harmful for r in rows)
        lines.append(
            f"Attempt {attempt_id}, {rows[0].case_title} "
            f"({rows[0].mode}, {rows[0].answered_at:%Y-%m-%d}):"
        )
        lines.append(
            f"  Score: {format_points(points)} of {format_points(available)} points; "
            f"safety: {harmful} harmful choice(s)."
        )
        lines.append(f"  {marks.line()}")
        lines.append(f"  {marks.calibration_line()}")
    return lines


def _json(rows: list[dict[str, Any]]) -> str:

    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
