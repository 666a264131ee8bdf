"""What bench/run.py measures with: a figure beside its reference, timing a command (alone or
two alternately), peak memory, the folders each app figure runs in, and the printed table."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

PYTHON = sys.executable


@dataclass
class Figure:
    name: str
    value: float
    spread: tuple[float, float]
    unit: str
    reference: str
    ratio: float | None
    target: str
    met: bool


def median_and_spread(samples: Sequence[float]) -> tuple[float, tuple[float, float]]:
    return statistics.median(samples), (min(samples), max(samples))


def time_once(args: Sequence[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=False, capture_output=True, env=env)
    return time.perf_counter() - started


def timed_command(
    args: Sequence[str], repeat: int, env: dict[str, str] | None = None
) -> list[float]:
    return [time_once(args, env) for _ in range(repeat)]


def timed_pair(
    ours: Callable[[int], float], reference: Callable[[int], float], repeat: int
) -> tuple[list[float], list[float]]:
    """Both sides of a ratio, run alternately (A B A B ...), so that a change in the machine's
    load during the run falls on both sides alike instead of on whichever ran second. Each side
    is a function of the run's index (a cold start needs fresh folders for every run)."""
    ours_samples, reference_samples = [], []
    for run in range(repeat):
        ours_samples.append(ours(run))
        reference_samples.append(reference(run))
    return ours_samples, reference_samples


# A child's peak memory as the kernel counts it starts from its parent's at exec (Linux keeps
# the larger of the two), so a child started straight from this process, which has loaded
# libraries and stores by then, would be charged with this process's memory. A small launcher
# starts it instead, and reports what the kernel counted for it alone.
_PEAK_LAUNCHER = """
import os, sys
quiet = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=quiet)
print(os.wait4(pid, 0)[2].ru_maxrss)
"""


def peak_rss_mib(args: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Peak resident memory of one child process, from the kernel's own accounting."""
    launched = subprocess.run(
        [PYTHON, "-c", _PEAK_LAUNCHER, *args], capture_output=True, text=True, check=True, env=env
    )
    return int(launched.stdout) / 1024  # KiB on Linux


DRIVER = str(Path(__file__).resolve().parent / "drive_app.py")


def app_env(root: Path, name: str) -> dict[str, str]:
    """Each app figure gets its own data and cache folders, created fresh."""
    env = dict(os.environ)
    env["TUTOR_DATA_DIR"] = str(root / f"data-{name}")
    env["TUTOR_CACHE_DIR"] = str(root / f"cache-{name}")
    env.pop("TEXTUAL", None)
    return env


def print_table(figures: Sequence[Figure]) -> None:
    rows = [("figure", "median", "spread", "reference", "ratio", "target", "")]
    for f in figures:
        rows.append(
            (
                f.name,
                f"{f.value:.3f} {f.unit}",
                f"{f.spread[0]:.3f}-{f.spread[1]:.3f}",
                f.reference,
                f"{f.ratio:.2f}" if f.ratio is not None else "",
                f.target,
                "ok" if f.met else "MISSED",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print("  ".join("-" * width for width in widths))
