"""The parts of a starter case that depend on the patient: the decision on refractory disease
(testing the algorithm node that applies) and one supportive-care step per feature.

Every verdict agrees with cases/algorithm.yaml, every answer cites cases/references.yaml, and no
dose or drug appears that the source documents do not give.
"""

from __future__ import annotations

from tutor.core.authoring.scaffold_patient import Patient, antibody_branch
from tutor.core.authoring.yaml_text import Choice, ChoiceStep
from tutor.core.cases.vocabulary import Feature, Phenotype


def _branch_overlap(patient: Patient) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """DM with lung disease and dysphagia or skin disease fits two of 004's branches."""
    if patient.phenotype is Phenotype.DM and (
        patient.has(Feature.dysphagia) or patient.has(Feature.severe_skin)
    ):
        return (
            (
                "Source 004 does not rank its branches: with lung disease it prefers rituximab "
                "over IVIG, and in DM with dysphagia or prominent skin disease it gives IVIG "
                "first. This patient fits both, so each is supported.",
                ("oracle-antibody-2025",),
            ),
        )
    return ()


def refractory_step(patient: Patient) -> ChoiceStep:
    node = antibody_branch(patient)
    no_change = Choice(
        "Continue the same treatment unchanged",
        "suboptimal",
        "The disease has not responded to first-line treatment; the sources escalate rather "
        "than wait.",
        ("ytterberg-2006", "oracle-antibody-2025"),
        therapies=("no_change",),
    )
    rituximab_text = "Rituximab 1000 mg IV on days 0 and 14"
    ivig_text = "IVIG 1-2 g/kg, divided over 2-5 days"
    tnf = Choice(
        "A TNF-alpha inhibitor",
        "harmful",
        "The algorithm says to avoid TNF-alpha antagonists here: they risk making the disease "
        "worse.",
        ("oracle-antibody-2025",),
        therapies=("tnf_alpha_inhibitor",),
    )
    heading = "5. Refractory disease: the algorithm node that applies to this patient."
    if node == "antibody-ild":
        return ChoiceStep(
            "refractory",
            "single",
            node,
            "Her myositis with interstitial lung disease is refractory to first-line "
            "treatment. Which antibody therapy comes first?",
            (
                Choice(
                    rituximab_text,
                    "preferred",
                    "With interstitial lung disease, rituximab is preferred over IVIG; in a "
                    "real-life series, lung function improved on it.",
                    ("oracle-antibody-2025", "isn-rituximab-2014"),
                    therapies=("rituximab",),
                ),
                Choice(
                    ivig_text,
                    "acceptable",
                    "An alternative antibody therapy, but second to rituximab when the lungs "
                    "are involved.",
                    ("oracle-antibody-2025",),
                    therapies=("ivig",),
                ),
                Choice(
                    "A TNF-alpha inhibitor",
                    "harmful",
                    "Source 004 says to avoid TNF-alpha antagonists in myositis with lung "
                    "disease: they risk making it worse. Source 003's 'may be considered in "
                    "select cases' speaks of dermatomyositis in general, not of lung disease, "
                    "so the specific warning decides here.",
                    ("oracle-antibody-2025", "dm-options-article"),
                    therapies=("tnf_alpha_inhibitor",),
                ),
                no_change,
            ),
            heading,
            differ=_branch_overlap(patient),
        )
    if node == "antibody-pm":
        ivig_feedback = (
            "IVIG is second in the polymyositis branch: for when rituximab fails or cannot be "
            "given."
        )
        if patient.has(Feature.dysphagia):
            ivig_feedback += (
                " The same source also favours IVIG when swallowing is affected, so it is a "
                "reasonable choice to discuss."
            )
        return ChoiceStep(
            "refractory",
            "single",
            node,
            "Her polymyositis is refractory to first-line treatment. Which antibody therapy "
            "comes first?",
            (
                Choice(
                    rituximab_text,
                    "preferred",
                    "For refractory polymyositis the algorithm starts antibody therapy with "
                    "rituximab; in a real-life series, CK fell and steroids could be reduced.",
                    ("oracle-antibody-2025", "isn-rituximab-2014"),
                    therapies=("rituximab",),
                ),
                Choice(
                    ivig_text, "acceptable", ivig_feedback, ("oracle-antibody-2025",), ("ivig",)
                ),
                tnf,
                no_change,
            ),
            heading,
        )
    if node == "antibody-dm-skin-dysphagia":
        why = []
        cite = ["oracle-antibody-2025"]
        if patient.has(Feature.severe_skin):
            why.append("it works well on the skin")
            cite.append("isn-ivig-skin-2014")
        if patient.has(Feature.dysphagia):
            why.append("it is preferred when swallowing is affected")
        return ChoiceStep(
            "refractory",
            "single",
            node,
            "Her dermatomyositis is refractory to first-line treatment. Which antibody therapy "
            "comes first?",
            (
                Choice(
                    ivig_text,
                    "preferred",
                    "In severe dermatomyositis with prominent skin disease or dysphagia, IVIG is "
                    "the first antibody therapy: " + " and ".join(why) + ".",
                    tuple(cite),
                    therapies=("ivig",),
                ),
                Choice(
                    rituximab_text,
                    "acceptable",
                    "Effective in refractory dermatomyositis, but in this branch of the "
                    "algorithm it follows 2-3 cycles of IVIG that did not work.",
                    ("oracle-antibody-2025", "isn-rituximab-2014"),
                    therapies=("rituximab",),
                ),
                no_change,
            ),
            heading,
        )
    return ChoiceStep(
        "refractory",
        "multiple",
        node,
        "Her dermatomyositis is refractory to first-line treatment. Which of these do the "
        "sources name for patients who do not respond to standard therapy? Select all that apply.",
        (
            Choice(
                "Mycophenolate mofetil",
                "preferred",
                "Named for refractory disease and for patients unresponsive to standard therapy.",
                ("oracle-dm-2025", "ytterberg-2006"),
                therapies=("mycophenolate",),
            ),
            Choice(
                "Tacrolimus",
                "preferred",
                "A systematic review supports it in refractory dermatomyositis and polymyositis.",
                ("isn-tacrolimus-2015", "ytterberg-2006"),
                therapies=("tacrolimus",),
            ),
            Choice(
                ivig_text,
                "acceptable",
                "Named for refractory dermatomyositis; the algorithm puts it first when skin "
                "disease is prominent or swallowing is affected.",
                ("oracle-dm-2025", "ytterberg-2006"),
                therapies=("ivig",),
            ),
            no_change,
        ),
        heading,
    )


