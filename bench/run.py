"""The benchmark: our speed beside its reference, measured in the same run, against targets.

<<<<<<< HEAD
    python bench/run.py [--repeat 5] [--quick] [--only store|keys|...]
=======
    python bench/run.py [--repeat 5] [--quick] [--only store|quiz|hostile|scale|serve|validation]
>>>>>>> validate

It builds synthetic case libraries under a temporary folder (1,000 valid cases of about 30 KB,
8 steps of 5 options each) and prints a table of figures, each with its reference, the ratio and
the target; it exits 1 if a target is missed. Figures are medians over repeated runs, with the
spread (min-max); the two sides of a ratio run alternately (A B A B ...), on the same number of
cores. Nothing here runs in CI: the test suite has no timing assertions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import (
    DRIVER,
    PYTHON,
    Figure,
    app_env,
    median_and_spread,
    peak_rss_mib,
    print_table,
    time_once,
    timed_pair,
)
from serve_frame import served_first_frame
from synthetic import break_some, write_library
from validation import validation_scaling, validation_throughput

PLAYED_CASE = "refractory-polymyositis"

FRAME_MS = 1000 / 60
SETTLED_MS = 50.0  # a key's last frame before the app falls quiet


# --------------------------------------------------------------------------- the app


def startup(root: Path, library: Path, repeat: int) -> list[Figure]:
    return [
        *startup_of(root, "bundled library", [], 1.15, repeat),
        *startup_of(root, "1,000-case library", ["--cases", str(library)], 1.5, repeat),
    ]


def startup_of(root: Path, name: str, args: list[str], target: float, repeat: int) -> list[Figure]:
    """First frame of the real `tutor play`, warm (its cache of checked files already written)
    and cold (fresh data and cache folders each run), each run alternated with a bare app's."""
    bare_args = [PYTHON, DRIVER, "bare"]
    tutor_args = [PYTHON, DRIVER, "tutor", *args]
    warm_env = app_env(root, f"startup-warm-{name}")
    time_once(tutor_args, warm_env)  # writes the cache the warm runs start from
    warm, bare = timed_pair(
        lambda _: time_once(tutor_args, warm_env), lambda _: time_once(bare_args), repeat
    )
    cold, cold_bare = timed_pair(
        lambda run: time_once(tutor_args, app_env(root, f"startup-cold-{name}-{run}")),
        lambda _: time_once(bare_args),
        repeat,
    )
    figures = []
    for kind, ours, reference_samples, limit in (
        ("cache warm", warm, bare, target),
        ("first run, no cache", cold, cold_bare, None),
    ):
        value, spread = median_and_spread(ours)
        reference, _ = median_and_spread(reference_samples)
        figures.append(
            Figure(
                f"startup to first frame, {name}, {kind}",
                value,
                spread,
                "s",
                f"bare Textual app: {reference:.3f} s",
                value / reference,
                f"<= {limit}x bare" if limit else "(reported)",
                limit is None or value / reference <= limit,
            )
        )
    return figures


def key_to_frame(root: Path, repeat: int) -> list[Figure]:
    first_by_key: dict[str, list[float]] = {}
    settled_by_key: dict[str, list[float]] = {}
    for run in range(repeat):
        # A fresh progress store each time, so every run plays the whole case from the start.
        result = subprocess.run(
            [PYTHON, DRIVER, "keys", PLAYED_CASE],
            capture_output=True,
            text=True,
            check=True,
            env=app_env(root, f"keys-{run}"),
        )
        for key, first, settled in json.loads(result.stdout.strip().splitlines()[-1]):
            first_by_key.setdefault(key, []).append(first)
            settled_by_key.setdefault(key, []).append(settled)
    return [
        key_figure("first frame", first_by_key, FRAME_MS),
        key_figure("settled frame", settled_by_key, SETTLED_MS),
    ]


def key_figure(kind: str, by_key: dict[str, list[float]], limit: float) -> Figure:
    ordered = sorted(itertools.chain.from_iterable(by_key.values()))
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    median = statistics.median(ordered)
    # The kind of key that is slowest on the whole (for example "player:enter", a submit).
    slowest = max(by_key, key=lambda key: statistics.median(by_key[key]))
    return Figure(
        f"key to {kind} while playing ({len(ordered)} keys), p95",
        p95,
        (ordered[0], ordered[-1]),
        "ms",
        f"median {median:.1f} ms; slowest key {slowest} median "
        f"{statistics.median(by_key[slowest]):.1f} ms; one frame = {FRAME_MS:.1f} ms",
        p95 / FRAME_MS,
        f"p95 <= {limit:.1f} ms",
        p95 <= limit,
    )


def memory(root: Path, library: Path) -> Figure:
    env = app_env(root, "memory")
    cold = peak_rss_mib([PYTHON, DRIVER, "tutor-loaded", "--cases", str(library)], env)
    warm = peak_rss_mib([PYTHON, DRIVER, "tutor-loaded", "--cases", str(library)], env)
    bare = peak_rss_mib([PYTHON, DRIVER, "bare"])
    peak = max(cold, warm)
    return Figure(
        "peak memory opening the 1,000-case library",
        peak,
        (min(cold, warm), peak),
        "MiB",
        f"bare Textual app: {bare:.0f} MiB; cold {cold:.0f}, warm {warm:.0f}",
        None,
        "<= 150 MiB",
        peak <= 150,
    )


