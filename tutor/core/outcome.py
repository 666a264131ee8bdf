"""What checking one case file yields: enough to list the case, report its problems, and
find it again, without keeping the whole case in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.core.diagnostics import Diagnostic
from tutor.core.loader import LoadedCase
from tutor.core.model import Case


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

    @classmethod
    def of(cls, case: Case, path: Path) -> CaseSummary:
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
        )


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
