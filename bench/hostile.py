"""Benchmark figures for hostile case files (issue 13): work stays bounded, not only output.

Each file is generated here: a ~600 KB case whose objectives are a list of 150,000 `{}`, a
~1 MB case of 1,500 steps each with 40 unknown keys (60,000 problems), and a valid 922 KB case
of 1,000 two-way forks in a row (2**1000 paths of 2,000 steps). Each figure is
timed beside `tutor validate` on one ordinary case, run alternately in the same run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from run import PYTHON, Figure, median_and_spread, peak_rss_mib, time_once, timed_pair

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import MINIMAL_CASE
from test_hostile import unknown_keys_case
from test_playtest import _diamonds

TIME_LIMIT_S = 2.0
MEMORY_LIMIT_MIB = 200.0


def _files(root: Path) -> tuple[Path, Path, Path, Path]:
    root.mkdir(parents=True, exist_ok=True)
    small = root / "small.yaml"
    small.write_text(MINIMAL_CASE, encoding="utf-8")
    empties = root / "empties.yaml"
    empties.write_text(
        MINIMAL_CASE.replace(
            "objectives:\n  - Confirm the diagnosis before treating.\n",
            "objectives: [" + "{}, " * 150_000 + "{}]\n",
        ),
        encoding="utf-8",
    )
    unknown = root / "unknown-keys.yaml"
    unknown.write_text(unknown_keys_case(1_500), encoding="utf-8")
    forks = root / "forks.yaml"
    forks.write_text(_diamonds(1000), encoding="utf-8")
    return small, empties, unknown, forks


def _figure(name: str, args: list[str], reference_args: list[str], repeat: int) -> Figure:
    ours, reference = timed_pair(
        lambda _: time_once(args), lambda _: time_once(reference_args), repeat
    )
    value, spread = median_and_spread(ours)
    base, _ = median_and_spread(reference)
    peak = max(peak_rss_mib(args), peak_rss_mib(args))
    met = value <= TIME_LIMIT_S and peak <= MEMORY_LIMIT_MIB
    return Figure(
        name,
        value,
        spread,
        "s",
        f"validate one small case: {base:.2f} s; peak {peak:.0f} MiB",
        value / base,
        f"<= {TIME_LIMIT_S:g} s and <= {MEMORY_LIMIT_MIB:g} MiB",
        met,
    )


def hostile_files(root: Path, repeat: int) -> list[Figure]:
    small, empties, unknown, forks = _files(root / "hostile")
    reference = [PYTHON, "-m", "tutor", "validate", str(small)]
    return [
        _figure(
            "validate: 600 KB list of 150,000 {}",
            [PYTHON, "-m", "tutor", "validate", str(empties)],
            reference,
            repeat,
        ),
        _figure(
            "validate: 1 MB, 1,500 steps x 40 unknown keys",
            [PYTHON, "-m", "tutor", "validate", str(unknown)],
            reference,
            repeat,
        ),
        _figure(
            "playtest --format json: 1,000 two-way forks",
            [PYTHON, "-m", "tutor", "playtest", "--format", "json", str(forks)],
            reference,
            repeat,
        ),
    ]
