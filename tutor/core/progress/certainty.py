"""Certainty-based marks (CBM), as Gardner-Medwin and Moodle define them.

Each answer carries a certainty: sure, unsure or guessing (C3, C2, C1). Right answers earn
+3 / +2 / +1; wrong ones -6 / -2 / 0. An unmarked answer counts as guessing, unless the learner
has chosen another level (`UNMARKED_SETTING` in the store's settings). An answer is right when
the case keys it as preferred or acceptable (a supported answer is never wrong) and it made no
harmful choice. These marks are shown beside the knowledge score, which they never change.

Being sure pays only when you are right more than 80% of the time; unsure, between 67% and 80%;
below 67%, guessing is best. The calibration line compares each level with its band.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tutor.core.algorithm.scoring_types import Confidence, StepResult
from tutor.core.cases.vocabulary import Verdict
from tutor.core.progress.store_records import write_setting

if TYPE_CHECKING:
    from tutor.core.progress.store import Store

MARKS: dict[Confidence, tuple[int, int]] = {
    Confidence.sure: (3, -6),
    Confidence.unsure: (2, -2),
    Confidence.guessing: (1, 0),
}
"""Per level: the mark if right, the mark if wrong."""
BANDS: dict[Confidence, tuple[float, float]] = {
    Confidence.sure: (0.8, 1.0),
    Confidence.unsure: (0.67, 0.8),
    Confidence.guessing: (0.0, 0.67),
}
"""Per level: the share of right answers for which that level earns the most."""
UNMARKED_SETTING = "cbm_unmarked"
DEFAULT_UNMARKED = Confidence.guessing


def is_right(verdict: Verdict, harmful: bool) -> bool:
    return verdict.is_correct and not harmful


def mark(
    verdict: Verdict,
    harmful: bool,
    confidence: Confidence | None,
    unmarked: Confidence = DEFAULT_UNMARKED,
) -> int:
    right, wrong = MARKS[confidence or unmarked]
    return right if is_right(verdict, harmful) else wrong


@dataclass
class LevelTally:
    answered: int = 0
    right: int = 0

    @property
    def share(self) -> float:
        return self.right / self.answered if self.answered else 0.0


@dataclass
class CertaintyMarks:
    unmarked: Confidence = DEFAULT_UNMARKED
    total: int = 0
    answered: int = 0
    unmarked_count: int = 0
    levels: dict[Confidence, LevelTally] = field(
        default_factory=lambda: {level: LevelTally() for level in Confidence}
    )

    def add(self, verdict: Verdict, harmful: bool, confidence: Confidence | None) -> int:
        level = confidence or self.unmarked
        value = mark(verdict, harmful, confidence, self.unmarked)
        self.total += value
        self.answered += 1
        self.unmarked_count += confidence is None
        tally = self.levels[level]
        tally.answered += 1
        tally.right += is_right(verdict, harmful)
        return value

    @property
    def maximum(self) -> int:
        return 3 * self.answered

    @property
    def average(self) -> float:
        return self.total / self.answered if self.answered else 0.0

    def line(self) -> str:
        """'Certainty-based marks: 5 of a possible 12 (1.25 an answer; ...)'."""
        text = (
            f"Certainty-based marks: {self.total:+d} of a possible {self.maximum} "
            f"({self.average:.2f} an answer"
        )
        if self.unmarked_count:
            text += f"; {self.unmarked_count} unmarked counted as {self.unmarked.value}"
        return text + ")."

    def calibration_line(self) -> str:
        """How often each level was right, against the band where that level pays best."""
        parts = []
        advice = []
        for level in Confidence:
            tally = self.levels[level]
            if not tally.answered:
                continue
            low, high = BANDS[level]
            band = f"above {low:.0%}" if level is Confidence.sure else f"{low:.0%}-{high:.0%}"
            if level is Confidence.guessing:
                band = f"below {high:.0%}"
            parts.append(
                f"{level.value} {tally.right} of {tally.answered} right ({tally.share:.0%}; "
                f"pays {band})"
            )
            if level is not Confidence.sure and tally.share > high:
                advice.append(f"you could have been surer when {level.value}")
            elif level is not Confidence.guessing and tally.share < low:
                advice.append(f"you were overconfident when {level.value}")
        if not parts:
            return "Calibration: no answers yet."
        verdict = "; ".join(advice) if advice else "well calibrated"
        return f"Calibration: {'; '.join(parts)} - {verdict}."


def marks_of(
    results: Iterable[StepResult], unmarked: Confidence = DEFAULT_UNMARKED
) -> CertaintyMarks:
    marks = CertaintyMarks(unmarked)
    for result in results:
        marks.add(result.verdict, result.harmful, result.response.confidence)
    return marks


def unmarked_level(store: Store | None) -> Confidence:
    """The level an unmarked answer counts as, for this learner."""
    if store is None:
        return DEFAULT_UNMARKED
    from tutor.core.progress.store import StoreError

    try:
        rows = store._read("SELECT value FROM settings WHERE key = ?", (UNMARKED_SETTING,))
    except StoreError:
        return DEFAULT_UNMARKED
    try:
        return Confidence(rows[0][0]) if rows else DEFAULT_UNMARKED
    except ValueError:
        return DEFAULT_UNMARKED


def set_unmarked_level(store: Store, level: Confidence) -> None:
    with store._write() as conn:
        write_setting(conn, UNMARKED_SETTING, level.value)
