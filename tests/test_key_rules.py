"""The disagreement rule and the harm rule: each contradiction the clinical audit found is
rejected by `tutor validate` when it is put back into a bundled case or into the algorithm."""

from __future__ import annotations

import pytest

from tutor.core.algorithm.scoring import score_step
from tutor.core.algorithm.scoring_types import Response
from tutor.core.library.library import load_algorithm, load_library
from tutor.paths import bundled_cases_dir

CASES = bundled_cases_dir()


def bundled(name: str) -> str:
    return (CASES / f"{name}.yaml").read_text(encoding="utf-8")


def errors_of(write_case, text: str) -> list[str]:
    return [str(d) for d in load_library([write_case(text)]).diagnostics]


def replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_the_bundled_cases_pass_the_rule(write_case) -> None:
    for name in (
        "refractory-polymyositis",
        "dermatomyositis-dysphagia",
        "myositis-ild",
        "dermatomyositis-malignancy",
        "dermatomyositis-skin",
        "polymyositis-after-rituximab",
        "polymyositis-ild",
        "checkpoint-inhibitor-myositis",
    ):
        assert errors_of(write_case, bundled(name)) == [], name


# --------------------------------------------------------------------------- the cases


INFLIXIMAB_ILD = """      - text: Infliximab (a TNF-alpha inhibitor)
        verdict: harmful
        therapies: [tnf_alpha_inhibitor]"""


def test_infliximab_in_lung_disease_must_cite_the_general_source_it_overrides(write_case) -> None:
    text = bundled("myositis-ild")
    start = text.index(INFLIXIMAB_ILD)
    old = "cite: [oracle-antibody-2025, dm-options-article]"
    end = text.index(old, start)
    text = text[:end] + "cite: [oracle-antibody-2025]" + text[end + len(old) :]
    found = errors_of(write_case, text)
    assert any(
        "steps[4].options[3].verdict: the general position of dm-options-article on "
        "TNF-alpha inhibitor is overridden here by oracle-antibody-2025; the feedback must "
        "cite it" in m
        for m in found
    ), found


def test_infliximab_in_lung_disease_cannot_be_keyed_acceptable(write_case) -> None:
    text = replaced(
        bundled("myositis-ild"),
        INFLIXIMAB_ILD,
        INFLIXIMAB_ILD.replace("verdict: harmful", "verdict: acceptable"),
    )
    found = errors_of(write_case, text)
    assert any(
        "keyed acceptable, but for this patient oracle-antibody-2025 (the more specific source) "
        "says to avoid TNF-alpha inhibitor" in m
        for m in found
    ), found


def test_a_therapy_supported_for_this_patient_cannot_be_keyed_harmful(write_case) -> None:
    # DM without lung disease: 004's warnings (PM, ILD) do not fit; 003 supports TNF inhibitors.
    text = replaced(
        bundled("dermatomyositis-dysphagia"),
        """      - text: Plasma exchange
        verdict: suboptimal
        therapies: [plasma_exchange]""",
        """      - text: Infliximab
        verdict: harmful
        therapies: [tnf_alpha_inhibitor]""",
    )
    found = errors_of(write_case, text)
    assert any(
        "keyed harmful, but dm-options-article supports TNF-alpha inhibitor for this patient" in m
        for m in found
    ), found


def test_a_harmful_verdict_needs_a_recorded_risk(write_case) -> None:
    # Before the audit: sunbathing with no therapy, keyed harmful, would have no source of risk.
    text = replaced(
        bundled("dermatomyositis-dysphagia"),
        "        verdict: harmful\n        therapies: [sun_exposure]",
        "        verdict: harmful\n        therapies: []",
    )
    found = errors_of(write_case, text)
    assert any("records no risk for what this option stands for" in m for m in found), found


def test_a_harmful_verdict_must_cite_the_source_that_shows_the_risk(write_case) -> None:
    text = bundled("dermatomyositis-dysphagia")
    start = text.index("      - text: Regular sunbathing")
    end = text.index("cite: [oracle-dm-2025]", start)
    text = text[:end] + "cite: [dm-options-article]" + text[end + len("cite: [oracle-dm-2025]") :]
    found = errors_of(write_case, text)
    assert any(
        "keyed harmful, but its feedback cites no source that shows the risk "
        "(for deliberate sun exposure: oracle-dm-2025)" in m
        for m in found
    ), found


def test_cyclosporine_is_not_keyed_acceptable_as_first_line(write_case) -> None:
    text = replaced(
        bundled("myositis-ild"),
        """      - text: High-dose prednisone plus cyclosporine A
        verdict: suboptimal""",
        """      - text: High-dose prednisone plus cyclosporine A
        verdict: acceptable""",
    )
    found = errors_of(write_case, text)
    assert any(
        "keyed acceptable, but 'first-line' does not list cyclosporine A" in m for m in found
    ), found