def supportive_step() -> ChoiceStep:
    return ChoiceStep(
        "supportive-care",
        "multiple",
        "supportive-care",
        "Alongside the drugs, which of these belong in her care? Select all that apply.",
        (
            Choice(
                "Physical therapy",
                "preferred",
                "Keeps strength and range of motion and prevents contractures; supervised "
                "low-intensity resistance training was safe in PM and DM.",
                ("oracle-dm-2025", "dm-options-article", "isn-training-2014"),
                therapies=("physical_therapy",),
            ),
            Choice(
                "Screening for an underlying cancer",
                "preferred",
                "Myositis, dermatomyositis especially, can be associated with malignancy.",
                ("oracle-dm-2025", "isn-malignancy-2008"),
                therapies=("malignancy_screening",),
            ),
            Choice(
                "A cardiac evaluation",
                "preferred",
                "Myocarditis is a risk in every patient with myositis.",
                ("oracle-antibody-2025",),
                therapies=("cardiac_evaluation",),
            ),
            Choice(
                "Strict bed rest until the CK is normal",
                "suboptimal",
                "No source advises rest: they recommend physical therapy to keep strength and "
                "function, and supervised training was safe.",
                ("oracle-dm-2025", "isn-training-2014"),
            ),
        ),
        "6. Select all that apply, without a branch: a `multiple` step cannot branch per option.",
    )


