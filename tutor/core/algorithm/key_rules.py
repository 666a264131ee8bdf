"""The rule for disagreements between sources, and the checks of an answer key that follow.

A learner is not marked wrong for an answer a source supports *for this patient*. Each position
of a recorded disagreement says which patients it applies to (`applies_to`). For one patient:

- the positions that fit the patient are the ones that count;
- among them the most specific stands: a position naming a feature of the patient (lung
  disease, dysphagia ...) outranks one naming only a phenotype, which outranks one naming
  nobody in particular;
- a fitting position that is less specific and says the opposite is *overridden*: the feedback
  must still cite it, and the disagreement's `resolution` says why it gives way.

The checks here place their messages at an option's line (see case_checks).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tutor.core.algorithm.algorithm import (
    Algorithm,
    Condition,
    Disagreement,
    Node,
    Position,
    Stance,
    compatible_with_patient,
)
from tutor.core.cases.model import Option
from tutor.core.cases.vocabulary import STAGE_FEATURES, Feature, Phenotype, Therapy, Verdict


def specificity(condition: Condition) -> tuple[int, int]:
    """(features named, phenotype named): features outrank a phenotype, which outranks none."""
    named = [f for f in (*condition.requires, *condition.requires_any) if f not in STAGE_FEATURES]
    return (1 if named else 0, 1 if condition.phenotype else 0)


@dataclass(frozen=True)
class Standing:
    """How one disagreement settles for one patient, for one therapy."""

    therapy: Therapy
    stands: tuple[Position, ...]
    """The most specific positions that fit the patient."""
    overridden: tuple[Position, ...]
    """Positions that fit the patient, are less specific, and say the opposite."""

    @property
    def supported(self) -> bool:
        return any(p.stance is Stance.supports for p in self.stands)

    @property
    def opposed(self) -> bool:
        return bool(self.stands) and not self.supported


def standing(
    disagreement: Disagreement,
    therapy: Therapy,
    phenotype: Phenotype,
    features: Iterable[Feature],
) -> Standing | None:
    """The standing of `therapy` in this disagreement for this patient.

    None when the disagreement is not a dispute for and against this therapy, or when no
    position of it fits the patient."""
    about = disagreement.disputes.get(therapy)
    if about is None:
        return None  # a choice between options, not a dispute for or against this therapy
    features = list(features)
    fitting = [p for p in about if compatible_with_patient(p.applies_to, phenotype, features)]
    if not fitting:
        return None
    top = max(specificity(p.applies_to) for p in fitting)
    stands = tuple(p for p in fitting if specificity(p.applies_to) == top)
    stance = Stance.supports if any(p.stance is Stance.supports for p in stands) else None
    overridden = tuple(
        p
        for p in fitting
        if specificity(p.applies_to) < top and stance is None and p.stance is Stance.supports
    )
    return Standing(therapy, stands, overridden)


def standings(
    node: Node, therapy: Therapy, phenotype: Phenotype, features: Iterable[Feature]
) -> list[Standing]:
    features = list(features)
    found = (standing(d, therapy, phenotype, features) for d in node.disagreements)
    return [s for s in found if s is not None]


def _labels(positions: Iterable[Position]) -> str:
    return ", ".join(dict.fromkeys(ref for p in positions for ref in p.cite))


def option_problems(
    option: Option, node: Node, phenotype: Phenotype, features: Iterable[Feature]
) -> Iterator[str]:
    """Why this option's verdict or citations break the disagreement rule (nothing if fine)."""
    features = list(features)
    for therapy in option.therapies:
        for found in standings(node, therapy, phenotype, features):
            if found.supported and option.verdict in (Verdict.suboptimal, Verdict.harmful):
                yield (
                    f"keyed {option.verdict.value}, but {_labels(found.stands)} supports "
                    f"{therapy.label} for this patient ('{node.id}' records it); an answer a "
                    "source supports for this patient is never marked wrong"
                )
            if found.opposed and option.verdict is Verdict.acceptable:
                yield (
                    f"keyed acceptable, but for this patient {_labels(found.stands)} "
                    f"(the more specific source) says to avoid {therapy.label}"
                )
            if found.overridden and not set(option.cite) & {
                ref for p in found.overridden for ref in p.cite
            }:
                yield (
                    f"the general position of {_labels(found.overridden)} on {therapy.label} is "
                    f"overridden here by {_labels(found.stands)}; the feedback must cite it and "
                    "say why it does not apply to this patient"
                )
    if option.verdict is Verdict.harmful:
        message = _harm_without_source(option, node)
        if message:
            yield message


