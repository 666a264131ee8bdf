"""`tutor pack DIR -o library.zip`: a case library as one file to hand out, checked first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_INVALID, EXIT_OK, usage_error
from tutor.printable import printable


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "pack",
        help=SUMMARIES["pack"],
        description=(
            "Check every case in DIR, then write its case files, references.yaml and schemas "
            "to one zip file that any tutor command opens with --cases FILE.zip. Nothing is "
            "written if a case fails validation. Exit 0 when written, 1 if a case is invalid "
            "or the file cannot be written, 2 on a usage error."
        ),
    )
    parser.add_argument("folder", type=Path, metavar="DIR", help="the case library folder")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        default=None,
        help="the zip file to write (default: DIR's name with .zip, in this folder)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import os

    from tutor.core.cases.diagnostics import errors
    from tutor.core.library.library import load_library
    from tutor.core.library.pack import PACK_SUFFIX, PackError, write_pack

    folder: Path = args.folder
    if not folder.is_dir():
        return usage_error(f"'{folder}' is not a folder")
    out: Path = args.output or Path(f"{folder.resolve().name}{PACK_SUFFIX}")
    if out.suffix.lower() != PACK_SUFFIX:
        return usage_error(f"-o: '{out}' must end in {PACK_SUFFIX}, the name --cases looks for")
    if out.is_dir():
        return usage_error(f"-o: '{out}' is a folder")
    library = load_library([folder], workers=os.cpu_count() or 1, keep_models=False)
    problems = errors(library.diagnostics)
    if problems or library.failed:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"tutor pack: nothing written: {len(library.failed)} case file(s) in "
            f"{printable(str(folder))} are invalid ({len(problems)} error(s)); "
            "fix them and pack again",
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        packed = write_pack(folder, out)
    except (PackError, OSError) as error:
        print(f"tutor pack: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    shown = printable(str(packed.path))
    print(
        f"Wrote {shown}: {len(library.summaries)} case(s) in {packed.files} file(s). "
        f"Open it with: tutor --cases {shown}"
    )
    return EXIT_OK
