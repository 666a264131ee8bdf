"""From `tutor play` arguments to the app, or to an exit code when there is nothing to open.

A case that cannot be found or fails validation is reported on stderr and the app never starts
(exit 1) - unless --watch asks to wait for the author to fix it, on screen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tutor.commands.play import case_sources
from tutor.core.diagnostics import errors
from tutor.core.library import load_library
from tutor.ui.app import TutorApp, make_app

EXIT_INVALID = 1
EXIT_USAGE = 2


def app_from_args(args: argparse.Namespace) -> TutorApp | int:
    """The app for `tutor play` arguments, or an exit code after printing why not."""
    paths, case_id = case_sources(args)
    if args.watch and not args.case:
        print("tutor: error: --watch needs a CASE (a case file)", file=sys.stderr)
        return EXIT_USAGE
    library = load_library(paths)
    start: str | None = None
    watch: Path | None = None
    if args.case:
        first = library.summaries[0].id if library.summaries else None
        loaded = library.find(case_id or first) if (case_id or first) else None
        if loaded is None and not args.watch:
            for diagnostic in errors(library.diagnostics):
                print(diagnostic, file=sys.stderr)
            if case_id:
                known = ", ".join(sorted(s.id for s in library.summaries)) or "none"
                print(
                    f"tutor: no case '{case_id}' in the library (cases: {known})", file=sys.stderr
                )
            return EXIT_INVALID
        start = loaded.model.id if loaded else case_id
        if args.watch:
            watch = loaded.path if (loaded and case_id) else Path(args.case)
    from tutor.core.store import Store

    return make_app(
        library,
        paths=paths,
        case=start,
        mode=args.mode,
        time_limit=args.time_limit,
        seed=args.seed,
        watch=watch,
        store=Store.open(getattr(args, "data_dir", None)),
        restart=getattr(args, "restart", False),
    )
