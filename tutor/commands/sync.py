"""`tutor sync`: send the statements waiting in the outbox to a learning record store."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.commands import SUMMARIES
from tutor.commands.common import (
    ENV_PASSWORD,
    EXIT_INVALID,
    EXIT_OK,
    add_lrs_options,
    settings_from,
    usage_error,
)
from tutor.printable import printable

if TYPE_CHECKING:
    from tutor.core.progress.store import Store
    from tutor.core.records.lrs import LrsSettings


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sync",
        help=SUMMARIES["sync"],
        description=(
            "Send your recorded answers, as xAPI statements, to a learning record store (LRS). "
            "Playing never needs the network: statements wait in your progress file until a "
            "sync delivers them, and sending one twice never duplicates it. Exit 0 when nothing "
            "is left waiting, 1 when statements still wait (they are kept), 2 on a usage error."
        ),
    )
    add_lrs_options(parser)
    parser.add_argument(
        "--save",
        action="store_true",
        help="remember this LRS (in the user config folder, readable only by you)",
    )
    parser.add_argument(
        "--after-attempt",
        choices=("on", "off"),
        help="with --save: also send at the end of each attempt (when the LRS can be reached)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="folder of the progress file (default: $TUTOR_DATA_DIR or the user data folder)",
    )
    parser.set_defaults(run=run)


def deliver(store: Store, settings: LrsSettings) -> int:
    """Sync and say how it went; the exit code."""
    from tutor.core.records.lrs import Lrs
    from tutor.core.records.sync import sync

    report = sync(store, Lrs(settings.url, settings.user, settings.password))
    print(printable(f"tutor sync: {report.line()}"), file=sys.stderr)
    return EXIT_OK if report.waiting == 0 else EXIT_INVALID


def run(args: argparse.Namespace) -> int:
    from tutor.core.progress.store import Store, StoreError

    settings = settings_from(args)
    if isinstance(settings, str):
        return usage_error(settings)
    if args.after_attempt and not args.save:
        return usage_error("--after-attempt is a setting: give it with --save")
    if args.save:
        from tutor.core.records.lrs import save_settings

        path = save_settings(settings)
        print(printable(f"tutor sync: the LRS is saved in {path}"), file=sys.stderr)
    with Store.open(args.data_dir) as store:
        if not store.persistent:
            print(printable(f"tutor: error: cannot sync: {store.notice}"), file=sys.stderr)
            return EXIT_INVALID
        try:
            return deliver(store, settings)
        except StoreError as error:
            print(printable(f"tutor: error: {error}"), file=sys.stderr)
            return EXIT_INVALID


def after_attempt(store: Store) -> None:
    """At the end of an attempt: send, if the learner turned that on; never fails the play."""
    from tutor.core.progress.store import StoreError
    from tutor.core.records.lrs import load_settings

    saved = load_settings()
    if saved is None or not saved.send_after_attempt:
        return
    password = os.environ.get(ENV_PASSWORD) or saved.password
    try:
        deliver(store, saved.__class__(saved.url, saved.user, password, True))
    except StoreError as error:
        print(printable(f"tutor sync: {error}"), file=sys.stderr)
