"""A case library: the algorithm, the references, and every case that loads, plus diagnostics.

One broken file never hides the others: it is listed with its diagnostics and the rest load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tutor.core.algorithm import Algorithm
from tutor.core.case_checks import check_case
from tutor.core.diagnostics import Diagnostic, Severity, errors
from tutor.core.loader import (
    ALGORITHM_FILE,
    REFERENCES_FILE,
    LoadedCase,
    References,
    display_path,
    find_case_files,
    load_case,
    parse_file,
)
from tutor.core.model import Reference
from tutor.paths import bundled_cases_dir


@dataclass(frozen=True)
class FailedCase:
    """A case file that cannot be played, and why."""

    path: Path
    diagnostics: list[Diagnostic]

    @property
    def name(self) -> str:
        return display_path(self.path)


@dataclass
class Library:
    algorithm: Algorithm | None
    references: dict[str, Reference]
    cases: list[LoadedCase] = field(default_factory=list)
    failed: list[FailedCase] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not errors(self.diagnostics)

    def find(self, case_id: str) -> LoadedCase | None:
        return next((c for c in self.cases if c.model.id == case_id), None)


def load_algorithm(folder: Path | None = None) -> tuple[Algorithm | None, list[Diagnostic]]:
    parsed, problems = parse_file((folder or bundled_cases_dir()) / ALGORITHM_FILE, Algorithm)
    return (parsed.model if parsed else None), problems


def load_references(folders: Sequence[Path] = ()) -> References:
    """The bundled references, plus those of any other library folder being loaded."""
    references = References()
    bundled = bundled_cases_dir()
    references.add_file(bundled / REFERENCES_FILE)
    for folder in folders:
        extra = folder / REFERENCES_FILE
        if extra.is_file() and extra.resolve() != (bundled / REFERENCES_FILE).resolve():
            references.add_file(extra)
    return references


def load_library(paths: Sequence[Path] | None = None) -> Library:
    """Load case files and folders (default: the bundled library) with every check applied."""
    targets = list(paths) if paths else [bundled_cases_dir()]
    algorithm, diagnostics = load_algorithm()
    references = load_references([p for p in targets if p.is_dir()])
    diagnostics.extend(references.diagnostics)
    library = Library(algorithm, references.by_id, diagnostics=diagnostics)

    files, missing = find_case_files(targets)
    library.diagnostics.extend(missing)
    first_file_of_id: dict[str, Path] = {}
    for path in files:
        loaded, problems = load_case(path)
        if loaded is not None:
            case_id = loaded.model.id
            if case_id in first_file_of_id:
                problems.append(
                    loaded.diagnostic(
                        ("id",),
                        f"case id '{case_id}' is already used by "
                        f"{display_path(first_file_of_id[case_id])}",
                    )
                )
            else:
                first_file_of_id[case_id] = path
            if algorithm is not None:
                problems.extend(check_case(loaded, library.references, algorithm))
        problems.sort(key=lambda d: (*d.sort_key, d.field, d.message))
        library.diagnostics.extend(problems)
        if loaded is None or errors(problems):
            library.failed.append(
                FailedCase(path, [d for d in problems if d.severity is Severity.error])
            )
        else:
            library.cases.append(loaded)
    return library
