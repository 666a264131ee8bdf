"""`tutor algorithm`: a node, a patient, the list, and usage errors. Run as a real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tutor.core.algorithm.lookup import nodes_for
from tutor.core.cases.vocabulary import Feature, Phenotype, Stage
from tutor.core.library.library import load_library


def tutor(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "algorithm", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_no_arguments_lists_every_node_on_one_line() -> None:
    result = tutor()
    assert result.returncode == 0, result.stderr
    algorithm = load_library(None).algorithm
    assert algorithm is not None
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [n.id for n in algorithm.nodes]


def test_node_text_shows_ranks_citation_labels_and_disagreements() -> None:
    result = tutor("antibody-ild")
    assert result.returncode == 0, result.stderr
    assert "preferred  rituximab:" in result.stdout
    assert "avoid      tnf_alpha_inhibitor:" in result.stdout
    assert "[004 Dr.Oracle 2025]" in result.stdout
    assert "sources differ: TNF-alpha inhibitors" in result.stdout
    assert "not a clinical guideline" in result.stdout


def test_node_json_has_labels_and_sources_differ() -> None:
    result = tutor("antibody-ild", "--format", "json")
    assert result.returncode == 0, result.stderr
    [node] = json.loads(result.stdout)
    assert node["id"] == "antibody-ild"
    assert [a["therapy"] for a in node["preferred"]] == ["rituximab"]
    assert "004 Dr.Oracle 2025" in node["preferred"][0]["cite"]
    assert node["sources_differ"] and all(len(d["positions"]) >= 2 for d in node["sources_differ"])


def test_patient_selection_matches_the_core_rule() -> None:
    result = tutor("--phenotype", "PM", "--feature", "ild", "--format", "json")
    assert result.returncode == 0, result.stderr
    ids = [n["id"] for n in json.loads(result.stdout)]
    algorithm = load_library(None).algorithm
    assert algorithm is not None
    assert ids == [n.id for n in nodes_for(algorithm, Phenotype.PM, [Feature.ild])]
    assert "antibody-ild" in ids and "supportive-ild" in ids
    assert "antibody-dm-skin-dysphagia" not in ids and "supportive-skin" not in ids


def test_patient_text_with_stage_shows_only_that_stage() -> None:
    result = tutor("--phenotype", "PM", "--feature", "ild", "--stage", "antibody_choice")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("antibody-ild:")
    assert "(antibody choice)" in result.stdout and "(supportive care)" not in result.stdout
    algorithm = load_library(None).algorithm
    assert algorithm is not None
    assert all(
        n.stage is Stage.antibody_choice
        for n in nodes_for(algorithm, Phenotype.PM, [Feature.ild], Stage.antibody_choice)
    )


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["no-such-node"], "first-line"),
        (["--phenotype", "IBM"], "PM, DM"),
        (["--feature", "lungs"], "ild"),
        (["--stage", "later"], "first_line"),
    ],
)
def test_unknown_values_exit_2_with_the_choices(args: list[str], choices: str) -> None:
    result = tutor(*args)
    assert result.returncode == 2
    assert "choose from" in result.stderr and choices in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("features", "now"),
    [
        ((), "confirm-diagnosis"),
        (("diagnosis_confirmed",), "first-line"),
        (("diagnosis_confirmed", "refractory"), "antibody-dm-refractory"),
        (("diagnosis_confirmed", "refractory", "ild"), "antibody-ild"),
    ],
)
def test_a_patient_is_told_the_step_that_applies_now(features: tuple[str, ...], now: str) -> None:
    # The stage features say how far the story has gone: work-up, first line, then antibodies.
    flags = [arg for feature in features for arg in ("--feature", feature)]
    done = tutor("--phenotype", "DM", *flags)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith(f"the step that applies now: {now} (" + _title(now))


def _title(node_id: str) -> str:
    algorithm = load_library(None).algorithm
    assert algorithm is not None
    node = algorithm.node(node_id)
    assert node is not None
    return f"{node.title})."
