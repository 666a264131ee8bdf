"""The benchmark's rows for growth (issue 17): a year of answers and a ten-thousand-case library.

Each figure is printed beside a reference measured in the same run, the two sides alternating
(A B A B ...):

- statistics (s), history (h) and Esc back to the library, with 100,000 answers, beside the same
  with an empty progress store (drive_app.py `screen`: the real app, headless);
- the statistics query itself (the cases alone, then cases and topics) beside one aggregate SQL
  query over the same answers (the floor);
- `tutor results --format csv` of 100,000 answers (time and peak memory) beside a script that
  streams the same join from SQLite through csv.writer (the floor);
- the first title of a 10,000-case library (cache warm) beside a bare Textual app;
- a first run with 1,000 cases, until the first title is listed and until all are, beside
  `tutor validate --jobs 2`.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from run import (
    DRIVER,
    PYTHON,
    Figure,
    app_env,
    median_and_spread,
    peak_rss_mib,
    time_once,
    timed_pair,
)
from synthetic import write_library

if TYPE_CHECKING:
    from tutor.core.progress.stats import Topics

SQL_FLOOR = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
cursor = conn.execute(
    "SELECT a.learner, a.case_id, a.case_version, a.case_title, n.attempt_id, a.mode, n.seq,"
    " n.step_id, n.response, n.answer_text, n.verdict, n.points, n.max_points, n.harmful,"
    " n.confidence, n.seconds, a.started_at, n.answered_at, a.finished_at"
    " FROM answers AS n JOIN attempts AS a ON a.id = n.attempt_id ORDER BY n.answered_at, n.id"
)
with open(sys.argv[2], "w", newline="") as out:
    csv.writer(out, quoting=csv.QUOTE_ALL).writerows(cursor)
"""

STATS_FLOOR = """
SELECT a.case_id, COUNT(DISTINCT a.id), SUM(n.points), SUM(n.max_points)
FROM answers AS n JOIN attempts AS a ON a.id = n.attempt_id GROUP BY a.case_id
"""