def large_store(root: Path, repeat: int) -> Figure:
    """Opening the library - the store, cases in progress, standings and the due cards (the
    library's first entry counts them, after syncing cards with the answer log) - on a store
    with 100,000 answers and 5,000 review cards, beside the same on an empty store; the two
    sides alternate. The due query searches the cards_by_due index (a test reads its plan)."""
    from progress_store import fill

    empty_env = app_env(root, "store-empty")
    full_env = app_env(root, "store-full")
    fill(Path(full_env["TUTOR_DATA_DIR"]))
    command = [PYTHON, DRIVER, "tutor-loaded"]
    time_once(command, empty_env)  # warm the case cache for both
    time_once(command, full_env)
    full, empty_samples = timed_pair(
        lambda _: time_once(command, full_env), lambda _: time_once(command, empty_env), repeat
    )
    value, spread = median_and_spread(full)
    empty, _ = median_and_spread(empty_samples)
    return Figure(
        "library and due cards with 100,000 answers and 5,000 cards",
        value,
        spread,
        "s",
        f"empty progress store: {empty:.3f} s",
        value / empty,
        "<= 1.2x empty",
        value / empty <= 1.2,
    )


def quiz_of_20(root: Path, repeat: int) -> Figure:
    """`tutor quiz --count 20 --plain` answered to the end from a 10,000-case library beside
    the same quiz from the bundled library, each with its cache of checked files warm."""
    library = write_library(root / "library-10000", 10_000)
    answers = "1\n" * 200

    def quiz_once(args: list[str], env: dict[str, str]) -> float:
        command = [PYTHON, "-m", "tutor", "quiz", "--count", "20", "--plain", "--seed", "1"]
        started = time.perf_counter()
        subprocess.run([*command, *args], input=answers, text=True, capture_output=True, env=env)
        return time.perf_counter() - started

    large = (["--cases", str(library)], app_env(root, "quiz-large"))
    bundled: tuple[list[str], dict[str, str]] = ([], app_env(root, "quiz-bundled"))
    quiz_once(*large)  # writes the caches the timed runs start from
    quiz_once(*bundled)
    ours, reference_samples = timed_pair(
        lambda _: quiz_once(*large), lambda _: quiz_once(*bundled), repeat
    )
    value, spread = median_and_spread(ours)
    reference, _ = median_and_spread(reference_samples)
    return Figure(
        "quiz of 20, 10,000-case library, cache warm",
        value,
        spread,
        "s",
        f"same quiz, bundled library: {reference:.3f} s",
        value / reference,
        "<= 1.5x bundled",
        value / reference <= 1.5,
    )


# --------------------------------------------------------------------------- the table


def compile_package() -> None:
    """Bytecode for tutor, as `pip install` writes it for an installed package (Textual's came
    with its install): both apps then start from compiled modules, also where
    PYTHONDONTWRITEBYTECODE stops Python from caching them as it goes."""
    import compileall

    import tutor

    compileall.compile_dir(Path(tutor.__file__).parent, quiet=1)


def validation_alone(root: Path, repeat: int) -> list[Figure]:
    broken = write_library(root / "broken-1000", 1000)
    break_some(broken)
    return validation_throughput(write_library(root / "library-1000", 1000), broken, repeat)


def hostile_alone(root: Path, repeat: int) -> list[Figure]:
    from hostile import hostile_files

    return hostile_files(root, repeat)


def scale_alone(root: Path, repeat: int) -> list[Figure]:
    from scale import scale

    return scale(root, repeat)


# `--only NAME`: the figures of one group, each given a fresh folder and the number of runs.
ALONE: dict[str, Callable[[Path, int], list[Figure]]] = {
    "store": lambda root, repeat: [large_store(root, repeat)],
    "quiz": lambda root, repeat: [quiz_of_20(root, repeat)],
    "hostile": hostile_alone,
    "scale": scale_alone,
    "serve": lambda root, repeat: [served_first_frame(root, repeat)],
    "keys": key_to_frame,
    "validation": validation_alone,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller libraries")
    parser.add_argument(
        "--only",
        choices=tuple(ALONE),
        default=None,
        help="run one figure alone (store: the large progress store; quiz: the quiz of 20; "
        "keys: key to frame while playing; "
        "hostile: the hostile case files; scale: the rows of bench/scale.py, 100k answers and "
        "10,000 cases; serve: tutor serve's first frame in a browser connection; validation: 1,000 "
        "cases against the naive pipeline, one core each, and what the second core adds)",
    )
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else args.repeat
    sizes = (250, 500, 1000) if args.quick else (250, 500, 1000, 2000)

    compile_package()
    figures: list[Figure] = []
    if args.only is not None:
        with tempfile.TemporaryDirectory(prefix="tutor-bench-") as folder:
            figures = ALONE[args.only](Path(folder), repeat)
            print_table(figures)
        return 0 if all(f.met for f in figures) else 1
    with tempfile.TemporaryDirectory(prefix="tutor-bench-") as folder:
        root = Path(folder)
        library = write_library(root / "library-1000", 1000)
        broken = write_library(root / "broken-1000", 1000)
        break_some(broken)
        print(
            f"Synthetic library: 1,000 cases in {library} "
            f"({sum(p.stat().st_size for p in library.glob('*.yaml')) / 1e6:.1f} MB)\n"
        )
        figures.extend(startup(root, library, repeat))
        figures.extend(validation_throughput(library, broken, repeat))
        figures.extend(key_to_frame(root, repeat))
        figures.append(memory(root, library))
        figures.append(large_store(root, repeat))
        figures.append(quiz_of_20(root, repeat))
        figures.append(served_first_frame(root, repeat))
        figures.extend(validation_scaling(root, repeat, sizes))
        from hostile import hostile_files

        figures.extend(hostile_files(root, repeat))

        from scale import scale

        figures.extend(scale(root, repeat))
        print_table(figures)
    missed = [f.name for f in figures if not f.met]
    if missed:
        print(f"\nMissed: {', '.join(missed)}")
        return 1
    print("\nAll targets met.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
