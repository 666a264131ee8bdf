"""Item analysis of one decision, as Moodle's quiz statistics report computes it.

For the attempts that answered the decision, with x the decision's mark and X the rest of the
attempt's marks (its total without this decision):

- facility index: the mean mark as a share of the maximum, in percent;
- standard deviation of the mark (sample, n - 1), as a share of the maximum, in percent;
- discrimination index: 100 * the correlation of x with X (for a right/wrong decision, the
  point-biserial correlation), none when either does not vary;
- discriminative efficiency: 100 * cov(x, X) / the largest covariance those marks could have
  (x and X each sorted and paired), none when that is 0.

Moodle marks a question whose discriminative efficiency is below 15% as one to look at; its
question bank says a discrimination index below 30% very likely needs checking. We flag those,
a negative discrimination, and a facility below 30% (most of the class got it wrong).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

LOW_FACILITY = 30.0
LOW_DISCRIMINATION = 30.0
LOW_EFFICIENCY = 15.0
TINY = 1e-12
"""A variance below this is rounding error: the marks do not vary."""


@dataclass(frozen=True)
class ItemStats:
    n: int
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None

    def flags(self) -> list[str]:
        """Why the author should look at this decision, with the numbers."""
        found = []
        if self.facility is not None and self.facility < LOW_FACILITY:
            found.append(f"low facility ({self.facility:.1f}% < {LOW_FACILITY:.0f}%)")
        if self.discrimination is not None and self.discrimination < 0:
            found.append(f"negative discrimination ({self.discrimination:.1f}%)")
        elif self.discrimination is not None and self.discrimination < LOW_DISCRIMINATION:
            found.append(
                f"low discrimination ({self.discrimination:.1f}% < {LOW_DISCRIMINATION:.0f}%)"
            )
        if self.efficiency is not None and self.efficiency < LOW_EFFICIENCY:
            found.append(
                f"low discriminative efficiency ({self.efficiency:.1f}% < {LOW_EFFICIENCY:.0f}%)"
            )
        return found


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _covariance(a: Sequence[float], b: Sequence[float]) -> float:
    """Sample covariance (n - 1), as Moodle divides."""
    mean_a, mean_b = _mean(a), _mean(b)
    return sum((x - mean_a) * (y - mean_b) for x, y in zip(a, b, strict=True)) / (len(a) - 1)


def item_stats(marks: Sequence[float], maxima: Sequence[float], rest: Sequence[float]) -> ItemStats:
    """`marks[k]` of `maxima[k]` on this decision in attempt k, whose other decisions scored
    `rest[k]`. Facility and deviation use each mark's share of its maximum, so a decision
    whose points changed between case versions still averages right."""
    n = len(marks)
    if n == 0:
        return ItemStats(0, None, None, None, None)
    shares = [m / top if top else 0.0 for m, top in zip(marks, maxima, strict=True)]
    facility = 100 * _mean(shares)
    if n < 2:
        return ItemStats(n, facility, None, None, None)
    sd = 100 * math.sqrt(_covariance(shares, shares))
    covariance = _covariance(marks, rest)
    spread = _covariance(marks, marks) * _covariance(rest, rest)
    discrimination = 100 * covariance / math.sqrt(spread) if spread > TINY else None
    most = _covariance(sorted(marks), sorted(rest))
    efficiency = 100 * covariance / most if most > TINY else None
    return ItemStats(n, facility, sd, discrimination, efficiency)


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None
