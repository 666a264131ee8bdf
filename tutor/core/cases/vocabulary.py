"""Controlled vocabularies shared by case files and the algorithm.

Case authors write these ids in YAML; the JSON Schema lists them so editors autocomplete them.
Each id has a human label for screens and exports.
"""

from __future__ import annotations

from enum import StrEnum


class Therapy(StrEnum):
    """What an option stands for: a test, a drug, or a supportive measure."""

    # Work-up and diagnosis
    muscle_enzymes = "muscle_enzymes"
    inflammatory_markers = "inflammatory_markers"
    emg = "emg"
    muscle_mri = "muscle_mri"
    muscle_biopsy = "muscle_biopsy"
    repeat_muscle_biopsy = "repeat_muscle_biopsy"
    # First line
    prednisone = "prednisone"
    methotrexate = "methotrexate"
    azathioprine = "azathioprine"
    mycophenolate = "mycophenolate"
    folic_acid = "folic_acid"
    tpmt_testing = "tpmt_testing"
    # Antibody therapies
    ivig = "ivig"
    ivig_undivided = "ivig_undivided"
    rituximab = "rituximab"
    # Other agents for non-responders
    iv_methylprednisolone = "iv_methylprednisolone"
    cyclosporine = "cyclosporine"
    tacrolimus = "tacrolimus"
    abatacept = "abatacept"
    tocilizumab = "tocilizumab"
    tnf_alpha_inhibitor = "tnf_alpha_inhibitor"
    stem_cell_transplant = "stem_cell_transplant"
    plasma_exchange = "plasma_exchange"
    hydroxychloroquine = "hydroxychloroquine"
    # Supportive care and monitoring
    physical_therapy = "physical_therapy"
    occupational_therapy = "occupational_therapy"
    speech_therapy = "speech_therapy"
    sun_protection = "sun_protection"
    sun_exposure = "sun_exposure"
    malignancy_screening = "malignancy_screening"
    cardiac_evaluation = "cardiac_evaluation"
    pulmonary_function_tests = "pulmonary_function_tests"
    lab_monitoring = "lab_monitoring"
    cd19_monitoring = "cd19_monitoring"
    steroid_taper = "steroid_taper"
    # Choices that are not a treatment
    no_change = "no_change"
    stop_treatment = "stop_treatment"

    @property
    def label(self) -> str:
        return THERAPY_LABELS[self]


THERAPY_LABELS: dict[Therapy, str] = {
    Therapy.muscle_enzymes: "muscle enzymes (CK, aldolase)",
    Therapy.inflammatory_markers: "inflammatory markers (ESR, CRP)",
    Therapy.emg: "electromyography",
    Therapy.muscle_mri: "muscle MRI",
    Therapy.muscle_biopsy: "muscle biopsy",
    Therapy.repeat_muscle_biopsy: "repeat muscle biopsy",
    Therapy.prednisone: "high-dose prednisone",
    Therapy.methotrexate: "methotrexate",
    Therapy.azathioprine: "azathioprine",
    Therapy.mycophenolate: "mycophenolate mofetil",
    Therapy.folic_acid: "folic acid",
    Therapy.tpmt_testing: "genetic testing before azathioprine",
    Therapy.ivig: "intravenous immunoglobulin (IVIG)",
    Therapy.ivig_undivided: "a whole IVIG course as one rapid infusion",
    Therapy.rituximab: "rituximab",
    Therapy.iv_methylprednisolone: "IV methylprednisolone pulses",
    Therapy.cyclosporine: "cyclosporine A",
    Therapy.tacrolimus: "tacrolimus",
    Therapy.abatacept: "abatacept",
    Therapy.tocilizumab: "tocilizumab",
    Therapy.tnf_alpha_inhibitor: "TNF-alpha inhibitor",
    Therapy.stem_cell_transplant: "stem cell transplant",
    Therapy.plasma_exchange: "plasma exchange",
    Therapy.hydroxychloroquine: "hydroxychloroquine",
    Therapy.physical_therapy: "physical therapy",
    Therapy.occupational_therapy: "occupational therapy",
    Therapy.speech_therapy: "speech and swallowing therapy",
    Therapy.sun_protection: "sun protection",
    Therapy.sun_exposure: "deliberate sun exposure",
    Therapy.malignancy_screening: "malignancy screening",
    Therapy.cardiac_evaluation: "cardiac evaluation",
    Therapy.pulmonary_function_tests: "pulmonary function tests",
    Therapy.lab_monitoring: "laboratory monitoring (CBC, liver, kidney)",
    Therapy.cd19_monitoring: "CD19+ B-cell monitoring",
    Therapy.steroid_taper: "gradual steroid taper",
    Therapy.no_change: "no change in treatment",
    Therapy.stop_treatment: "stopping immunosuppression",
}


class Verdict(StrEnum):
    """How an answer is keyed. Points and the safety tally follow from it (see scoring)."""

    preferred = "preferred"
    acceptable = "acceptable"
    suboptimal = "suboptimal"
    harmful = "harmful"

    @property
    def is_correct(self) -> bool:
        return self in (Verdict.preferred, Verdict.acceptable)


class Phenotype(StrEnum):
    PM = "PM"
    DM = "DM"


class Feature(StrEnum):
    """Facts about the patient that steer the algorithm.

    `ild`, `dysphagia`, `severe_skin`, `malignancy` and `checkpoint_inhibitor` (myositis brought
    on by an immune checkpoint inhibitor) describe the patient for the whole case;
    `diagnosis_confirmed` and `refractory` describe how far along the algorithm the patient is.
    """

    diagnosis_confirmed = "diagnosis_confirmed"
    refractory = "refractory"
    ild = "ild"
    dysphagia = "dysphagia"
    severe_skin = "severe_skin"
    malignancy = "malignancy"
    checkpoint_inhibitor = "checkpoint_inhibitor"


STAGE_FEATURES = frozenset({Feature.diagnosis_confirmed, Feature.refractory})


class Tag(StrEnum):
    PM = "PM"
    DM = "DM"
    ILD = "ILD"
    dysphagia = "dysphagia"
    refractory = "refractory"
    skin = "skin"
    malignancy = "malignancy"
    checkpoint_inhibitor = "checkpoint-inhibitor"


class Difficulty(StrEnum):
    introductory = "introductory"
    intermediate = "intermediate"
    advanced = "advanced"


class Stage(StrEnum):
    """Where an algorithm node sits; also the topic a step is filed under in statistics."""

    diagnosis = "diagnosis"
    first_line = "first_line"
    antibody_choice = "antibody_choice"
    non_responder = "non_responder"
    supportive_care = "supportive_care"
    monitoring = "monitoring"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")
