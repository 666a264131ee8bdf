"""The only door from YAML files to the program: text -> validated models, or diagnostics.

Nothing past this module sees a raw dict. A bad file yields diagnostics that name the file,
line, column and field; the rest of the library still loads.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from tutor.core.cases.diagnostics import (
    MAX_DIAGNOSTICS,
    Diagnostic,
    Severity,
    bounded,
    format_field_path,
)
from tutor.core.cases.files import (  # noqa: F401 - part of the loader's interface
    ALGORITHM_FILE,
    CASE_SUFFIXES,
    REFERENCES_FILE,
    RESERVED_FILES,
    display_path,
    find_case_files,
)
from tutor.core.cases.model import Case, ErrorAt, Reference, ReferenceLibrary
from tutor.core.cases.validation_messages import data_path, explain, known_field_names
from tutor.core.cases.yaml_reader import YamlDocument, YamlError, read_yaml

MAX_FILE_BYTES = 1024 * 1024
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Parsed(Generic[M]):
    """A model read from a file, with the positions of its fields for later checks."""

    model: M
    path: Path
    document: YamlDocument

    def diagnostic(
        self,
        field_path: tuple[str | int, ...],
        message: str,
        *,
        severity: Severity = Severity.error,
        key: bool = False,
    ) -> Diagnostic:
        return diagnostic_at(
            self.path, self.document, field_path, message, severity=severity, key=key
        )


def diagnostic_at(
    path: Path,
    document: YamlDocument,
    field_path: tuple[str | int, ...],
    message: str,
    *,
    severity: Severity = Severity.error,
    key: bool = False,
) -> Diagnostic:
    """A diagnostic placed at the line and column where `field_path` was written."""
    position = document.position_of(field_path, key=key)
    return Diagnostic(
        file=display_path(path),
        message=message,
        line=position.line if position else None,
        column=position.column if position else None,
        field=format_field_path(field_path),
        severity=severity,
    )


LoadedCase = Parsed[Case]


@cache
def _field_names(model: type[BaseModel]) -> set[str]:
    return known_field_names(model)


def read_text(path: Path) -> tuple[str | None, list[Diagnostic]]:
    shown = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Diagnostic(shown, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
            ]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(shown, f"cannot read the file: {exc.strerror or exc}")]
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(
                shown,
                f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                line,
                column,
            )
        ]


def parse_text(text: str, path: Path, model: type[M]) -> tuple[Parsed[M] | None, list[Diagnostic]]:
    """Validate YAML text as `model`; every problem found is reported, not only the first."""
    shown = display_path(path)
    try:
        document = read_yaml(text)
    except YamlError as exc:
        return None, bounded(
            [
                Diagnostic(
                    shown,
                    problem.message,
                    problem.position.line if problem.position else None,
                    problem.position.column if problem.position else None,
                    format_field_path(problem.path),
                )
                for problem in exc.problems
            ]
        )
    if document.data is None:
        return None, [Diagnostic(shown, "the file is empty; a case starts with 'id:' and 'title:'")]
    if not isinstance(document.data, dict):
        return None, [
            Diagnostic(
                shown,
                "expected a mapping of fields (such as 'id: ...'), but the file holds a "
                + ("list" if isinstance(document.data, list) else "single value"),
                1,
                1,
            )
        ]
    try:
        instance = model.model_validate(document.data)
    except ValidationError as exc:
        names = _field_names(model)
        diagnostics = []
        # Only the first errors are explained and placed; the rest are counted.
        errors = exc.errors(include_url=False)
        more = max(0, len(errors) - MAX_DIAGNOSTICS)
        for error in errors[:MAX_DIAGNOSTICS]:
            is_missing, is_unknown = error["type"] == "missing", error["type"] == "extra_forbidden"
            cause = error.get("ctx", {}).get("error")
            loc = (*error["loc"], *cause.at) if isinstance(cause, ErrorAt) else error["loc"]
            where = data_path(loc, document.data, names_a_field=is_missing or is_unknown)
            # A missing field is placed at the mapping that lacks it, an unknown one at its key;
            # both are named by the mapping they belong to.
            diagnostic = diagnostic_at(
                path,
                document,
                where[:-1] if is_missing else where,
                explain(error, names),
                key=is_unknown,
            )
            if is_unknown:
                diagnostic = replace(diagnostic, field=format_field_path(where[:-1]))
            diagnostics.append(diagnostic)
        found = sorted(set(diagnostics), key=lambda d: d.reading_order)
        return None, bounded(found, more)
    return Parsed(instance, path, document), []


def parse_file(path: Path, model: type[M]) -> tuple[Parsed[M] | None, list[Diagnostic]]:
    text, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_text(text, path, model)


def load_case(path: Path) -> tuple[LoadedCase | None, list[Diagnostic]]:
    return parse_file(path, Case)


@dataclass
class References:
    """The shared reference library, keyed by id."""

    by_id: dict[str, Reference] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def add_file(self, path: Path) -> None:
        parsed, problems = parse_file(path, ReferenceLibrary)
        self.diagnostics.extend(problems)
        if parsed is None:
            return
        self.files.append(path)
        for index, reference in enumerate(parsed.model.references):
            if self.by_id.get(reference.id) == reference:
                continue  # a library folder may repeat the bundled entries it cites
            if reference.id in self.by_id:
                self.diagnostics.append(
                    parsed.diagnostic(
                        ("references", index, "id"),
                        f"reference id '{reference.id}' is already defined differently",
                    )
                )
                continue
            same_label = next(
                (r.id for r in self.by_id.values() if r.label == reference.label), None
            )
            if same_label is not None:
                # The label is all a learner sees of a citation: two sources must not share it.
                self.diagnostics.append(
                    parsed.diagnostic(
                        ("references", index, "short"),
                        f"reference '{reference.id}' has the label '{reference.label}' of "
                        f"'{same_label}'; give it a different `short` name",
                    )
                )
            self.by_id[reference.id] = reference
