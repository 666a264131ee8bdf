"""Validation rows of the benchmark: ours against the naive CSafeLoader + model_validate pipeline
on the same number of cores, what the second core adds, and how the cost grows with the library."""

from __future__ import annotations

import itertools
import subprocess
from collections.abc import Sequence
from pathlib import Path

from measure import PYTHON, Figure, median_and_spread, time_once, timed_command, timed_pair
from synthetic import write_library

NAIVE_VALIDATE = """
import sys, yaml
from pathlib import Path
from pydantic import ValidationError
from tutor.core.cases.model import Case
bad = 0
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    if path.name in ("references.yaml", "algorithm.yaml"):
        continue
    try:
        Case.model_validate(yaml.load(path.read_text(), Loader=yaml.CSafeLoader))
    except (ValidationError, yaml.YAMLError) as error:
        bad += 1
        print(path, error)
sys.exit(1 if bad else 0)
"""


def validation_output(library: Path, jobs: int) -> tuple[int, str, str]:
    result = subprocess.run(
        [PYTHON, "-m", "tutor", "validate", "--jobs", str(jobs), str(library)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout, result.stderr


def validation_throughput(library: Path, broken: Path, repeat: int) -> list[Figure]:
    """Ours against the naive pipeline on the same number of cores (one: the naive script has
    no pool), then what the second core adds on top, reported separately."""
    naive_args = [PYTHON, "-c", NAIVE_VALIDATE, str(library)]
    ours_args = [PYTHON, "-m", "tutor", "validate", "--quiet", "--jobs", "1", str(library)]
    both_args = [PYTHON, "-m", "tutor", "validate", "--quiet", "--jobs", "2", str(library)]
    ours, naive = timed_pair(
        lambda _: time_once(ours_args), lambda _: time_once(naive_args), repeat
    )
    both, one = timed_pair(lambda _: time_once(both_args), lambda _: time_once(ours_args), repeat)
    # Using both cores must not change a word of what is reported: compared on a copy of the
    # library with a mistake in every tenth case.
    serial = validation_output(broken, jobs=1)
    identical = serial == validation_output(broken, jobs=2) and serial[0] == 1 and serial[1] != ""
    value, spread = median_and_spread(ours)
    reference, _ = median_and_spread(naive)
    speedup = reference / value
    both_value, both_spread = median_and_spread(both)
    one_value, _ = median_and_spread(one)
    return [
        Figure(
            "validation, 1,000 cases, one core each",
            value,
            spread,
            "s",
            f"naive safe load + model_validate: {reference:.2f} s",
            speedup,
            ">= 1.5x faster, identical output" + ("" if identical else " (OUTPUT DIFFERS)"),
            speedup >= 1.5 and identical,
        ),
        Figure(
            "validation, 1,000 cases, two cores",
            both_value,
            both_spread,
            "s",
            f"ours on one core: {one_value:.2f} s",
            one_value / both_value,
            "(what the second core adds)",
            True,
        ),
    ]


def validation_scaling(root: Path, repeat: int, sizes: Sequence[int]) -> list[Figure]:
    per_case = {}
    figures = []
    for size in sizes:
        library = write_library(root / f"scale-{size}", size)
        samples = timed_command(
            [PYTHON, "-m", "tutor", "validate", "--quiet", str(library)], repeat
        )
        value, spread = median_and_spread(samples)
        per_case[size] = value / size
        figures.append(
            Figure(
                f"validation, {size:,} cases",
                value,
                spread,
                "s",
                f"{1000 * value / size:.2f} ms per case",
                None,
                "linear",
                True,
            )
        )
    # Linear growth: the cost of each added case stays the same from one size to the next
    # (per-case totals would hide it behind the fixed start-up cost of the command).
    marginal = [(per_case[b] * b - per_case[a] * a) / (b - a) for a, b in itertools.pairwise(sizes)]
    growth = max(marginal) / min(marginal)
    figures.append(
        Figure(
            "scaling: cost per added case, most / least",
            growth,
            (growth, growth),
            "x",
            "marginal ms per case: " + ", ".join(f"{1000 * m:.2f}" for m in marginal),
            growth,
            "<= 1.3 (linear)",
            growth <= 1.3,
        )
    )
    return figures
