"""`tutor playtest [PATH ...]`: walk every path through each case and report what to fix."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, EXIT_OK, add_format_option, add_paths_argument


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "playtest",
        help=SUMMARIES["playtest"],
        description=(
            "Walk every path through each case without a learner and report: steps reachable "
            "and unreachable, dead ends, the lowest and highest score on each path, steps "
            "whose options all carry the same verdict, options without citations, steps that "
            "test no algorithm node, and how much of the algorithm the case covers. "
            "Exit 0 if no case has errors (warnings allowed), 1 if any has, 2 on a usage error."
        ),
    )
    add_paths_argument(parser)
    add_format_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.authoring.playtest import playtest
    from tutor.core.authoring.playtest_report import render_text, report_dict
    from tutor.printable import printable, printable_strings

    report = playtest(args.paths or None)
    if args.format == "json":
        json.dump(printable_strings(report_dict(report)), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(printable(render_text(report), newlines=True))
    return EXIT_OK if report.ok else EXIT_INVALID
