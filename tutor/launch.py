"""From `tutor play` and `tutor quiz` arguments to the app, run; or to an exit code when there is
nothing to open. The bridge from the commands to the UI: the UI never imports this, or them.

A case that cannot be found or fails validation is reported on stderr and the app never starts
(exit 1) - unless --watch asks to wait for the author to fix it, on screen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.commands.play import case_not_found, case_sources
from tutor.core.library.outcome import Listing
from tutor.core.play.modes import mode_of
from tutor.exit_codes import EXIT_OK, EXIT_USAGE
from tutor.paths import bundled_cases_dir
from tutor.ui.app import TutorApp
from tutor.ui.app_options import AppOptions

if TYPE_CHECKING:
    from tutor.core.library.library import Library
    from tutor.core.play.quiz import QuizSession
    from tutor.core.progress.store import Store


def app_from_args(args: argparse.Namespace) -> TutorApp | int:
    """The app for `tutor play` arguments, or an exit code after printing why not."""
    paths, case_id = case_sources(args)
    if args.watch and not args.case:
        print("tutor: error: --watch needs a CASE (a case file)", file=sys.stderr)
        return EXIT_USAGE
    data_dir = getattr(args, "data_dir", None)
    if not args.case:
        return _library_app(args, paths, data_dir)
    from tutor.core.library.library import load_library
    from tutor.core.progress.store import Store

    library = load_library(paths, keep_models=False, use_cache=True)
    start: str | None = None
    watch: Path | None = None
    first = library.summaries[0].id if library.summaries else None
    wanted = case_id or first
    loaded = library.find(wanted) if wanted else None
    if loaded is None and not args.watch:
        return case_not_found(library, case_id)
    start = loaded.model.id if loaded else case_id
    if args.watch:
        watch = loaded.path if (loaded and case_id) else Path(args.case)
    return TutorApp(
        library,
        AppOptions(
            paths=paths,
            case=start,
            mode=args.mode,
            time_limit=args.time_limit,
            seed=args.seed,
            watch=watch,
            store=_store_for(args, Store.open(data_dir)),
            restart=getattr(args, "restart", False),
        ),
    )


def _store_for(args: argparse.Namespace, store: Store) -> Store:
    """The store with the learner who plays set on it (asked on the terminal before the app
    starts, only when nobody has said who is playing)."""
    from tutor.commands.common import learner_for

    learner_for(args, store, may_ask=False)
    return store


def _library_app(
    args: argparse.Namespace, paths: list[Path] | None, data_dir: Path | None
) -> TutorApp:
    """The library opens at once from the cache of checked files (or with a "loading" line on
    a first run); the full library, and the progress store, load behind the first frame."""
    from tutor.core.library.library_cache import cached_listing

    listing = cached_listing(paths or [bundled_cases_dir()]) or Listing()

    def open_store() -> Store:
        from tutor.core.progress.store import Store

        return _store_for(args, Store.open(data_dir))

    learners: Path | None = getattr(args, "serve_learners", None)

    def learner_store(name: str) -> Store:
        from tutor.core.progress.learners import learner_folder
        from tutor.core.progress.store import Store

        assert learners is not None
        store = Store.open(learner_folder(learners, name))
        store.set_learner_name(name)  # `tutor results` exports carry it
        return store

    return TutorApp(
        listing,
        AppOptions(
            paths=paths,
            mode=args.mode,
            time_limit=args.time_limit,
            seed=args.seed,
            open_store=None if learners else open_store,
            learner_store=learner_store if learners else None,
            restart=getattr(args, "restart", False),
        ),
    )


def run_app(args: argparse.Namespace) -> int:
    """`tutor play` without --plain: exit 0 when the learner quits, 1 if the case cannot load."""
    app = app_from_args(args)
    if isinstance(app, int):
        return app
    try:
        app.run()
    finally:
        app.close_store()
    return app.return_code or EXIT_OK


def run_quiz_app(args: argparse.Namespace, library: Library, session: QuizSession) -> int:
    """`tutor quiz` without --plain: the quiz full-screen, exam mode unless asked otherwise;
    the results screen ends it (exit 0). Quiz answers are not recorded."""
    app = TutorApp(
        library,
        AppOptions(
            paths=[args.cases] if args.cases else None,
            mode=mode_of(args.mode),
            time_limit=args.time_limit,
            seed=session.seed,
            quiz=session,
        ),
    )
    app.run()
    return app.return_code or EXIT_OK


def run_drill_app(
    args: argparse.Namespace, library: Library, session: QuizSession, store: Store
) -> int:
    """`tutor drill` without --plain: the due decisions full-screen, in practice mode; the
    results screen ends it (exit 0). Every answer reschedules its card in `store`."""
    app = TutorApp(
        library,
        AppOptions(
            paths=[args.cases] if args.cases else None,
            mode="practice",
            seed=session.seed,
            quiz=session,
            store=store,
        ),
    )
    app.run()
    return app.return_code or EXIT_OK
