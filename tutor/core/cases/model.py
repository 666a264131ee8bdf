"""The case-file format: pydantic models that are the schema of every YAML case.

Everything is strict (`extra="forbid"`, no silent type coercion) so that a typo in a case file is
an error the educator sees, not a field the program quietly ignores. Field descriptions become
the JSON Schema's descriptions, which editors show on hover.
"""

from __future__ import annotations

import datetime
import math
import re
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tutor.core.cases.vocabulary import Difficulty, Feature, Phenotype, Tag, Therapy, Verdict

END = "end"
"""Reserved step id: `next: end` finishes the case."""

_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[str, Field(pattern=_ID_PATTERN, min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1)]
CitationIds = Annotated[
    list[Id],
    Field(min_length=1, description="Ids from references.yaml that support this text."),
]


class ErrorAt(ValueError):
    """A whole-model check that knows which field is at fault: the loader places the error at
    `at` (a path inside the model that raised it) instead of at the top of the model."""

    def __init__(self, message: str, at: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.at = at


class Strict(BaseModel):
    """Base for every model read from YAML: unknown fields and type coercion are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# Enums arrive from YAML as strings; lax validation converts exactly their listed values.
LaxTherapy = Annotated[Therapy, Field(strict=False)]
LaxVerdict = Annotated[Verdict, Field(strict=False)]
LaxPhenotype = Annotated[Phenotype, Field(strict=False)]
LaxFeature = Annotated[Feature, Field(strict=False)]
LaxTag = Annotated[Tag, Field(strict=False)]
LaxDifficulty = Annotated[Difficulty, Field(strict=False)]


# --------------------------------------------------------------------------- references


ReferenceKind = Literal[
    "patient-education digest",
    "guideline-style summary",
    "review abstract",
    "consumer health article",
    "primary paper",
]
"""What a reference entry is: one of the source documents, or a primary paper one of them cites."""

DocumentNumber = Annotated[str, Field(pattern=r"^[0-9]{3}$")]
_DOCUMENT_FILE = re.compile(r"^([0-9]{3})_")


class Reference(Strict):
    id: Id
    title: Text
    publisher: Text = Field(description="Publisher, website or journal.")
    year: int | None = Field(default=None, description="Year of publication or last update.")
    source: Text = Field(description="The source document this entry comes from (file name).")
    detail: str | None = Field(
        default=None, description="Volume, pages, DOI, or the part of the document meant."
    )
    kind: ReferenceKind | None = Field(
        default=None,
        description="What this is: a source document's kind, or 'primary paper' for a paper a "
        "document cites, so a learner can weigh the evidence.",
    )
    short: Text | None = Field(
        default=None,
        description="Author, publisher or journal as the citation label shows it, e.g. "
        "'Dr.Oracle' gives the label '004 Dr.Oracle 2025'.",
    )
    cited_in: list[DocumentNumber] = Field(
        default_factory=list,
        description="For a primary paper: the numbers of the documents that cite it, e.g. "
        "['001', '004']; the first names the label ('001: Autoimmunity Reviews 2011').",
    )

    @model_validator(mode="after")
    def _primary_paper_is_cited(self) -> Reference:
        if self.kind == "primary paper" and not self.cited_in:
            raise ValueError("a primary paper names the documents that cite it in `cited_in`")
        if self.cited_in and self.kind != "primary paper":
            raise ValueError("only a primary paper (kind: primary paper) has `cited_in`")
        return self

    @property
    def document(self) -> str | None:
        """The number of the source document ('004'), from the file name `source`."""
        match = _DOCUMENT_FILE.match(self.source)
        return match.group(1) if match else None

    @property
    def is_primary(self) -> bool:
        return self.kind == "primary paper"

    @property
    def label(self) -> str:
        """The one short name a learner sees wherever this is cited, without brackets:
        '004 Dr.Oracle 2025' for a document, '000: Rheumatology 2014' for a paper document 000
        cites. An entry without `short` is labelled by its id."""
        if self.short is None:
            return self.id
        name = f"{self.short} {self.year}" if self.year is not None else self.short
        number = self.cited_in[0] if self.cited_in else self.document
        if number is None:
            return name
        return f"{number}: {name}" if self.is_primary else f"{number} {name}"


class ReferenceLibrary(Strict):
    references: list[Reference] = Field(min_length=1)


# --------------------------------------------------------------------------- vignette


class Investigation(Strict):
    """One row of the investigations table."""

    name: Text
    value: float | int | str = Field(description="A number, or text such as 'myopathic pattern'.")
    unit: str | None = None
    low: float | int | None = Field(default=None, description="Lower limit of the reference range.")
    high: float | int | None = Field(
        default=None, description="Upper limit of the reference range."
    )
    abnormal: bool | None = Field(
        default=None,
        description="Mark a text result abnormal; numbers are compared with low/high instead.",
    )

    @property
    def is_abnormal(self) -> bool:
        if self.abnormal is not None:
            return self.abnormal
        if isinstance(self.value, str):
            return False
        return (self.low is not None and self.value < self.low) or (
            self.high is not None and self.value > self.high
        )

    @property
    def reference_range(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{_num(self.low)}-{_num(self.high)}"
        if self.high is not None:
            return f"< {_num(self.high)}"
        if self.low is not None:
            return f"> {_num(self.low)}"
        return ""

    @property
    def value_text(self) -> str:
        return self.value if isinstance(self.value, str) else _num(self.value)


def _num(value: float) -> str:
    """Render a number without a spurious '.0'."""
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


class Vignette(Strict):
    presentation: Text
    examination: Text
    investigations: list[Investigation] = Field(default_factory=list)


class Reveal(Strict):
    """New information shown after a decision: the case unfolding over time."""

    text: Text
    investigations: list[Investigation] = Field(default_factory=list)


class SourcesDiffer(Strict):
    """A place where the source documents disagree, shown with the step it concerns."""

    note: Text
    cite: CitationIds


# --------------------------------------------------------------------------- steps


class Option(Strict):
    text: Text
    verdict: LaxVerdict
    feedback: Text = Field(description="Why this answer earns its verdict, in the author's words.")
    cite: CitationIds
    therapies: list[LaxTherapy] = Field(
        default_factory=list,
        description="What this option stands for, checked against the algorithm.",
    )
    next: Id | None = Field(
        default=None, description="Step to go to when this option is chosen ('end' finishes)."
    )
    reveal: Reveal | None = Field(default=None, description="Shown only after this option.")


class NumericBand(Strict):
    """A band of numeric answers (inclusive) and how they are keyed."""

    min: float | int
    max: float | int
    verdict: LaxVerdict
    feedback: Text
    cite: CitationIds

    @model_validator(mode="after")
    def _ordered(self) -> NumericBand:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is greater than max ({self.max})")
        return self


class NumericAnswer(Strict):
    unit: Text = Field(description="The unit the learner answers in, e.g. mg/kg/day.")
    bands: list[NumericBand] = Field(
        min_length=1,
        description="Checked in order; the first band containing the answer decides.",
    )
    tolerance: float | int = Field(
        default=0,
        ge=0,
        description=(
            "Answers within this distance of a preferred or acceptable band earn half of "
            "that band's credit."
        ),
    )
    otherwise: Text = Field(description="Feedback for an answer outside every band.")
    otherwise_cite: CitationIds

    @model_validator(mode="after")
    def _has_correct_band(self) -> NumericAnswer:
        if not any(band.verdict.is_correct for band in self.bands):
            raise ValueError("needs at least one band keyed preferred or acceptable")
        return self


class _StepBase(Strict):
    id: Id
    prompt: Text
    node: Id | None = Field(
        default=None, description="The algorithm node (algorithm.yaml) this decision tests."
    )
    points: float | int = Field(default=1, gt=0, description="Credit for a fully correct answer.")
    next: Id | None = Field(
        default=None,
        description="Step that follows (default: the next one in the list; 'end' finishes).",
    )
    reveal: Reveal | None = Field(default=None, description="Shown after the answer, any answer.")
    sources_differ: list[SourcesDiffer] = Field(default_factory=list)


class _ChoiceStep(_StepBase):
    options: list[Option] = Field(min_length=2, max_length=9)
    pin_order: bool = Field(
        default=False, description="Keep the written order (e.g. for 'all of the above')."
    )


class SingleStep(_ChoiceStep):
    """Single best answer."""

    kind: Literal["single"]

    @model_validator(mode="after")
    def _one_best(self) -> SingleStep:
        if not any(o.verdict is Verdict.preferred for o in self.options):
            raise ValueError("a single-best-answer step needs one option keyed preferred")
        return self


class MultipleStep(_ChoiceStep):
    """Select all that apply."""

    kind: Literal["multiple"]

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleStep:
        if not any(o.verdict.is_correct for o in self.options):
            raise ValueError("a select-all step needs at least one option that is correct")
        if any(o.next for o in self.options):
            raise ValueError("options of a select-all step cannot branch; use the step's 'next'")
        if any(o.reveal for o in self.options):
            raise ValueError(
                "options of a select-all step cannot reveal information; use the step's 'reveal'"
            )
        return self


class NumericStep(_StepBase):
    """A number with a unit, such as a dose."""

    kind: Literal["numeric"]
    numeric: NumericAnswer


Step = Annotated[SingleStep | MultipleStep | NumericStep, Field(discriminator="kind")]


# --------------------------------------------------------------------------- the case


class Patient(Strict):
    """The patient as the algorithm sees them, for checking the answer key."""

    phenotype: LaxPhenotype
    features: list[LaxFeature] = Field(
        default_factory=list,
        description="ild, dysphagia, severe_skin, malignancy, checkpoint_inhibitor ...",
    )


class Case(Strict):
    """One teaching case: metadata, the vignette, and the decisions."""

    id: Id
    title: Text
    summary: Text = Field(description="One line for the library list.")
    tags: list[LaxTag] = Field(min_length=1)
    objectives: list[Text] = Field(min_length=1)
    difficulty: LaxDifficulty
    minutes: int = Field(gt=0, le=240, description="Estimated minutes to complete.")
    author: Text
    version: int = Field(ge=1)
    reviewed: datetime.date = Field(description="Date the content was last reviewed.")
    patient: Patient
    vignette: Vignette
    steps: list[Step] = Field(min_length=1)

    @cached_property
    def step_indexes(self) -> dict[str, int]:
        """Each step id's place in `steps`: walking a case of thousands of steps looked each
        one up from the start (quadratic: seconds for a 3,000-step case)."""
        return {step.id: index for index, step in reversed(list(enumerate(self.steps)))}

    def step(self, step_id: str) -> SingleStep | MultipleStep | NumericStep:
        return self.steps[self.step_indexes[step_id]]

    def default_next(self, index: int) -> str:
        """Where a step goes when neither it nor the chosen option says."""
        step = self.steps[index]
        if step.next:
            return step.next
        return self.steps[index + 1].id if index + 1 < len(self.steps) else END

    @model_validator(mode="after")
    def _unique_step_ids(self) -> Case:
        seen: set[str] = set()
        for index, step in enumerate(self.steps):
            if step.id == END:
                raise ErrorAt(
                    f"'{END}' is reserved and cannot be a step id", ("steps", index, "id")
                )
            if step.id in seen:
                # Placed at the second step: the first one is not the mistake.
                raise ErrorAt(f"two steps share the id '{step.id}'", ("steps", index, "id"))
            seen.add(step.id)
        return self


AnyStep = SingleStep | MultipleStep | NumericStep
