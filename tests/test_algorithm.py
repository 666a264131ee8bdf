"""The documented algorithm (cases/algorithm.yaml) evaluated for every branch of the sources."""

from __future__ import annotations

import pytest

from tutor.core.algorithm.algorithm import Algorithm, PatientContext, applies, recommend
from tutor.core.cases.vocabulary import Feature, Therapy
from tutor.core.library.library import load_algorithm


@pytest.fixture(scope="module")
def algorithm() -> Algorithm:
    loaded, problems = load_algorithm()
    assert problems == []
    return loaded


def treatment(algorithm: Algorithm, *args, **kwargs) -> str:
    node = recommend(algorithm, PatientContext.of(*args, **kwargs)).treatment
    assert node is not None
    return node.id


def preferred(algorithm: Algorithm, *args, **kwargs) -> set[Therapy]:
    node = recommend(algorithm, PatientContext.of(*args, **kwargs)).treatment
    return {a.therapy for a in node.preferred}


def test_unconfirmed_diagnosis_is_worked_up_before_anything(algorithm) -> None:
    for phenotype in ("PM", "DM"):
        assert treatment(algorithm, phenotype, ["refractory", "ild"]) == "confirm-diagnosis"
    node = algorithm.node("confirm-diagnosis")
    assert Therapy.muscle_biopsy in {a.therapy for a in node.preferred}
    assert node.ranking(Therapy.rituximab) == "avoid"


def test_first_line_is_prednisone_plus_a_steroid_sparing_agent(algorithm) -> None:
    assert treatment(algorithm, "PM", ["diagnosis_confirmed"]) == "first-line"
    assert preferred(algorithm, "DM", ["diagnosis_confirmed", "dysphagia"]) == {
        Therapy.prednisone,
        Therapy.methotrexate,
        Therapy.azathioprine,
        Therapy.mycophenolate,
    }


def test_dm_with_dysphagia_or_severe_skin_gets_ivig_first(algorithm) -> None:
    for feature in ("dysphagia", "severe_skin"):
        ctx = ("DM", ["diagnosis_confirmed", "refractory", feature])
        assert treatment(algorithm, *ctx) == "antibody-dm-skin-dysphagia"
        assert preferred(algorithm, *ctx) == {Therapy.ivig}


def test_dm_after_inadequate_ivig_switches_to_rituximab(algorithm) -> None:
    ctx = ("DM", ["diagnosis_confirmed", "refractory", "dysphagia"])
    assert treatment(algorithm, *ctx, failed=["ivig"]) == "antibody-dm-after-ivig"
    assert preferred(algorithm, *ctx, failed=["ivig"]) == {Therapy.rituximab}


def test_refractory_pm_gets_rituximab_first(algorithm) -> None:
    ctx = ("PM", ["diagnosis_confirmed", "refractory"])
    assert treatment(algorithm, *ctx) == "antibody-pm"
    assert preferred(algorithm, *ctx) == {Therapy.rituximab}
    assert algorithm.node("antibody-pm").ranking(Therapy.ivig) == "acceptable"


@pytest.mark.parametrize("how", ["failed", "contraindicated"])
def test_pm_gets_ivig_when_rituximab_fails_or_is_contraindicated(algorithm, how) -> None:
    ctx = ("PM", ["diagnosis_confirmed", "refractory"])
    assert treatment(algorithm, *ctx, **{how: ["rituximab"]}) == "antibody-pm-after-rituximab"
    assert preferred(algorithm, *ctx, **{how: ["rituximab"]}) == {Therapy.ivig}


@pytest.mark.parametrize("phenotype", ["PM", "DM"])
def test_myositis_ild_prefers_rituximab_and_avoids_tnf(algorithm, phenotype) -> None:
    # 004 does not rank its branches; in the written order ILD comes first, and the overlap
    # is recorded as a disagreement a case must note (see below).
    ctx = (phenotype, ["diagnosis_confirmed", "refractory", "ild", "dysphagia"])
    assert treatment(algorithm, *ctx) == "antibody-ild"
    node = algorithm.node("antibody-ild")
    assert preferred(algorithm, *ctx) == {Therapy.rituximab}
    assert node.ranking(Therapy.ivig) == "acceptable"
    assert node.ranking(Therapy.tnf_alpha_inhibitor) == "avoid"


