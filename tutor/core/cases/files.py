"""Where case files are and how to name them: light enough for the program's first frame."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from tutor.core.cases.diagnostics import Diagnostic

REFERENCES_FILE = "references.yaml"
ALGORITHM_FILE = "algorithm.yaml"
RESERVED_FILES = frozenset({REFERENCES_FILE, ALGORITHM_FILE})
CASE_SUFFIXES = (".yaml", ".yml")


def display_path(path: Path) -> str:
    """Paths relative to the working folder when possible: shorter, and clickable in editors."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def find_case_files(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Case files named directly or found in folders (recursively), in a stable order."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix in CASE_SUFFIXES and p.name not in RESERVED_FILES and p.is_file()
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Diagnostic(str(path), "no such file or folder"))
    return found, problems


def library_folders(targets: Sequence[Path]) -> list[Path]:
    """The folders whose library files (references.yaml) apply: each folder named, and the
    folder of each case file named on its own, so `tutor validate my-case.yaml` sees the
    references written beside it exactly as `tutor validate .` would."""
    folders = [t if t.is_dir() else t.parent for t in targets if t.is_dir() or t.is_file()]
    return list(dict.fromkeys(folders))
