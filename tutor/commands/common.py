"""Exit codes and small helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tutor.core.play.modes import is_exam
from tutor.exit_codes import (  # noqa: F401 - the commands take them from here
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
)
from tutor.notice import NOTICE  # noqa: F401 - re-exported for the commands
from tutor.printable import printable

if TYPE_CHECKING:
    from tutor.core.progress.store import Store
    from tutor.core.records.identity import Learner
    from tutor.core.records.lrs import LrsSettings


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit with 2 and a hint, never a traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\nTry '{self.prog} --help'.\n")


def add_cases_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cases",
        type=Path,
        metavar="DIR",
        default=None,
        help="case library folder, or a zip written by 'tutor pack' (default: the bundled cases)",
    )


def add_paths_argument(parser: argparse.ArgumentParser) -> None:
    """Case files or folders to work on, defaulting to the bundled library."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="case files, folders or packs (.zip) (default: the bundled library)",
    )


# --------------------------------------------------------------------------- which LRS
# `tutor sync` sends to it and `tutor class-report` reads from it, with the same options.

ENV_PASSWORD = "TUTOR_LRS_PASSWORD"


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """--format text|json, as every report for people and scripts takes it."""
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default), json for scripts",
    )


def add_lrs_options(parser: argparse.ArgumentParser) -> None:
    """Which LRS and as whom: `tutor sync` and `tutor class-report` take them alike."""
    parser.add_argument("--lrs", metavar="URL", help="the LRS endpoint, e.g. https://lrs/xAPI/")
    parser.add_argument("--user", metavar="U", help="user name (basic authentication)")
    parser.add_argument(
        "--password", metavar="P", help=f"password (or set ${ENV_PASSWORD}, which stays out of ps)"
    )


def settings_from(args: argparse.Namespace) -> LrsSettings | str:
    """The LRS to use: the options, over the saved settings. A message when there is none."""
    from tutor.core.records.lrs import LrsSettings, check_url, load_settings, settings_path

    saved = load_settings()
    url = args.lrs or (saved.url if saved else None)
    if not url:
        return (
            "no learning record store: give --lrs URL (and --save to remember it); "
            f"none is saved in {settings_path()}"
        )
    if problem := check_url(url):
        return problem
    same = saved is not None and saved.url == url
    after = getattr(args, "after_attempt", None)  # a setting of `tutor sync` only
    return LrsSettings(
        url=url,
        user=args.user or (saved.user if saved and same else ""),
        password=args.password
        or os.environ.get(ENV_PASSWORD)
        or (saved.password if saved and same else ""),
        send_after_attempt=(after == "on") if after else bool(saved and saved.send_after_attempt),
    )


def open_case_packs(args: argparse.Namespace) -> int | None:
    """Put the folder a case pack unpacks to in place of a --cases or PATH that names one, so
    every command reads a pack as it reads a folder. An exit code when a pack is refused."""
    from tutor.core.library.pack import PackError, is_pack, open_pack
    from tutor.paths import packs_dir

    def opened(path: Path) -> Path:
        if not path.exists():
            raise FileNotFoundError(path)
        return open_pack(path, packs_dir())

    try:
        cases = getattr(args, "cases", None)
        if isinstance(cases, Path) and is_pack(cases):
            args.cases_pack = cases
            args.cases = opened(cases)
        paths = getattr(args, "paths", None)
        if isinstance(paths, list):
            args.paths = [opened(p) if isinstance(p, Path) and is_pack(p) else p for p in paths]
    except FileNotFoundError as missing:
        return usage_error(f"'{missing}': no such file")
    except PackError as error:
        print(f"tutor: {printable(str(error))}", file=sys.stderr)
        return EXIT_INVALID
    return None


def time_limit_problem(args: argparse.Namespace) -> str | None:
    """Why --time-limit cannot apply to these play or quiz arguments, if it cannot."""
    if args.time_limit is None:
        return None
    if not is_exam(args.mode):
        return "--time-limit applies to --mode exam"
    if args.plain:
        return "--time-limit needs the full-screen tutor: line mode shows no countdown"
    return None