def _harm_without_source(option: Option, node: Node) -> str | None:
    risks = [a for a in node.avoid if a.therapy in option.therapies]
    if not risks:
        return (
            f"keyed harmful, but '{node.id}' records no risk for what this option stands for; "
            "list the therapy under the node's 'avoid' with the source that shows the risk, "
            "or key the option suboptimal"
        )
    if not set(option.cite) & {ref for a in risks for ref in a.cite}:
        sources = ", ".join(dict.fromkeys(ref for a in risks for ref in a.cite))
        return (
            f"keyed harmful, but its feedback cites no source that shows the risk "
            f"(for {', '.join(a.therapy.label for a in risks)}: {sources})"
        )
    return None


def patient_fits_several(
    disagreement: Disagreement, phenotype: Phenotype, features: Iterable[Feature]
) -> list[Position]:
    features = list(features)
    return [
        p
        for p in disagreement.positions
        if compatible_with_patient(p.applies_to, phenotype, features)
    ]


# --------------------------------------------------------------------------- algorithm.yaml


def _overlap(a: Condition, b: Condition) -> bool:
    """Could one patient fit both conditions?"""
    if a.phenotype and b.phenotype and not set(a.phenotype) & set(b.phenotype):
        return False
    return not (set(a.requires) & set(b.excludes) or set(b.requires) & set(a.excludes))


FieldPath = tuple[str | int, ...]


def algorithm_problems(algorithm: Algorithm) -> Iterator[tuple[FieldPath, str]]:
    """Disagreements recorded inconsistently across the algorithm's nodes."""
    supported_by: dict[Therapy, str] = {}
    for node in algorithm.nodes:
        for d in node.disagreements:
            opposed = {d.therapy_of(p) for p in d.positions if p.stance is Stance.opposes}
            for p in d.positions:
                therapy = d.therapy_of(p)
                if therapy is not None and therapy in opposed and p.stance is Stance.supports:
                    supported_by.setdefault(therapy, node.id)
    for i, node in enumerate(algorithm.nodes):
        for j, advice in enumerate(node.avoid):
            elsewhere = supported_by.get(advice.therapy)
            if elsewhere and node.disputed(advice.therapy) is None:
                yield (
                    ("nodes", i, "avoid", j, "therapy"),
                    f"'{node.id}' says to avoid {advice.therapy.label}, but '{elsewhere}' "
                    "records a source that supports it; record that disagreement here too, "
                    "saying which patients each position applies to",
                )
        for j, d in enumerate(node.disagreements):
            if d.resolution:
                continue
            for a in d.positions:
                for b in d.positions:
                    if (
                        a.stance is Stance.supports
                        and b.stance is Stance.opposes
                        and d.therapy_of(a) is d.therapy_of(b)
                        and specificity(a.applies_to) != specificity(b.applies_to)
                        and _overlap(a.applies_to, b.applies_to)
                    ):
                        yield (
                            ("nodes", i, "disagreements", j, "topic"),
                            f"positions of '{d.topic}' can both fit one patient and the more "
                            "specific one overrides the other; add a 'resolution' that says "
                            "which stands for whom and why",
                        )
                        break
                else:
                    continue
                break
