"""`tutor new`: the text of a commented starter case that passes `tutor validate` as written.

The fixed part (the format explained in comments, a work-up step with a branch and a detour, the
first line, a dose where the sources differ) lives in tutor/templates/starter-case.yaml.tmpl.
The parts that depend on the patient are generated here and in scaffold_steps: the vignette,
the decision on refractory disease (rituximab first in polymyositis, rituximab over IVIG with
lung disease, IVIG first in dermatomyositis with prominent skin disease or dysphagia), and one
supportive-care step per feature.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from importlib import resources

from tutor.core.authoring.scaffold_patient import (
    FEATURE_WORDS,
    SCAFFOLD_FEATURES,
    Patient,
    ScaffoldError,
    antibody_branch,
    patient_of,
)
from tutor.core.authoring.scaffold_steps import feature_steps, refractory_step, supportive_step
from tutor.core.authoring.yaml_text import ChoiceStep, field, id_list, step_lines
from tutor.core.cases.vocabulary import Feature, Phenotype

__all__ = ["SCAFFOLD_FEATURES", "ScaffoldError", "render"]

TEMPLATE = "starter-case.yaml.tmpl"
_WHOLE_LINE = re.compile(r"^\{(\w+)\}$")


def template_text() -> str:
    return resources.files("tutor").joinpath("templates", TEMPLATE).read_text(encoding="utf-8")


def title(patient: Patient) -> str:
    text = f"Starter case: refractory {patient.disease}"
    words = [FEATURE_WORDS[f] for f in patient.features]
    if len(words) > 1:
        text += " with " + ", ".join(words[:-1]) + " and " + words[-1]
    elif words:
        text += " with " + words[0]
    return text


def tags(patient: Patient) -> list[str]:
    found = [patient.phenotype.value]
    if patient.has(Feature.ild):
        found.append("ILD")
    if patient.has(Feature.dysphagia):
        found.append("dysphagia")
    if patient.has(Feature.severe_skin):
        found.append("skin")
    if patient.has(Feature.malignancy):
        found.append("malignancy")
    if patient.has(Feature.checkpoint_inhibitor):
        found.append("checkpoint-inhibitor")
    return [*found, "refractory"]


def objectives(patient: Patient) -> list[str]:
    branch = {
        "antibody-ild": "Prefer rituximab over IVIG when myositis involves the lungs.",
        "antibody-pm": "Choose rituximab as the first antibody therapy in refractory polymyositis.",
        "antibody-dm-skin-dysphagia": (
            "Choose IVIG as the first antibody therapy in severe dermatomyositis with prominent "
            "skin disease or dysphagia."
        ),
        "non-responder": (
            "Name the options the sources give for dermatomyositis that does not respond to "
            "standard therapy."
        ),
    }[antibody_branch(patient)]
    return [
        "Confirm the diagnosis with a full work-up before any antibody therapy.",
        "Start high-dose prednisone with a steroid-sparing agent, and know where the sources "
        "differ on the dose.",
        branch,
        "Plan supportive care alongside the drugs.",
    ]


def presentation(patient: Patient) -> str:
    text = (
        "A 52-year-old woman has had three months of steadily worsening weakness: she struggles "
        "to climb stairs, to rise from a low chair and to lift her arms above her head."
    )
    if patient.phenotype is Phenotype.DM:
        text += " A violet rash has appeared on her upper eyelids and over her knuckles."
    if patient.has(Feature.severe_skin):
        text += " The rash has spread across her upper back and chest, and it itches."
    if patient.has(Feature.dysphagia):
        text += " For some weeks she has had trouble swallowing and coughs when she drinks."
    if patient.has(Feature.ild):
        text += " She has a dry cough and is breathless after one flight of stairs."
    if patient.has(Feature.malignancy):
        text += (
            " Cancer screening at diagnosis found a tumour, which the oncology team is treating."
        )
    if patient.has(Feature.checkpoint_inhibitor):
        text += " The weakness began some weeks after she started an immune checkpoint inhibitor."
    return text


def examination(patient: Patient) -> str:
    text = (
        "Weight 70 kg. Symmetric weakness of the neck flexors, shoulders and hips, with normal "
        "distal strength, reflexes and sensation."
    )
    if patient.phenotype is Phenotype.DM:
        text += " Heliotrope rash on the upper eyelids and Gottron's papules over the knuckles."
    else:
        text += " No rash."
    if patient.has(Feature.severe_skin):
        text += " Violet erythema covers the upper back and the front of the chest."
    if patient.has(Feature.ild):
        text += " Fine crackles at both lung bases."
    return text


def _more_investigations(patient: Patient) -> list[str]:
    if not patient.has(Feature.ild):
        return []
    return [
        "    - name: Chest CT",
        "      value: reticular changes at both lung bases",
        "      abnormal: true  # a text result is marked abnormal by hand",
    ]


def _more_steps(patient: Patient) -> list[str]:
    lines = step_lines(refractory_step(patient))
    lines += ["", *step_lines(supportive_step())]
    for number, step in enumerate(feature_steps(patient), start=7):
        numbered = ChoiceStep(
            step.id, step.kind, step.node, step.prompt, step.options, f"{number}. {step.heading}"
        )
        lines += ["", *step_lines(numbered)]
    return lines


def render(
    case_id: str,
    phenotype: Phenotype | str,
    features: Iterable[Feature | str] = (),
    *,
    schema_ref: str = "case.schema.json",
    file_hint: str | None = None,
    today: datetime.date | None = None,
) -> str:
    """The starter case as YAML text, comments included."""
    patient = patient_of(phenotype, features)
    blocks: dict[str, list[str]] = {
        "title": field("title", title(patient), 0),
        "objectives": [line for o in objectives(patient) for line in field("-", o, 2)],
        "presentation": field("presentation", presentation(patient), 2),
        "examination": field("examination", examination(patient), 2),
        "more_investigations": _more_investigations(patient),
        "more_steps": _more_steps(patient),
    }
    values = {
        "schema": schema_ref,
        "file": file_hint or f"{case_id}.yaml",
        "case_id": case_id,
        "tags": id_list(tags(patient)),
        "reviewed": (today or datetime.date.today()).isoformat(),
        "phenotype": patient.phenotype.value,
        "features": id_list(patient.features),
        "disease": patient.disease,
    }
    out: list[str] = []
    for line in template_text().splitlines():
        whole = _WHOLE_LINE.match(line)
        if whole:
            out.extend(blocks[whole.group(1)])
        else:
            out.append(line.format_map(values))
    return "\n".join(out).rstrip("\n") + "\n"