def writes_to_stdout(output: Path | None) -> bool:
    """Whether an `--output` option means standard output: not given, or '-'."""
    return output is None or str(output) == "-"


def write_output(output: Path | None, text: str, *, said: str, done: int = EXIT_OK) -> int:
    """`text` to standard output, or (atomically) to the `--output` file, then `said` on
    stderr; `done` is the exit code once written, a usage error if the file cannot be."""
    if writes_to_stdout(output) or output is None:
        sys.stdout.write(text)
        return done
    from tutor.fileio import write_text_atomic

    try:
        write_text_atomic(output, text)
    except OSError as error:
        return usage_error(f"cannot write {output}: {error.strerror or error}")
    print(printable(said), file=sys.stderr)
    return done


def usage_error(message: str) -> int:
    print(f"tutor: error: {printable(message)}", file=sys.stderr)
    return EXIT_USAGE


def again_command(words: list[str], args: argparse.Namespace) -> str:
    """`words` as a command line to type again, with the --cases and --data-dir that were given
    (said on `quit` in line mode)."""
    import shlex

    words = list(words)
    cases = getattr(args, "cases_pack", None) or getattr(args, "cases", None)
    if cases:
        words += ["--cases", str(cases)]
    if getattr(args, "data_dir", None):
        words += ["--data-dir", str(args.data_dir)]
    return printable(" ".join(shlex.quote(w) for w in words))


# --------------------------------------------------------------------------- who is playing
# `--learner`, and asking once on a terminal when nobody has said who is playing (see
# `tutor.core.records.identity` for where it is kept and what overrides what).


def _learner(text: str) -> Learner:
    from tutor.core.records.identity import IdentityError, parse_learner

    try:
        return parse_learner(text)
    except IdentityError as error:
        raise argparse.ArgumentTypeError(f"--learner: {error}") from None


def add_learner_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--learner",
        type=_learner,
        metavar="NAME[,EMAIL|ID]",
        default=None,
        help="who is playing, for this run only: a name and optionally an email or student id "
        "(default: $TUTOR_LEARNER, else the identity you gave on first use)",
    )


def ask(stdin: TextIO, stderr: TextIO) -> Learner | None:
    """Ask for a name and an optional email or student id; None if the learner gives none."""
    from tutor.core.records.identity import IdentityError, make_learner, save, saved_path

    stderr.write(
        "Who is playing? Your name goes with your answers to your educator "
        f"(kept in {printable(str(saved_path()))}; asked once).\n"
    )
    for _ in range(3):
        stderr.write("Your name (Enter to stay unnamed): ")
        stderr.flush()
        name = stdin.readline().strip()
        if not name:
            return None
        stderr.write("Email or student id (optional, Enter to skip): ")
        stderr.flush()
        extra = stdin.readline().strip()
        try:
            email, student_id = (extra, None) if "@" in extra else (None, extra or None)
            learner = make_learner(name, email, student_id)
        except IdentityError as error:
            stderr.write(f"That cannot be used: {error}. Try again.\n")
            continue
        try:
            save(learner)
        except OSError as error:
            stderr.write(
                f"Your name could not be kept ({error.strerror or error}); it is used "
                "for this run.\n"
            )
        return learner
    return None


def learner_for(args: argparse.Namespace, store: Store, *, may_ask: bool) -> Learner | None:
    """Who plays the attempts this run starts, set on the store. Asks on stdin only when
    `may_ask` and stdin is a terminal. An unusable $TUTOR_LEARNER is said and ignored."""
    from tutor.core.progress.store import StoreError
    from tutor.core.records.identity import IdentityError, resolve

    learner: Learner | None = getattr(args, "learner", None)
    if learner is None:
        try:
            stored = store.learner_name()
        except StoreError:
            stored = None
        try:
            learner = resolve(stored_name=stored)
        except IdentityError as error:
            print(printable(f"tutor: TUTOR_LEARNER is not used: {error}"), file=sys.stderr)
            learner = resolve(environ={}, stored_name=stored)
    if learner is None and may_ask and sys.stdin.isatty():
        learner = ask(sys.stdin, sys.stderr)
    store.learner = learner.to_json() if learner else None
    return learner
