"""`tutor schema [KIND]`: print the JSON Schema of a case file (or references / algorithm)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_OK


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "schema",
        help=SUMMARIES["schema"],
        description=(
            "Print the JSON Schema of case files (or of the references and algorithm files), "
            "for editors and other tools."
        ),
    )
    parser.add_argument(
        "kind",
        nargs="?",
        default="case",
        choices=["case", "references", "algorithm"],
        help="which file's schema (default: case)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tutor.schema import json_schema_text

    sys.stdout.write(json_schema_text(args.kind))
    return EXIT_OK
