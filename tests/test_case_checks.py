"""Checks across files: citations, branch targets, reachability, loops, duplicate ids, algorithm."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CASE, line_of

from tutor.cli import main
from tutor.core.cases.diagnostics import Severity
from tutor.core.library.library import load_library


def messages(*paths: Path) -> list[str]:
    return [str(d) for d in load_library(list(paths)).diagnostics]


def test_minimal_case_passes_every_check(write_case) -> None:
    library = load_library([write_case()])
    assert library.diagnostics == []
    assert [c.model.id for c in library.cases] == ["mini-pm"]


def test_unknown_citation_is_an_error_at_its_line(write_case) -> None:
    text = MINIMAL_CASE.replace("cite: [oracle-antibody-2025]", "cite: [no-such-ref]", 1)
    line = line_of(text, "no-such-ref")
    (message,) = messages(write_case(text))
    assert f":{line}:16: steps[0].options[0].cite[0]: cites 'no-such-ref'" in message


def test_branch_target_must_exist(write_case) -> None:
    text = MINIMAL_CASE.replace("next: detour", "next: detur")
    found = messages(write_case(text))
    assert any(
        f":{line_of(text, 'next: detur')}:15: steps[0].options[1].next: goes to step 'detur'" in m
        for m in found
    )
    # The detour step is then unreachable, and says so.
    assert any("step 'detour' can never be reached" in m for m in found)


def test_loops_are_rejected(write_case) -> None:
    text = MINIMAL_CASE.replace(
        "      - text: Go on to first line\n",
        "      - text: Go on to first line\n        next: workup\n",
    )
    found = messages(write_case(text))
    assert any("leads back to step 'workup', so the case could never end" in m for m in found)


def test_duplicate_case_ids_across_files(write_case) -> None:
    first = write_case(name="a.yaml")
    second = write_case(name="b.yaml")
    library = load_library([first.parent])
    assert len(library.cases) == 1
    (message,) = [str(d) for d in library.diagnostics]
    assert "b.yaml:2:5: id: case id 'mini-pm' is already used by" in message
    assert second.exists()


def test_one_broken_file_never_hides_the_others(write_case) -> None:
    write_case(name="good.yaml")
    write_case("id: [\n", name="broken.yaml")
    library = load_library([write_case(name="good.yaml").parent])
    assert [c.model.id for c in library.cases] == ["mini-pm"]
    assert [f.path.name for f in library.failed] == ["broken.yaml"]
    assert not library.ok


def test_tnf_inhibitor_keyed_preferred_in_ild_is_an_error(write_case) -> None:
    text = (
        MINIMAL_CASE.replace("  phenotype: PM\n", "  phenotype: DM\n  features: [ild]\n")
        .replace("    node: confirm-diagnosis\n", "    node: antibody-ild\n")
        .replace(
            "      - text: Muscle biopsy\n        therapies: [muscle_biopsy]",
            "      - text: Infliximab\n        therapies: [tnf_alpha_inhibitor]",
        )
        .replace(
            "      - text: Start rituximab now\n        therapies: [rituximab]\n        verdict: harmful",
            "      - text: Start rituximab now\n        therapies: [rituximab]\n        verdict: acceptable",
        )
    )
    found = messages(write_case(text))
    line = line_of(text, "therapies: [tnf_alpha_inhibitor]") + 1
    assert any(
        f":{line}:18: steps[0].options[0].verdict: keyed preferred, but 'antibody-ild' says to "
        "avoid TNF-alpha inhibitor" in m
        for m in found
    ), found


def test_ivig_keyed_preferred_over_rituximab_in_refractory_pm_is_an_error(write_case) -> None:
    text = MINIMAL_CASE.replace("    node: confirm-diagnosis\n", "    node: antibody-pm\n").replace(
        "      - text: Muscle biopsy\n        therapies: [muscle_biopsy]",
        "      - text: IVIG\n        therapies: [ivig]",
    )
    found = messages(write_case(text))
    assert any(
        "steps[0].options[0].verdict: keyed preferred, but for this patient 'antibody-pm' ranks "
        "it only acceptable; it prefers rituximab" in m
        for m in found
    ), found


def test_harmful_key_on_a_supported_therapy_is_an_error(write_case) -> None:
    text = MINIMAL_CASE.replace(
        "      - text: Methotrexate\n        therapies: [methotrexate]\n        verdict: preferred",
        "      - text: Methotrexate\n        therapies: [methotrexate]\n        verdict: harmful",
    )
    found = messages(write_case(text))
    assert any("keyed harmful, but 'first-line' supports methotrexate" in m for m in found), found


def test_node_that_does_not_fit_the_patient_is_an_error(write_case) -> None:
    text = MINIMAL_CASE.replace(
        "    node: confirm-diagnosis\n", "    node: antibody-dm-skin-dysphagia\n"
    )
    found = messages(write_case(text))
    assert any("does not apply to this case's patient (PM)" in m for m in found), found


def test_unknown_node_is_an_error(write_case) -> None:
    text = MINIMAL_CASE.replace("node: confirm-diagnosis", "node: confirm-diagnoses")
    found = messages(write_case(text))
    assert any("names algorithm node 'confirm-diagnoses', which algorithm.yaml" in m for m in found)


def test_step_without_node_where_one_applies_is_a_warning(write_case) -> None:
    text = MINIMAL_CASE.replace("    node: confirm-diagnosis\n", "")
    library = load_library([write_case(text)])
    (warning,) = library.diagnostics
    assert warning.severity is Severity.warning
    assert "names no algorithm node, but its options are covered by confirm-diagnosis" in str(
        warning
    )
    assert library.ok and len(library.cases) == 1


def test_next_indented_into_the_last_option_is_a_warning_at_its_line(write_case, capsys) -> None:
    # Issue 20 item 6: `next:` written under the last option instead of the step, so the
    # answers without a `next` of their own now walk through the detour.
    slip = MINIMAL_CASE.replace(
        "        cite: [oracle-dm-2025]\n    next: first-line\n",
        "        cite: [oracle-dm-2025]\n        next: first-line\n",
    )
    assert slip != MINIMAL_CASE
    line = line_of(slip, "        next: first-line")
    path = write_case(slip)
    (diagnostic,) = load_library([path]).diagnostics
    assert diagnostic.severity is Severity.warning
    shown = str(diagnostic)
    assert f":{line}:9: warning: steps[0].options[2].next:" in shown
    assert "only that option goes to 'first-line'" in shown
    assert "go on to 'detour'" in shown
    assert "line 'next:' up with 'prompt:' at column 5" in shown
    assert main(["validate", str(path)]) == 0  # a warning does not fail validation
    assert "only that option goes to 'first-line'" in "".join(capsys.readouterr())
    # Written at the step, as meant: no warning.
    assert load_library([write_case()]).diagnostics == []