def feature_steps(patient: Patient) -> list[ChoiceStep]:
    steps = []
    if patient.phenotype is Phenotype.DM:
        steps.append(
            ChoiceStep(
                "skin-care",
                "single",
                "supportive-skin",
                "What protects her skin from day to day?",
                (
                    Choice(
                        "A broad-spectrum sunscreen, SPF 50 or higher",
                        "preferred",
                        "Sun protection is part of the care of every patient with "
                        "dermatomyositis skin disease; hydroxychloroquine may be added for the "
                        "skin.",
                        ("oracle-dm-2025", "oracle-antibody-2025"),
                        therapies=("sun_protection",),
                    ),
                    Choice(
                        "Nothing specific: the skin will follow the muscles",
                        "suboptimal",
                        "The skin needs care of its own: sun protection for everyone, and "
                        "hydroxychloroquine may be added for the rash.",
                        ("oracle-dm-2025", "oracle-antibody-2025"),
                    ),
                ),
                "Skin care in dermatomyositis.",
            )
        )
    if patient.has(Feature.dysphagia):
        steps.append(
            ChoiceStep(
                "swallowing",
                "single",
                "supportive-dysphagia",
                "She still coughs when she drinks. Who should see her?",
                (
                    Choice(
                        "A speech and swallowing therapist",
                        "preferred",
                        "Speech therapy, when the swallowing muscles are affected, helps prevent "
                        "aspiration pneumonia and malnutrition.",
                        ("dm-options-article",),
                        therapies=("speech_therapy",),
                    ),
                    Choice(
                        "No one yet: swallowing will recover with the drugs",
                        "suboptimal",
                        "Waiting risks aspiration pneumonia and malnutrition; the sources "
                        "advise speech therapy when swallowing is affected.",
                        ("dm-options-article",),
                    ),
                ),
                "Dysphagia.",
            )
        )
    if patient.has(Feature.ild):
        steps.append(
            ChoiceStep(
                "lung-follow-up",
                "single",
                "supportive-ild",
                "How should her lung disease be followed?",
                (
                    Choice(
                        "With pulmonary function tests",
                        "preferred",
                        "Pulmonary function tests monitor interstitial lung disease.",
                        ("dm-options-article",),
                        therapies=("pulmonary_function_tests",),
                    ),
                    Choice(
                        "Only if her breathing gets worse",
                        "suboptimal",
                        "Lung disease is a serious complication; the sources follow it with "
                        "pulmonary function tests rather than wait for symptoms.",
                        ("dm-options-article",),
                    ),
                ),
                "Interstitial lung disease.",
            )
        )
    if patient.has(Feature.malignancy):
        steps.append(
            ChoiceStep(
                "cancer-follow-up",
                "single",
                "malignancy",
                "Her cancer is being treated. What follow-up does she need for cancer?",
                (
                    Choice(
                        "Regular cancer screening, with a yearly skin-cancer check while she is "
                        "immunosuppressed",
                        "preferred",
                        "The sources advise regular cancer screening, and a yearly skin-cancer "
                        "check because immunosuppressive treatment raises the risk of malignancy.",
                        ("oracle-dm-2025", "dm-options-article"),
                        therapies=("malignancy_screening",),
                    ),
                    Choice(
                        "None: the cancer has already been found",
                        "suboptimal",
                        "Screening does not end with one cancer: the sources advise regular "
                        "screening and yearly skin-cancer checks under immunosuppression.",
                        ("oracle-dm-2025", "dm-options-article"),
                    ),
                ),
                "An associated cancer.",
            )
        )
    if patient.has(Feature.checkpoint_inhibitor):
        steps.append(
            ChoiceStep(
                "checkpoint-inhibitor",
                "single",
                "checkpoint-inhibitor-myositis",
                "Her myositis began on an immune checkpoint inhibitor. What treats it first?",
                (
                    Choice(
                        "High-dose corticosteroids",
                        "preferred",
                        "Source 004 makes high-dose corticosteroids the first line for myositis "
                        "related to a checkpoint inhibitor, with IVIG or plasma exchange added "
                        "when it is severe.",
                        ("oracle-antibody-2025",),
                        therapies=("prednisone",),
                    ),
                    Choice(
                        "Plasma exchange alone, before any steroid",
                        "suboptimal",
                        "Source 004 keeps plasma exchange, like IVIG, for severe cases; "
                        "high-dose corticosteroids come first.",
                        ("oracle-antibody-2025",),
                        therapies=("plasma_exchange",),
                    ),
                ),
                "Checkpoint-inhibitor myositis (source 004).",
            )
        )
    return steps
