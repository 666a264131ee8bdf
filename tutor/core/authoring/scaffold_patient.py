"""The patient a starter case is built around: phenotype and features, checked, and which
antibody branch of the algorithm a refractory-disease step tests for them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tutor.core.cases.vocabulary import Feature, Phenotype

SCAFFOLD_FEATURES = (
    Feature.ild,
    Feature.dysphagia,
    Feature.severe_skin,
    Feature.malignancy,
    Feature.checkpoint_inhibitor,
)
"""The patient features `tutor new` can build a case around: every feature the algorithm knows
except the stage features (diagnosis_confirmed, refractory), which change as a case unfolds."""

DISEASE = {Phenotype.PM: "polymyositis", Phenotype.DM: "dermatomyositis"}
FEATURE_WORDS = {
    Feature.ild: "interstitial lung disease",
    Feature.dysphagia: "dysphagia",
    Feature.severe_skin: "prominent skin disease",
    Feature.malignancy: "an associated cancer",
    Feature.checkpoint_inhibitor: "myositis brought on by an immune checkpoint inhibitor",
}


class ScaffoldError(ValueError):
    """The requested patient cannot be scaffolded (for example PM with severe_skin)."""


@dataclass(frozen=True)
class Patient:
    phenotype: Phenotype
    features: tuple[Feature, ...]

    @property
    def disease(self) -> str:
        return DISEASE[self.phenotype]

    def has(self, feature: Feature) -> bool:
        return feature in self.features


def patient_of(phenotype: Phenotype | str, features: Iterable[Feature | str] = ()) -> Patient:
    phenotype = Phenotype(phenotype)
    wanted = {Feature(f) for f in features}
    for feature in wanted:
        if feature not in SCAFFOLD_FEATURES:
            raise ScaffoldError(f"'{feature}' is not a feature `tutor new` can build a case around")
    if phenotype is Phenotype.PM and Feature.severe_skin in wanted:
        raise ScaffoldError(
            "severe_skin describes the skin disease of dermatomyositis; use --phenotype DM"
        )
    return Patient(phenotype, tuple(f for f in SCAFFOLD_FEATURES if f in wanted))


def antibody_branch(patient: Patient) -> str:
    """The algorithm node a refractory-disease step tests for this patient."""
    if patient.has(Feature.ild):
        return "antibody-ild"
    if patient.phenotype is Phenotype.PM:
        return "antibody-pm"
    if patient.has(Feature.severe_skin) or patient.has(Feature.dysphagia):
        return "antibody-dm-skin-dysphagia"
    # None of 004's three named branches covers DM without these features (the algorithm's
    # antibody-dm-refractory node rests on 004's opening statement instead); the starter asks
    # about the options the sources give for non-responders, which every source supports.
    return "non-responder"
