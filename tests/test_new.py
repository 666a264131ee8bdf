"""`tutor new`: a starter case that passes validate and playtest as written, for every patient."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tutor.cli import main
from tutor.commands.new import schema_reference
from tutor.core.authoring.playtest import playtest
from tutor.core.authoring.scaffold import ScaffoldError, render
from tutor.core.cases.model import MultipleStep, NumericStep, SingleStep
from tutor.core.library.library import load_library
from tutor.paths import bundled_cases_dir
from tutor.schema import json_schema

PATIENTS = [
    ("PM", [], "antibody-pm"),
    ("DM", [], "non-responder"),
    ("PM", ["ild"], "antibody-ild"),
    ("PM", ["dysphagia"], "antibody-pm"),
    ("DM", ["severe_skin"], "antibody-dm-skin-dysphagia"),
    ("DM", ["dysphagia"], "antibody-dm-skin-dysphagia"),
    ("DM", ["ild", "dysphagia", "severe_skin"], "antibody-ild"),
    ("DM", ["malignancy"], "non-responder"),
    ("PM", ["malignancy"], "antibody-pm"),
    ("DM", ["ild", "dysphagia", "severe_skin", "malignancy"], "antibody-ild"),
]


def _new(tmp_path: Path, *args: str) -> Path:
    assert main(["new", *args, "--dir", str(tmp_path)]) == 0
    return tmp_path / f"{args[0]}.yaml"


@pytest.mark.parametrize(("phenotype", "features", "node"), PATIENTS)
def test_scaffold_passes_validate_and_playtest_cleanly(
    tmp_path: Path, capsys, phenotype: str, features: list[str], node: str
) -> None:
    feature_args = [arg for feature in features for arg in ("--feature", feature)]
    path = _new(tmp_path, "my-case", "--phenotype", phenotype, *feature_args)
    assert "Wrote" in capsys.readouterr().out

    library = load_library([path])
    assert library.diagnostics == []  # zero errors and zero warnings
    case = library.cases[0].model
    assert case.patient.phenotype == phenotype
    assert [f.value for f in case.patient.features] == sorted(
        features, key=["ild", "dysphagia", "severe_skin", "malignancy"].index
    )
    assert case.step("refractory").node == node

    report = playtest([path])
    assert report.ok
    analysis = report.cases[0].analysis
    assert analysis.warnings == [] and analysis.errors == []
    assert len(analysis.paths) == 2  # the branch through the detour, and the direct path


def test_scaffold_shows_every_feature_of_the_format(tmp_path: Path) -> None:
    path = _new(tmp_path, "tour", "--phenotype", "DM", "--feature", "dysphagia")
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    case = load_library([path]).cases[0].model
    kinds = {type(step) for step in case.steps}
    assert kinds == {SingleStep, MultipleStep, NumericStep}
    choice_steps = [s for s in case.steps if not isinstance(s, NumericStep)]
    assert any(o.next for s in choice_steps for o in s.options)  # a branch via an option
    assert any(s.reveal and s.reveal.investigations for s in case.steps)
    assert any(s.sources_differ for s in case.steps)
    assert all(s.node for s in case.steps)
    assert any(o.therapies for s in choice_steps for o in s.options)
    assert any(i.abnormal is True for i in case.vignette.investigations) or any(
        i.abnormal for s in case.steps if s.reveal for i in s.reveal.investigations
    )
    verdicts = {o.verdict.value for s in choice_steps for o in s.options}
    assert verdicts == {"preferred", "acceptable", "suboptimal", "harmful"}
    # Commented for the educator who edits it.
    assert text.count("\n#") + text.count("  # ") > 20
    assert "docs/authoring.md" in text


# Every dose and schedule in the scaffold, with the source that gives it (shared/sources).
# A new number in the template must be added here deliberately, after checking the source.
ALLOWED_DOSES = {
    "1000 mg IV on days 0 and 14",  # rituximab: 004
    "1-2 g/kg",  # IVIG: 004
    "2-5 days",  # IVIG: 001, 004
    "0.5-1 mg/kg/day",  # prednisone: 001, 004
    "1 mg/kg/day",  # prednisone: 001 (research section)
    "60-80 mg",  # prednisone, absolute: 004 ("typically 60-80 mg daily")
    "1-2 mg/kg/day",  # prednisone: 003
    "0.5-2 mg/kg/day",  # the span of the three positions above
    "SPF 50",  # sun protection: 001
}


@pytest.mark.parametrize(("phenotype", "features", "node"), PATIENTS)
def test_scaffold_gives_no_dose_the_sources_do_not(
    phenotype: str, features: list[str], node: str
) -> None:
    text = render("x", phenotype, features)
    prose = " ".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    prose = " ".join(prose.split())
    doses = re.findall(r"\b\d[\d.\-]*\s*(?:mg|g/kg)\S*(?: IV on days 0 and 14)?|SPF \d+", prose)
    assert doses
    for dose in doses:
        assert any(dose.rstrip(".,;)") in allowed for allowed in ALLOWED_DOSES), dose


def test_the_schema_travels_with_a_new_case(tmp_path: Path) -> None:
    path = _new(tmp_path, "here")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=case.schema.json"
    written = json.loads((tmp_path / "case.schema.json").read_text(encoding="utf-8"))
    assert written == json_schema("case")
    moved = tmp_path.parent / f"{tmp_path.name}-shared"
    tmp_path.rename(moved)  # shared or moved: the reference still resolves beside the file
    assert _resolve("case.schema.json", moved / "here.yaml").is_file()


def _resolve(ref: str, case_file: Path) -> Path:
    """How the YAML language server resolves a modeline: a file URI, or relative to the file."""
    if ref.startswith("file:"):
        return Path(unquote(urlparse(ref).path)).resolve()
    return (case_file.parent / ref).resolve()


def test_an_existing_schema_beside_the_file_is_kept(tmp_path: Path) -> None:
    (tmp_path / "case.schema.json").write_text("{}", encoding="utf-8")
    path = _new(tmp_path, "beside")
    assert path.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=case.schema.json\n"
    )
    assert (tmp_path / "case.schema.json").read_text(encoding="utf-8") == "{}"


def test_standard_output_points_at_the_installed_schema() -> None:
    schema = (bundled_cases_dir() / "case.schema.json").resolve()
    assert _resolve(schema_reference(None), Path("anywhere.yaml")) == schema


def test_refuses_to_overwrite_without_force(tmp_path: Path, capsys) -> None:
    path = tmp_path / "taken.yaml"
    path.write_text("mine\n", encoding="utf-8")
    assert main(["new", "taken", "--dir", str(tmp_path)]) == 1
    assert "already exists; use --force" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert main(["new", "taken", "-o", str(path), "--force"]) == 0
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server:")
    # No temporary file left; the schema the case points at is beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.schema.json", "taken.yaml"]


@pytest.mark.parametrize("bad", ["Bad_Id", "a b", "x" * 81, "case.yaml", "-"])
def test_invalid_id_is_a_usage_error(tmp_path: Path, capsys, bad: str) -> None:
    assert main(["new", bad, "--dir", str(tmp_path)]) == 2
    assert "not a valid case id" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_id_that_looks_like_an_option_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["new", "-lead", "--dir", str(tmp_path)])
    assert exit_info.value.code == 2
    assert list(tmp_path.iterdir()) == []


def test_features_may_come_before_the_id(tmp_path: Path) -> None:
    args = ["new", "--feature", "ild", "--phenotype", "DM", "--feature", "dysphagia", "both"]
    assert main([*args, "--dir", str(tmp_path)]) == 0
    case = load_library([tmp_path / "both.yaml"]).cases[0].model
    assert [f.value for f in case.patient.features] == ["ild", "dysphagia"]


def test_usage_errors(tmp_path: Path, capsys) -> None:
    assert main(["new", "x", "--feature", "severe_skin", "--dir", str(tmp_path)]) == 2
    assert "use --phenotype DM" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["new", "x", "-o", str(tmp_path / "a.yaml"), "--dir", str(tmp_path)])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["new", "x", "--feature", "refractory"])  # a stage feature, not the patient's
    assert exit_info.value.code == 2
    assert main(["new", "x", "-o", str(tmp_path)]) == 2  # a folder, not a file
    assert main(["new", "x", "-o", str(tmp_path / "missing" / "x.yaml")]) == 1


def test_writes_to_standard_output(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "piped", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert "\nid: piped  #" in out
    assert list(tmp_path.iterdir()) == []
    first = out.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file:")


def test_default_output_is_the_id_in_the_working_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "new", "plain-pm"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plain-pm.yaml").is_file()
    again = subprocess.run(
        [sys.executable, "-m", "tutor", "new", "plain-pm"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 1 and "already exists" in again.stderr


def test_render_is_deterministic_and_checks_the_patient() -> None:
    day = datetime.date(2030, 1, 2)
    assert render("a", "PM", today=day) == render("a", "PM", today=day)
    assert "reviewed: 2030-01-02" in render("a", "PM", today=day)
    with pytest.raises(ScaffoldError):
        render("a", "PM", ["severe_skin"])
    with pytest.raises(ScaffoldError):
        render("a", "DM", ["refractory"])


def test_new_offers_every_phenotype_and_feature_the_algorithm_knows(tmp_path: Path) -> None:
    from tutor.commands.new import FEATURES
    from tutor.core.authoring.scaffold import SCAFFOLD_FEATURES
    from tutor.core.cases.vocabulary import STAGE_FEATURES, Feature, Phenotype

    patient_features = [f.value for f in Feature if f not in STAGE_FEATURES]
    assert FEATURES == patient_features == [f.value for f in SCAFFOLD_FEATURES]
    for phenotype in Phenotype:
        for feature in patient_features:
            if phenotype is Phenotype.PM and feature == "severe_skin":
                continue  # refused with a reason: the skin disease of dermatomyositis
            path = tmp_path / f"{phenotype.value}-{feature}.yaml"
            args = ["new", "x", "--phenotype", phenotype.value, "--feature", feature]
            assert main([*args, "-o", str(path)]) == 0
            case = load_library([path]).cases[0].model
            assert [f.value for f in case.patient.features] == [feature]


def test_a_missing_step_level_next_is_one_error_not_one_per_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each option without its own `next` shares the step's; the one written target was
    # reported (and counted) once per such option (issue 20, item 6).
    case = tmp_path / "slip.yaml"
    assert main(["new", "slip-case", "--phenotype", "PM", "-o", str(case)]) == 0
    text = case.read_text(encoding="utf-8")
    assert "    next: first-line  # where" in text
    case.write_text(text.replace("    next: first-line  # where", "    next: nowhere  # where"))
    capsys.readouterr()
    assert main(["validate", str(case)]) == 1
    out = capsys.readouterr()
    reported = (out.out + out.err).count("goes to step 'nowhere', but no step has that id")
    assert reported == 1
    assert "1 error(s)" in out.out + out.err


def test_a_duplicate_step_id_is_reported_at_the_second_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was placed at the top of the file, leaving the educator to hunt for it (issue 20).
    case = tmp_path / "dup.yaml"
    assert main(["new", "dup-case", "--phenotype", "PM", "-o", str(case)]) == 0
    lines = case.read_text(encoding="utf-8").splitlines()
    second = lines.index("  - id: first-line")
    lines[second] = "  - id: work-up"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(case)]) == 1
    out = capsys.readouterr()
    assert f"dup.yaml:{second + 1}:9: steps[" in out.out + out.err
    assert "two steps share the id 'work-up'" in out.out + out.err


def test_a_prompt_that_asks_in_another_unit_is_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The learner answers in the unit the prompt names; the score uses numeric.unit (issue 20).
    case = tmp_path / "unit.yaml"
    assert main(["new", "unit-case", "--phenotype", "PM", "-o", str(case)]) == 0
    text = case.read_text(encoding="utf-8")
    asked = "At what dose of prednisone do you start?"
    assert asked in text and "unit: mg/kg/day" in text
    case.write_text(text.replace(asked, "At what dose of prednisone, in mg/day, do you start?"))
    capsys.readouterr()
    assert main(["validate", str(case)]) == 0  # a warning does not fail
    out = capsys.readouterr()
    assert "the prompt asks in mg/day but the answer is scored in mg/kg/day" in out.out + out.err
    case.write_text(text.replace(asked, "At what dose of prednisone, in mg/kg/day, do you start?"))
    assert main(["validate", str(case)]) == 0
    assert "the prompt asks in" not in "".join(capsys.readouterr())
