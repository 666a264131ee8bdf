"""`tutor class-report`: a class's results and an item analysis of every decision, from
learners' exports and/or a learning record store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    EXIT_INVALID,
    add_cases_option,
    add_lrs_options,
    usage_error,
    write_output,
)
from tutor.printable import printable

if TYPE_CHECKING:
    from tutor.core.records.class_data import ClassRecords

FORMATS = ("markdown", "html", "csv", "json")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "class-report",
        help=SUMMARIES["class-report"],
        description=(
            "For an educator: per case, each learner's attempts (score, harmful choices, "
            "certainty-based mark, time, date) and an item analysis of every decision as "
            "Moodle's quiz statistics define it (facility, discrimination, discriminative "
            "efficiency, how many chose each option, harmful choices, median time, flags for "
            "the author); then what the class most often got wrong, with the key and its "
            "sources. Reads learners' 'tutor results --format xapi' or '--format json' files "
            "and, with --lrs, the statements a learning record store holds; an answer read "
            "twice counts once. Exit 0 on success, 1 when a source cannot be read, 2 on a "
            "usage error."
        ),
    )
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        metavar="SOURCE",
        help="a learner's export: tutor results --format xapi (or json) -o FILE",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown", help="output format (default: markdown)"
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (replaced atomically) instead of standard output",
    )
    add_lrs_options(parser)
    add_cases_option(parser)
    parser.set_defaults(run=run)


def _read_file(records: ClassRecords, path: Path) -> str | None:
    """Add one file's answers; what is wrong with it, if anything."""
    import json

    from tutor.core.records.class_data import SourceError, add_source

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return f"{path}: not UTF-8 text"
    except OSError as error:
        return f"{path}: cannot read it ({error.strerror or error})"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith(("learner,", '"learner"')):
            return f"{path}: a CSV export; export with 'tutor results --format xapi' instead"
        return f"{path}:{error.lineno}:{error.colno}: not JSON: {error.msg}"
    try:
        add_source(records, data)
    except SourceError as error:
        return f"{path}: {error}"
    return None


def _read_lrs(records: ClassRecords, args: argparse.Namespace) -> str | int | None:
    """Add what the LRS holds; a message when it cannot be read, an exit code on misuse."""
    from tutor.commands.common import settings_from
    from tutor.core.records.class_data import SourceError
    from tutor.core.records.lrs import Lrs, LrsError

    settings = settings_from(args)
    if isinstance(settings, str):
        return usage_error(settings)
    lrs = Lrs(settings.url, settings.user, settings.password)
    try:
        records.add_statements(lrs.statements())
    except LrsError as error:
        return f"{settings.url}: {error}"
    except SourceError as error:
        return f"{settings.url}: {error}"
    return None


def run(args: argparse.Namespace) -> int:
    from tutor.core.records.class_data import ClassRecords

    if not args.sources and not args.lrs:
        return usage_error("class-report needs a SOURCE file or --lrs URL (or both)")
    if args.output is not None and not args.output.parent.is_dir():
        return usage_error(f"cannot write {args.output}: the folder does not exist")
    records = ClassRecords()
    for path in args.sources:
        if problem := _read_file(records, path):
            print(printable(f"tutor class-report: {problem}"), file=sys.stderr)
            return EXIT_INVALID
    if args.lrs:
        problem_or_code = _read_lrs(records, args)
        if isinstance(problem_or_code, int):
            return problem_or_code
        if problem_or_code:
            print(printable(f"tutor class-report: {problem_or_code}"), file=sys.stderr)
            return EXIT_INVALID
    text = _render(records, args)
    return write_output(args.output, text, said=f"tutor class-report: written to {args.output}")


def _render(records: ClassRecords, args: argparse.Namespace) -> str:
    import json

    from tutor.core.library.library import load_library
    from tutor.core.records.class_report import build_report
    from tutor.core.records.class_report_html import render_html
    from tutor.core.records.class_report_text import render_csv, render_markdown

    library = load_library([args.cases] if args.cases else None, keep_models=False)
    cases = {}
    for case_id in {attempt.case_id for attempt in records.attempts.values()}:
        loaded = library.find(case_id)
        if loaded is not None:
            cases[case_id] = loaded.model
    report = build_report(records, cases, library.references)
    if args.format == "json":
        return json.dumps(report.to_data(), indent=2, ensure_ascii=False) + "\n"
    if args.format == "csv":
        return render_csv(report)
    return render_html(report) if args.format == "html" else render_markdown(report)
