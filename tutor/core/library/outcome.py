"""What checking one case file yields: enough to list the case, report its problems, and
find it again, without keeping the whole case in memory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

from tutor.core.cases.diagnostics import Diagnostic, Severity, errors
from tutor.core.cases.files import display_path

if TYPE_CHECKING:  # the models are heavy to import; the library list must not need them
    from tutor.core.algorithm.algorithm import Algorithm
    from tutor.core.cases.loader import LoadedCase
    from tutor.core.cases.model import Case

StepTopics = tuple[tuple[str, tuple[str, ...]], ...]
"""(step id, topic names) for every step of a case."""


def step_topics(case: Case, algorithm: Algorithm | None) -> StepTopics:
    """Each step's topics: the case's tags, then the stage of the step's algorithm node."""
    tags = [tag.value for tag in case.tags]
    topics = []
    for step in case.steps:
        names = list(tags)
        node = algorithm.node(step.node) if (algorithm and step.node) else None
        if node is not None:
            names.append(node.stage.value)
        topics.append((step.id, tuple(dict.fromkeys(names))))
    return tuple(topics)


@dataclass(frozen=True)
class CaseSummary:
    """The facts the library list shows about a case."""

    path: Path
    id: str
    title: str
    summary: str
    tags: tuple[str, ...]
    difficulty: str
    minutes: int
    phenotype: str
    version: int
    decisions: int
    """How many decisions the expert's path asks (what a quiz draws from, without the case)."""
    topics: StepTopics = ()
    """Each step's topics, so statistics need not read the case again."""

    @classmethod
    def of(cls, case: Case, path: Path, decisions: int, topics: StepTopics = ()) -> CaseSummary:
        return cls(
            path=path,
            id=case.id,
            title=case.title,
            summary=case.summary,
            tags=tuple(tag.value for tag in case.tags),
            difficulty=case.difficulty.value,
            minutes=case.minutes,
            phenotype=case.patient.phenotype.value,
            version=case.version,
            decisions=decisions,
            topics=topics,
        )


def matches(summary: CaseSummary, query: str) -> bool:
    """Whether every word of `query` is in the case's title or tags (case does not matter):
    the library's filter."""
    text = " ".join((summary.title, *summary.tags)).casefold()
    return all(word in text for word in query.casefold().split())


@dataclass(frozen=True)
class FileOutcome:
    """One case file loaded and checked on its own (possibly in a worker process)."""

    path: Path
    summary: CaseSummary | None  # None when the file is not a readable case
    loaded: LoadedCase | None  # the case itself, when the caller keeps models
    problems: list[Diagnostic]
    id_diagnostic: Diagnostic | None  # placed at the `id:` line, for the duplicate-id check

    @property
    def case_id(self) -> str | None:
        return self.summary.id if self.summary else None


@dataclass(frozen=True)
class FailedCase:
    """A case file that cannot be played, and why."""

    path: Path
    diagnostics: list[Diagnostic]

    @property
    def name(self) -> str:
        return display_path(self.path)


QuizFacts = tuple[tuple[str, ...], int]
"""A listed case's tags and how many decisions its expert's path asks: what a quiz draws on."""


class SummaryRows(Protocol):
    """Summaries not yet built (the listing index's rows), each built when first asked for."""

    def __len__(self) -> int: ...

    def at(self, index: int) -> CaseSummary: ...

    def quiz_facts(self) -> list[QuizFacts]: ...


@dataclass
class Listing:
    """What the library shows: every playable case, every file that failed, and all problems.

    Its summaries are either built (`summaries`) or, for a listing read from the listing
    index, rows built one by one as they are asked for: `count`, `first`, `summary_at` and
    `quiz_facts` never build more than they return, and the first use of `summaries` builds
    them all."""

    failed: list[FailedCase] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _built: list[CaseSummary] = field(default_factory=list, init=False, repr=False)
    _rows: SummaryRows | None = field(default=None, init=False, repr=False, compare=False)
    playable: ClassVar[bool] = False
    """Whether cases can be played from it (the full library), or it is only shown."""

    @property
    def summaries(self) -> list[CaseSummary]:
        """Every playable case, in order."""
        if self._rows is not None:
            rows, self._rows = self._rows, None
            self._built = [rows.at(index) for index in range(len(rows))]
        return self._built

    @summaries.setter
    def summaries(self, value: list[CaseSummary]) -> None:
        self._built, self._rows = value, None

    @property
    def indexed(self) -> bool:
        """Whether the summaries are still the listing index's rows, none built in bulk."""
        return self._rows is not None

    def read_rows(self, rows: SummaryRows) -> None:
        """List the cases of `rows` (in their order), building none of them yet."""
        self._built, self._rows = [], rows

    def list_as(self, other: Listing) -> None:
        """List what `other` lists (its problems after this listing's own), building nothing."""
        self.failed.extend(other.failed)
        self.diagnostics.extend(other.diagnostics)
        if other._rows is not None:
            self.read_rows(other._rows)
        else:
            self._built = list(other._built)

    def count(self) -> int:
        """How many cases are listed (without building a summary a cached listing has not)."""
        return len(self._rows) if self._rows is not None else len(self._built)

    def first(self, count: int) -> list[CaseSummary]:
        """The first `count` summaries: what one page of the library shows."""
        if self._rows is not None:
            return [self._rows.at(index) for index in range(min(count, len(self._rows)))]
        return self._built[:count]

    def summary_at(self, index: int) -> CaseSummary:
        return self._rows.at(index) if self._rows is not None else self._built[index]

    def quiz_facts(self) -> list[QuizFacts]:
        """Each listed case's tags and decisions, in order."""
        if self._rows is not None:
            return self._rows.quiz_facts()
        return [(summary.tags, summary.decisions) for summary in self._built]

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)

    def add(self, outcomes: Iterable[FileOutcome]) -> list[LoadedCase]:
        """Add checked files in order, with the one check across files (unique ids).

        Returns the cases whose models came with their outcomes."""
        first_file_of_id = {summary.id: summary.path for summary in self.summaries}
        kept = []
        for outcome in outcomes:
            problems = list(outcome.problems)
            case_id = outcome.case_id
            if case_id is not None and outcome.id_diagnostic is not None:
                if case_id in first_file_of_id:
                    problems.append(
                        replace(
                            outcome.id_diagnostic,
                            message=f"case id '{case_id}' is already used by "
                            f"{display_path(first_file_of_id[case_id])}",
                        )
                    )
                else:
                    first_file_of_id[case_id] = outcome.path
            problems.sort(key=lambda d: d.reading_order)
            self.diagnostics.extend(problems)
            if outcome.summary is None or errors(problems):
                self.failed.append(
                    FailedCase(outcome.path, [d for d in problems if d.severity is Severity.error])
                )
            else:
                self.summaries.append(outcome.summary)
                if outcome.loaded is not None:
                    kept.append(outcome.loaded)
        return kept