def stores(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    """An app environment with 100,000 answers and one with an empty store, the case cache
    warmed in both."""
    from progress_store import fill

    full, empty = app_env(root, "scale-full"), app_env(root, "scale-empty")
    if not Path(full["TUTOR_DATA_DIR"]).exists():
        fill(Path(full["TUTOR_DATA_DIR"]))
    for env in (full, empty):
        time_once([PYTHON, DRIVER, "tutor-loaded"], env)
    return full, empty


def screen_times(key: str, env: dict[str, str]) -> tuple[float, float]:
    result = subprocess.run(
        [PYTHON, DRIVER, "screen", key], capture_output=True, text=True, check=True, env=env
    )
    opened, back = json.loads(result.stdout.strip().splitlines()[-1])
    return opened, back


def progress_screens(root: Path, repeat: int) -> list[Figure]:
    full, empty = stores(root)
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(repeat):
        for key in ("s", "h"):
            for name, env in (("full", full), ("empty", empty)):
                opened, back = screen_times(key, env)
                samples.setdefault((key, name), []).append(opened)
                samples.setdefault((f"{key}-back", name), []).append(back)
    figures = []
    for key, what in (
        ("s", "statistics (s) on screen, 100k answers"),
        ("h", "history of all cases (h) on screen, 100k answers"),
        ("s-back", "Esc back to the library, 100k answers"),
    ):
        value, spread = median_and_spread(samples[(key, "full")])
        reference = statistics.median(samples[(key, "empty")])
        figures.append(
            Figure(
                what,
                value,
                spread,
                "ms",
                f"empty store: {reference:.0f} ms",
                value / reference,
                "<= 2x empty",
                value / reference <= 2,
            )
        )
    figures.extend(statistics_query(Path(full["TUTOR_DATA_DIR"]), repeat))
    return figures


def statistics_query(data: Path, repeat: int) -> list[Figure]:
    """`Store.statistics` beside one aggregate query over the same answers: with the bundled
    library's topics (which name none of the seeded cases: the cases alone), and with every
    seeded step filed under the library's topics (`seeded_topics`: cases and topics)."""
    from progress_store import seeded_topics

    from tutor.core.library.library import load_library
    from tutor.core.progress.store import Store
    from tutor.ui.progress import library_topics

    library = load_library(None, keep_models=False)
    store = Store.open(data)

    def floor(_: int) -> float:
        started = time.perf_counter()
        store._read(STATS_FLOOR)
        return time.perf_counter() - started

    figures = []
    for what, topics in (
        ("statistics query, 100k answers (cases)", library_topics(library)),
        ("statistics query, 100k answers (cases and topics)", seeded_topics(library.summaries)),
    ):

        def ours(_: int, topics: Topics = topics) -> float:
            started = time.perf_counter()
            store.statistics(topics)
            return time.perf_counter() - started

        mine, reference_samples = timed_pair(ours, floor, repeat)
        value, spread = median_and_spread(mine)
        reference = statistics.median(reference_samples)
        figures.append(
            Figure(
                what,
                value * 1000,
                (spread[0] * 1000, spread[1] * 1000),
                "ms",
                f"one aggregate SQL query: {reference * 1000:.0f} ms",
                value / reference,
                "<= 2x the one query",
                value / reference <= 2,
            )
        )
    store.close()
    return figures


def results_export(root: Path, repeat: int) -> list[Figure]:
    full, _ = stores(root)
    data = Path(full["TUTOR_DATA_DIR"])
    out = root / "results.csv"
    ours_args = [PYTHON, "-m", "tutor", "results", "--format", "csv", "-o", str(out)]
    floor_args = [PYTHON, "-c", SQL_FLOOR, str(data / "progress.sqlite3"), str(out)]
    env = {**full, "TUTOR_DATA_DIR": str(data)}
    ours, floor = timed_pair(
        lambda _: time_once(ours_args, env), lambda _: time_once(floor_args), repeat
    )
    value, spread = median_and_spread(ours)
    reference = statistics.median(floor)
    peak = peak_rss_mib(ours_args, env)
    floor_peak = peak_rss_mib(floor_args)
    return [
        Figure(
            "tutor results --format csv, 100k answers",
            value,
            spread,
            "s",
            f"SQL + csv.writer streaming: {reference:.2f} s",
            value / reference,
            "<= 1.5x the floor",
            value / reference <= 1.5,
        ),
        Figure(
            "tutor results --format csv, 100k answers, peak memory",
            peak,
            (peak, peak),
            "MiB",
            f"SQL + csv.writer streaming: {floor_peak:.0f} MiB",
            peak / floor_peak,
            "<= 50 MiB",
            peak <= 50,
        ),
    ]


def large_library(root: Path, repeat: int) -> list[Figure]:
    library = root / "library-10000"
    if not library.exists():
        write_library(library, 10_000)
    env = app_env(root, "library-10000")
    tutor_args = [PYTHON, DRIVER, "tutor", "--cases", str(library)]
    time_once([PYTHON, DRIVER, "tutor-loaded", "--cases", str(library)], env)  # the cache
    ours, bare = timed_pair(
        lambda _: time_once(tutor_args, env), lambda _: time_once([PYTHON, DRIVER, "bare"]), repeat
    )
    value, spread = median_and_spread(ours)
    reference = statistics.median(bare)
    return [
        Figure(
            "first title, 10,000-case library, cache warm",
            value,
            spread,
            "s",
            f"bare Textual app: {reference:.3f} s",
            value / reference,
            "<= 1.5x bare",
            value / reference <= 1.5,
        )
    ]


def until_first_title(args: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `drive_app.py tutor-first-title` until it drew the first title."""
    started = time.time()
    result = subprocess.run(args, capture_output=True, text=True, check=True, env=env)
    return float(result.stdout.strip().splitlines()[-1]) - started


def first_run(root: Path, repeat: int) -> list[Figure]:
    """A first run (fresh cache and store each time) until the first title is listed, and
    until all 1,000 are, each beside `tutor validate --jobs 2` run in turn with it."""
    library = root / "library-1000"
    if not library.exists():
        write_library(library, 1000)
    validate = [PYTHON, "-m", "tutor", "validate", "--quiet", "--jobs", "2", str(library)]
    figures = []
    for mode, what, measure in (
        ("tutor-first-title", "first title listed", until_first_title),
        ("tutor-loaded", "titles listed", time_once),
    ):
        args = [PYTHON, DRIVER, mode, "--cases", str(library)]
        ours, reference_samples = timed_pair(
            lambda run, args=args, mode=mode, measure=measure: measure(
                args, app_env(root, f"first-run-{mode}-{run}")
            ),
            lambda _: time_once(validate),
            repeat,
        )
        value, spread = median_and_spread(ours)
        reference = statistics.median(reference_samples)
        figures.append(
            Figure(
                f"first run, 1,000 cases, {what} ({os.cpu_count()} cores)",
                value,
                spread,
                "s",
                f"tutor validate --jobs 2: {reference:.2f} s",
                value / reference,
                "<= 1.5 s",
                value <= 1.5,
            )
        )
    return figures


def scale(root: Path, repeat: int) -> list[Figure]:
    return [
        *progress_screens(root, repeat),
        *results_export(root, repeat),
        *first_run(root, repeat),
        *large_library(root, repeat),
    ]


if __name__ == "__main__":
    sys.exit("run it through bench/run.py --only scale")