def test_a_patient_who_fits_two_branches_needs_a_note(write_case) -> None:
    text = replaced(
        bundled("myositis-ild"), "  features: [ild]\n", "  features: [ild, dysphagia]\n"
    )
    found = errors_of(write_case, text)
    assert any(
        "steps[6].node: this patient fits 2 positions of 'Which branch of 004's algorithm" in m
        for m in found
    ), found


def test_a_tolerance_wider_than_rounding_is_rejected(write_case) -> None:
    text = replaced(bundled("refractory-polymyositis"), "tolerance: 0.01", "tolerance: 0.1")
    found = errors_of(write_case, text)
    assert any(
        "steps[4].numeric.tolerance: tolerance 0.1 would credit doses no source names" in m
        for m in found
    ), found


# --------------------------------------------------------------------------- the algorithm


def test_the_bundled_algorithm_has_no_problems() -> None:
    assert load_algorithm()[1] == []


def test_a_node_that_avoids_a_disputed_therapy_must_record_the_disagreement(tmp_path) -> None:
    text = (CASES / "algorithm.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: supportive-ild")
    block_start = text.index("    disagreements:", start)
    block_end = text.index("  - id: monitoring", start)
    (tmp_path / "algorithm.yaml").write_text(
        text[:block_start] + "\n" + text[block_end:], encoding="utf-8"
    )
    problems = [str(p) for p in load_algorithm(tmp_path)[1]]
    assert any(
        "'supportive-ild' says to avoid TNF-alpha inhibitor, but" in p
        and "records a source that supports it" in p
        for p in problems
    ), problems


def test_an_override_without_a_resolution_is_rejected(tmp_path) -> None:
    text = (CASES / "algorithm.yaml").read_text(encoding="utf-8")
    # Drop the first TNF disagreement's resolution (in antibody-ild).
    tnf = text.index("      - topic: TNF-alpha inhibitors\n")
    start = text.index("        resolution: >-\n", tnf)
    end = text.index("        positions:\n", start)
    (tmp_path / "algorithm.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    problems = [str(p) for p in load_algorithm(tmp_path)[1]]
    assert any(
        "positions of 'TNF-alpha inhibitors' can both fit one patient and the more specific one "
        "overrides the other; add a 'resolution'" in p
        for p in problems
    ), problems


@pytest.mark.parametrize("node", ["antibody-ild", "supportive-ild"])
def test_the_tnf_disagreement_says_whom_each_position_applies_to(node) -> None:
    algorithm, _ = load_algorithm()
    dispute = algorithm.node(node).disputed(
        next(iter(t for t in algorithm.node(node).therapies() if t.value == "tnf_alpha_inhibitor"))
    )
    assert dispute is not None and dispute.resolution
    scopes = {
        (tuple(p.applies_to.phenotype), tuple(p.applies_to.requires)) for p in dispute.positions
    }
    assert scopes == {(("PM",), ()), ((), ("ild",)), (("DM",), ())}


# --------------------------------------------------------------------------- scoring of the keys


def test_the_monthly_two_to_three_day_ivig_course_earns_full_credit() -> None:
    library = load_library()
    step = library.find("dermatomyositis-dysphagia").model.step("ivig-schedule")
    index = next(i for i, o in enumerate(step.options) if o.text == "Over 2-3 days, once a month")
    result = score_step(step, Response(step.id, (index,)), library.algorithm)
    assert result.points == result.max_points


def test_infliximab_in_lung_disease_explains_why_003_does_not_apply() -> None:
    library = load_library()
    step = library.find("myositis-ild").model.step("first-antibody")
    index = next(i for i, o in enumerate(step.options) if "Infliximab" in o.text)
    result = score_step(step, Response(step.id, (index,)), library.algorithm)
    (chosen,) = [f for f in result.feedback if f.chosen]
    assert "dm-options-article" in chosen.cite
    assert "speaks of DM in general" in " ".join(chosen.text.split())
    assert result.harmful


@pytest.mark.parametrize(
    ("value", "points"),
    [(0.4, 0.0), (1.14, 1.0), (0.5, 1.0), (1.5, 0.5), (0.495, 1.0), (0.48, 0.0)],
)
def test_prednisone_doses_are_credited_only_where_a_source_names_them(value, points) -> None:
    library = load_library()
    step = library.find("refractory-polymyositis").model.step("prednisone-dose")
    assert score_step(step, Response(step.id, value=value), library.algorithm).points == points
