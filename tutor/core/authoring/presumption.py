"""Text that presumes a choice the learner may not have made (for `tutor playtest`).

After a single-best-answer step, a learner reads the chosen option's own reveal, then the
step's reveal (shown after any answer), then the prompt of the step the option leads to. The
step's reveal and the next prompt are shared: if one of them names a therapy that some options
give and the chosen one does not ("How is the first course of rituximab given?" after choosing
IVIG), the story carries on as if another answer had been chosen.

An option's own reveal is written for that option alone, so it may say what was done instead
("The team gives rituximab"); once it names the therapy, shared text that follows may too.
Select-all steps are left out: their options are not alternatives, and their one reveal is
written for every combination of answers.

Matching is by the words case writers use for each therapy (NAMES), whole words, ignoring case;
therapies without a name here (no_change, stop_treatment ...) are never looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutor.core.cases.model import Case, SingleStep
from tutor.core.cases.vocabulary import Therapy

NAMES: dict[Therapy, tuple[str, ...]] = {
    Therapy.prednisone: ("prednisone", "corticosteroid", "corticosteroids"),
    Therapy.methotrexate: ("methotrexate",),
    Therapy.azathioprine: ("azathioprine",),
    Therapy.mycophenolate: ("mycophenolate", "MMF"),
    Therapy.folic_acid: ("folic acid",),
    Therapy.ivig: ("IVIG", "immunoglobulin"),
    Therapy.rituximab: ("rituximab",),
    Therapy.iv_methylprednisolone: ("methylprednisolone",),
    Therapy.cyclosporine: ("cyclosporine", "ciclosporin"),
    Therapy.tacrolimus: ("tacrolimus",),
    Therapy.abatacept: ("abatacept",),
    Therapy.tocilizumab: ("tocilizumab",),
    Therapy.tnf_alpha_inhibitor: ("TNF-alpha", "infliximab", "etanercept", "adalimumab"),
    Therapy.stem_cell_transplant: ("stem cell",),
    Therapy.plasma_exchange: ("plasma exchange",),
    Therapy.hydroxychloroquine: ("hydroxychloroquine",),
    Therapy.speech_therapy: ("speech therapy", "speech and swallowing"),
    Therapy.pulmonary_function_tests: ("pulmonary function", "lung function tests"),
    Therapy.cardiac_evaluation: ("cardiac evaluation",),
    Therapy.muscle_biopsy: ("biopsy",),
    Therapy.repeat_muscle_biopsy: ("biopsy",),
}

_PATTERNS = {
    therapy: re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
    for therapy, names in NAMES.items()
}


def names(therapy: Therapy, text: str) -> bool:
    """Does `text` name `therapy` in any of the words case writers use for it?"""
    pattern = _PATTERNS.get(therapy)
    return pattern is not None and pattern.search(text) is not None


@dataclass(frozen=True)
class Presumption:
    step: str
    option: int
    """1-based: the option after which the text reads as if another had been chosen."""
    therapy: Therapy
    where: str
    """'the step's reveal' or "the prompt of step 'x'"."""

    def message(self) -> str:
        return (
            f"after option {self.option} of step '{self.step}', {self.where} names "
            f"{self.therapy.label}, which that option does not give: say what was done, or word "
            "it neutrally"
        )


def presumptions(case: Case) -> list[Presumption]:
    """Every place where shared text after a single step presumes an option not chosen."""
    index_of = {step.id: i for i, step in enumerate(case.steps)}
    found: list[Presumption] = []
    for i, step in enumerate(case.steps):
        if not isinstance(step, SingleStep):
            continue
        given = [set(o.therapies) for o in step.options]
        everyone: set[Therapy] = set(given[0]).intersection(*given[1:])
        contested = set[Therapy]().union(*given) - everyone
        for number, option in enumerate(step.options, start=1):
            shared: list[tuple[str, str]] = []
            if step.reveal is not None:
                shared.append(("the step's reveal", step.reveal.text))
            target = option.next or case.default_next(i)
            if target in index_of:
                shared.append(
                    (f"the prompt of step '{target}'", case.steps[index_of[target]].prompt)
                )
            own = option.reveal.text if option.reveal is not None else ""
            for therapy in sorted(contested - given[number - 1]):
                if names(therapy, own):
                    continue  # the option's own reveal says it was done instead
                where = next((w for w, text in shared if names(therapy, text)), None)
                if where is not None:
                    found.append(Presumption(step.id, number, therapy, where))
    return found
