"""`tutor new CASE_ID`: write a commented starter case that passes `tutor validate` as written."""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, EXIT_OK, usage_error
from tutor.printable import printable

CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID_LENGTH = 80
SCHEMA_FILE = "case.schema.json"
FEATURES = ["ild", "dysphagia", "severe_skin", "malignancy", "checkpoint_inhibitor"]
"""The --feature choices, written out so the parser imports nothing; a test checks that they
are every feature the algorithm knows (all but the stage features)."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "new",
        help=SUMMARIES["new"],
        description=(
            "Write a valid, commented starter case that shows every part of the case format: "
            "each kind of step, a branch, revealed information, a sources-differ note, "
            "citations, and the algorithm nodes the answers are checked against. "
            "Exit 0 when written, 1 if the file exists (use --force), 2 on a usage error."
        ),
    )
    parser.add_argument(
        "case_id",
        metavar="CASE_ID",
        help="the new case's id: lower-case letters, digits and '-' (e.g. dm-with-dysphagia)",
    )
    parser.add_argument(
        "--phenotype",
        choices=["PM", "DM"],
        default="PM",
        help="polymyositis or dermatomyositis (default: PM)",
    )
    parser.add_argument(
        "--feature",
        dest="features",
        action="append",
        default=[],
        choices=FEATURES,
        metavar="FEATURE",
        help=(
            "a feature of the patient: ild, dysphagia, severe_skin (DM only), malignancy or "
            "checkpoint_inhibitor; "
            "repeat for more (--feature ild --feature dysphagia)"
        ),
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="file to write ('-' for standard output; default: CASE_ID.yaml here)",
    )
    where.add_argument("--dir", type=Path, metavar="DIR", help="folder to write CASE_ID.yaml into")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from tutor.core.authoring.scaffold import ScaffoldError, render
    from tutor.fileio import write_text_atomic

    case_id: str = args.case_id
    if not CASE_ID.match(case_id) or len(case_id) > MAX_ID_LENGTH:
        return usage_error(
            f"'{case_id}' is not a valid case id: use lower-case letters, digits and '-', "
            f"starting with a letter or digit, at most {MAX_ID_LENGTH} characters"
        )
    to_stdout = args.output is not None and str(args.output) == "-"
    if to_stdout:
        target = None
    elif args.output is not None:
        target = args.output
    else:
        target = (args.dir or Path(".")) / f"{case_id}.yaml"
    if target is not None and target.is_dir():
        return usage_error(f"{target} is a folder; use --dir {target} to write into it")
    if target is not None and not target.parent.is_dir():
        print(printable(f"tutor: error: no such folder: {target.parent}"), file=sys.stderr)
        return EXIT_INVALID
    if target is not None and target.exists() and not args.force:
        print(
            printable(f"tutor: error: {target} already exists; use --force to overwrite it"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        text = render(
            case_id,
            args.phenotype,
            args.features,
            schema_ref=schema_reference(target),
            file_hint=shlex.quote(str(target)) if target is not None else None,
        )
    except ScaffoldError as exc:
        return usage_error(str(exc))
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_text_atomic(target, text, overwrite=args.force)
    except FileExistsError:
        print(
            printable(f"tutor: error: {target} already exists; use --force to overwrite it"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    except OSError as exc:
        print(
            printable(f"tutor: error: cannot write {target}: {exc.strerror or exc}"),
            file=sys.stderr,
        )
        return EXIT_INVALID
    shown = shlex.quote(str(target))
    try:
        schema = write_schema_beside(target)
    except OSError as exc:
        print(f"tutor: warning: cannot write the schema beside it: {exc}", file=sys.stderr)
        schema = None
    also = f" and {schema} (the schema editors check it with; share it with the case)"
    print(printable(f"Wrote {target}{also if schema else ''}."))
    print(printable(f"Edit it, then check it with: tutor validate {shown}"))
    return EXIT_OK


def schema_reference(target: Path | None) -> str:
    """What the modeline points editors at. A written case gets the plain name of the schema
    file that `run` puts beside it, so the reference travels with the folder when it is moved
    or shared; standard output has no folder, so it gets the installed schema's file:// URI."""
    if target is None:
        from tutor.paths import bundled_cases_dir

        return (bundled_cases_dir() / SCHEMA_FILE).resolve().as_uri()
    return SCHEMA_FILE


def write_schema_beside(target: Path) -> Path | None:
    """Put the case schema beside a new case unless one is there already (the bundled library,
    or the educator's own copy); return the file written, if any."""
    from tutor.fileio import write_text_atomic
    from tutor.schema import json_schema_text

    schema = target.parent / SCHEMA_FILE
    if schema.exists():
        return None
    write_text_atomic(schema, json_schema_text("case"), overwrite=False)
    return schema
