"""`tutor algorithm`: what the documented algorithm says at a node or for a patient, as data.

The patient selection is the one playtest and the case checks use (`compatible_with_patient`):
a node counts when it could apply to the patient at some stage of a case.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tutor.core.algorithm.algorithm import (
    Advice,
    Algorithm,
    Node,
    PatientContext,
    compatible_with_patient,
    recommend,
)
from tutor.core.cases.model import Reference
from tutor.core.cases.vocabulary import Feature, Phenotype, Stage

RANKS = ("preferred", "acceptable", "avoid")


def nodes_for(
    algorithm: Algorithm,
    phenotype: Phenotype | None = None,
    features: Iterable[Feature] = (),
    stage: Stage | None = None,
) -> list[Node]:
    """The nodes, in algorithm order, that could apply to this patient (any phenotype when
    none is given) and sit at `stage` (any stage when none is given)."""
    wanted = set(features)
    phenotypes = [phenotype] if phenotype is not None else list(Phenotype)
    return [
        node
        for node in algorithm.nodes
        if (stage is None or node.stage is stage)
        and any(compatible_with_patient(node.when, p, wanted) for p in phenotypes)
    ]


def _labels(ids: Iterable[str], references: Mapping[str, Reference]) -> list[str]:
    return [references[i].label if i in references else i for i in ids]


def _advice(advice: Advice, references: Mapping[str, Reference]) -> dict[str, Any]:
    return {
        "therapy": advice.therapy.value,
        "rationale": advice.rationale,
        "cite": _labels(advice.cite, references),
    }


def node_dict(node: Node, references: Mapping[str, Reference]) -> dict[str, Any]:
    """A node with every citation as the label the learner sees ('004 Dr.Oracle 2025')."""
    when = node.when.model_dump(mode="json", exclude_defaults=True)
    return {
        "id": node.id,
        "title": node.title,
        "stage": node.stage.value,
        "when": when,
        "summary": node.summary,
        "cite": _labels(node.cite, references),
        **{rank: [_advice(a, references) for a in getattr(node, rank)] for rank in RANKS},
        "sources_differ": [
            {
                "topic": d.topic,
                "therapy": d.therapy.value if d.therapy is not None else None,
                "positions": [
                    {
                        "says": p.says,
                        "cite": _labels(p.cite, references),
                        **(
                            {
                                "applies_to": p.applies_to.model_dump(
                                    mode="json", exclude_defaults=True
                                )
                            }
                            if p.applies_to.model_dump(exclude_defaults=True)
                            else {}
                        ),
                    }
                    for p in d.positions
                ],
                "resolution": d.resolution,
            }
            for d in node.disagreements
        ],
    }


def _cited(cite: list[str]) -> str:
    return " ".join(f"[{label}]" for label in cite)


def render_node(data: Mapping[str, Any]) -> str:
    """The text of one node_dict, for people."""
    lines = [f"{data['id']}: {data['title']} ({data['stage'].replace('_', ' ')})"]
    if data["when"]:
        conditions = "; ".join(f"{k}: {', '.join(v)}" for k, v in data["when"].items())
        lines.append(f"  applies when {conditions}")
    lines.append(f"  {data['summary'].strip()} {_cited(data['cite'])}")
    for rank in RANKS:
        for advice in data[rank]:
            lines.append(
                f"  {rank:<10} {advice['therapy']}: {advice['rationale'].strip()} "
                f"{_cited(advice['cite'])}"
            )
    for disagreement in data["sources_differ"]:
        lines.append(f"  sources differ: {disagreement['topic'].strip()}")
        for position in disagreement["positions"]:
            lines.append(f"    - {position['says'].strip()} {_cited(position['cite'])}")
        if disagreement["resolution"]:
            lines.append(f"    which stands: {disagreement['resolution'].strip()}")
    return "\n".join(lines) + "\n"


def render_list(nodes: Iterable[Node]) -> str:
    """One line per node: id, stage and title."""
    return "".join(f"{n.id:<28} {n.stage.label:<16} {n.title}\n" for n in nodes)


def render_now(algorithm: Algorithm, phenotype: Phenotype, features: Iterable[Feature]) -> str:
    """The one treatment step that applies to this patient at this point of the story, as the
    algorithm orders its stages (work-up before first line before antibodies): the stage
    features (diagnosis_confirmed, refractory) say how far the story has gone."""
    features = list(features)
    context = PatientContext.of(phenotype, features)
    treatment = recommend(algorithm, context).treatment
    who = f"{phenotype.value}" + (
        f" with {', '.join(f.value for f in features)}" if features else ""
    )
    if treatment is None:
        return f"For {who}: no treatment step of the algorithm applies.\n"
    return f"For {who}, the step that applies now: {treatment.id} ({treatment.title}).\n\n"
