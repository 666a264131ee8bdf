"""The documented treatment algorithm, as data, and the pure function that evaluates it.

`cases/algorithm.yaml` states the algorithm of the source documents as decision nodes. Each node
says which patients it applies to (`when`) and, for them, which therapies are preferred,
acceptable, or to be avoided, with rationale and citations. Where the sources disagree, the node
records every position with its citation instead of picking one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from pydantic import Field

from tutor.core.cases.model import (
    CitationIds,
    Id,
    LaxFeature,
    LaxPhenotype,
    LaxTherapy,
    Strict,
    Text,
)
from tutor.core.cases.vocabulary import STAGE_FEATURES, Feature, Phenotype, Stage, Therapy

TREATMENT_STAGES = frozenset(
    {Stage.diagnosis, Stage.first_line, Stage.antibody_choice, Stage.non_responder}
)


class Condition(Strict):
    """Which patients a node applies to. Every listed condition must hold."""

    phenotype: list[LaxPhenotype] = Field(default_factory=list, description="Empty: any.")
    requires: list[LaxFeature] = Field(default_factory=list, description="All of these.")
    requires_any: list[LaxFeature] = Field(default_factory=list, description="At least one.")
    excludes: list[LaxFeature] = Field(default_factory=list, description="None of these.")
    failed_all: list[LaxTherapy] = Field(
        default_factory=list, description="Each of these has failed or is contraindicated."
    )
    failed_none: list[LaxTherapy] = Field(
        default_factory=list, description="None of these has failed or is contraindicated."
    )


class Advice(Strict):
    therapy: LaxTherapy
    rationale: Text
    cite: CitationIds


class Stance(StrEnum):
    """Whether a position speaks for or against the disputed therapy."""

    supports = "supports"
    opposes = "opposes"


class Position(Strict):
    says: Text
    cite: CitationIds
    stance: Stance | None = Field(
        default=None,
        strict=False,
        description="For or against the therapy, for the 'supported for this patient' check.",
    )
    therapy: LaxTherapy | None = Field(
        default=None,
        description="The therapy this position is about, when not the disagreement's own.",
    )
    applies_to: Condition = Field(
        default_factory=Condition,
        description=(
            "Which patients the source says this of (phenotype, features); empty: any patient. "
            "A position naming a feature (ild, dysphagia ...) is more specific than one naming "
            "only a phenotype, and for a patient both fit, the more specific one stands."
        ),
    )


class Disagreement(Strict):
    """Where sources differ: every position, each with its citation."""

    topic: Text
    therapy: LaxTherapy | None = Field(
        default=None,
        description="The therapy concerned; an answer a source supports is never wrong.",
    )
    positions: list[Position] = Field(min_length=2)
    resolution: str | None = Field(
        default=None,
        description=(
            "Which position stands for a patient several fit, and why; required when a specific "
            "position overrides a general one."
        ),
    )
    case_must_note: bool = Field(
        default=False,
        description=(
            "A case whose patient fits two or more positions must say so in a sources_differ note."
        ),
    )

    def therapy_of(self, position: Position) -> Therapy | None:
        return position.therapy or self.therapy

    @cached_property
    def disputes(self) -> dict[Therapy | None, tuple[Position, ...]]:
        """For each therapy some position opposes, the positions with a stance on it: what the
        key rules weigh for every option of every case, worked out once per algorithm."""
        about: dict[Therapy | None, list[Position]] = {}
        for p in self.positions:
            if p.stance is not None:
                about.setdefault(self.therapy_of(p), []).append(p)
        return {
            therapy: tuple(positions)
            for therapy, positions in about.items()
            if any(p.stance is Stance.opposes for p in positions)
        }


class Node(Strict):
    id: Id
    title: Text
    stage: Stage = Field(strict=False)
    when: Condition = Field(default_factory=Condition)
    summary: Text
    cite: CitationIds
    preferred: list[Advice] = Field(default_factory=list)
    acceptable: list[Advice] = Field(default_factory=list)
    avoid: list[Advice] = Field(default_factory=list)
    disagreements: list[Disagreement] = Field(default_factory=list)

    def ranking(self, therapy: Therapy) -> str | None:
        """'preferred', 'acceptable', 'avoid', or None when the node does not mention it."""
        for rank in ("preferred", "acceptable", "avoid"):
            if any(a.therapy is therapy for a in getattr(self, rank)):
                return rank
        return None

    def disputed(self, therapy: Therapy) -> Disagreement | None:
        return next(
            (
                d
                for d in self.disagreements
                if d.therapy is therapy or any(p.therapy is therapy for p in d.positions)
            ),
            None,
        )

    def therapies(self) -> set[Therapy]:
        return {a.therapy for a in (*self.preferred, *self.acceptable, *self.avoid)}

    def citations(self) -> list[str]:
        ids: list[str] = list(self.cite)
        for advice in (*self.preferred, *self.acceptable, *self.avoid):
            ids.extend(advice.cite)
        for disagreement in self.disagreements:
            for position in disagreement.positions:
                ids.extend(position.cite)
        return list(dict.fromkeys(ids))


class Algorithm(Strict):
    title: Text
    disclaimer: Text
    nodes: list[Node] = Field(min_length=1)

    def node(self, node_id: str) -> Node | None:
        return next((n for n in self.nodes if n.id == node_id), None)


@dataclass(frozen=True)
class PatientContext:
    """Everything the algorithm needs to know about a patient at one moment."""

    phenotype: Phenotype
    features: frozenset[Feature] = frozenset()
    failed: frozenset[Therapy] = frozenset()
    contraindicated: frozenset[Therapy] = frozenset()

    @classmethod
    def of(
        cls,
        phenotype: Phenotype | str,
        features: Iterable[Feature | str] = (),
        failed: Iterable[Therapy | str] = (),
        contraindicated: Iterable[Therapy | str] = (),
    ) -> PatientContext:
        return cls(
            Phenotype(phenotype),
            frozenset(Feature(f) for f in features),
            frozenset(Therapy(t) for t in failed),
            frozenset(Therapy(t) for t in contraindicated),
        )

    @property
    def unavailable(self) -> frozenset[Therapy]:
        return self.failed | self.contraindicated


def applies(condition: Condition, context: PatientContext) -> bool:
    unavailable = context.unavailable
    return (
        (not condition.phenotype or context.phenotype in condition.phenotype)
        and all(f in context.features for f in condition.requires)
        and (
            not condition.requires_any or any(f in context.features for f in condition.requires_any)
        )
        and not any(f in context.features for f in condition.excludes)
        and all(t in unavailable for t in condition.failed_all)
        and not any(t in unavailable for t in condition.failed_none)
    )


def compatible_with_patient(
    condition: Condition, phenotype: Phenotype, features: Iterable[Feature]
) -> bool:
    """Could this node ever apply to the patient of a case, at some stage of the case?

    Stage features (diagnosis confirmed, refractory) and failed therapies change as a case
    unfolds, so only the phenotype and the lasting features are compared.
    """
    lasting = set(features) - STAGE_FEATURES
    return (
        (not condition.phenotype or phenotype in condition.phenotype)
        and all(f in lasting for f in condition.requires if f not in STAGE_FEATURES)
        and not any(f in lasting for f in condition.excludes if f not in STAGE_FEATURES)
        and (
            not [f for f in condition.requires_any if f not in STAGE_FEATURES]
            or any(f in lasting for f in condition.requires_any)
        )
    )


@dataclass(frozen=True)
class Recommendation:
    """What the algorithm recommends for one patient context."""

    context: PatientContext
    treatment: Node | None
    supportive: list[Node] = field(default_factory=list)

    @property
    def nodes(self) -> list[Node]:
        return ([self.treatment] if self.treatment else []) + self.supportive

    def citations(self) -> list[str]:
        ids: list[str] = []
        for node in self.nodes:
            ids.extend(node.citations())
        return list(dict.fromkeys(ids))


def recommend(algorithm: Algorithm, context: PatientContext) -> Recommendation:
    """The first treatment node that applies (nodes are ordered), plus all supportive nodes."""
    treatment = next(
        (n for n in algorithm.nodes if n.stage in TREATMENT_STAGES and applies(n.when, context)),
        None,
    )
    supportive = [
        n for n in algorithm.nodes if n.stage not in TREATMENT_STAGES and applies(n.when, context)
    ]
    return Recommendation(context, treatment, supportive)