def test_tnf_disagreement_records_both_positions_with_citations(algorithm) -> None:
    dispute = algorithm.node("antibody-ild").disputed(Therapy.tnf_alpha_inhibitor)
    assert dispute is not None
    cited = [tuple(p.cite) for p in dispute.positions]
    assert ("oracle-antibody-2025",) in cited and ("dm-options-article",) in cited


@pytest.mark.parametrize(
    ("topic", "sources"),
    [
        ("prednisone", {"oracle-dm-2025", "oracle-antibody-2025", "dm-options-article"}),
        ("methotrexate", {"oracle-dm-2025", "dm-options-article", "oracle-antibody-2025"}),
        ("azathioprine", {"oracle-dm-2025", "oracle-antibody-2025", "dm-options-article"}),
    ],
)
def test_first_line_dose_disagreements_are_recorded(algorithm, topic, sources) -> None:
    (dispute,) = [d for d in algorithm.node("first-line").disagreements if topic in d.topic]
    assert {ref for p in dispute.positions for ref in p.cite} == sources
    # A dose disagreement does not make choosing the drug disputed.
    assert dispute.therapy is None


def test_ivig_dose_disagreement_is_recorded_and_the_schedules_agree(algorithm) -> None:
    node = algorithm.node("antibody-dm-skin-dysphagia")
    (dispute,) = [d for d in node.disagreements if d.topic == "IVIG dose per course"]
    assert len(dispute.positions) == 2
    assert "2-3 days once a month fits all three" in " ".join(dispute.resolution.split())


def test_refractory_dm_without_skin_swallowing_or_lung_features_gets_rituximab(algorithm) -> None:
    ctx = ("DM", ["diagnosis_confirmed", "refractory"])
    assert treatment(algorithm, *ctx) == "antibody-dm-refractory"
    assert preferred(algorithm, *ctx) == {Therapy.rituximab}
    assert algorithm.node("antibody-dm-refractory").ranking(Therapy.ivig) == "acceptable"


def test_dm_with_dysphagia_and_ild_fits_two_branches_and_says_so(algorithm) -> None:
    features = ["diagnosis_confirmed", "refractory", "ild", "dysphagia"]
    fitting = [
        n.id
        for n in algorithm.nodes
        if n.stage.value == "antibody_choice" and applies(n.when, PatientContext.of("DM", features))
    ]
    assert fitting == ["antibody-ild", "antibody-dm-skin-dysphagia"]
    for node_id in fitting:
        assert any(d.case_must_note for d in algorithm.node(node_id).disagreements)


def test_first_line_does_not_warn_against_antibodies(algorithm) -> None:
    node = algorithm.node("first-line")
    assert node.ranking(Therapy.rituximab) is None and node.ranking(Therapy.ivig) is None


def test_every_feature_is_used_by_some_node(algorithm) -> None:
    used = {
        f
        for n in algorithm.nodes
        for f in (*n.when.requires, *n.when.requires_any, *n.when.excludes)
    }
    assert set(Feature) <= used


def test_non_responders_after_both_antibodies_get_other_agents(algorithm) -> None:
    ctx = ("PM", ["diagnosis_confirmed", "refractory"])
    assert treatment(algorithm, *ctx, failed=["rituximab", "ivig"]) == "non-responder"
    assert {
        Therapy.iv_methylprednisolone,
        Therapy.cyclosporine,
        Therapy.tacrolimus,
        Therapy.mycophenolate,
        Therapy.repeat_muscle_biopsy,
    } <= preferred(algorithm, *ctx, failed=["rituximab", "ivig"])


def test_supportive_care_follows_the_patient(algorithm) -> None:
    def supportive(*args, **kwargs) -> set[str]:
        return {n.id for n in recommend(algorithm, PatientContext.of(*args, **kwargs)).supportive}

    assert supportive("PM") == {"supportive-care", "cardiac-involvement", "monitoring"}
    assert supportive("DM", ["dysphagia"]) == {
        "supportive-care",
        "cardiac-involvement",
        "supportive-skin",
        "supportive-dysphagia",
        "monitoring",
    }
    assert "supportive-ild" in supportive("PM", ["ild"])
    assert "malignancy" in supportive("DM", ["malignancy"])
    assert "malignancy" not in supportive("DM")
    assert algorithm.node("supportive-dysphagia").ranking(Therapy.speech_therapy) == "preferred"


def test_every_citation_of_the_algorithm_resolves() -> None:
    from tutor.core.library.library import load_references

    algorithm, _ = load_algorithm()
    known = load_references().by_id
    for node in algorithm.nodes:
        assert set(node.citations()) <= set(known), node.id
