from pathlib import Path

import pytest

from tutor.core.progress.learners import learner_folder, name_problem


@pytest.mark.parametrize("name", ["../../etc", "..", "/abs/path", "C:\\x", "[b]bold[/b]", "Ann B"])
def test_every_name_stays_one_folder_under_the_root(tmp_path: Path, name: str) -> None:
    folder = learner_folder(tmp_path, name)
    assert folder.parent == tmp_path
    assert folder.name.replace("-", "").isalnum()


def test_one_person_retyping_is_one_learner_and_lookalike_slugs_are_two(tmp_path: Path) -> None:
    assert learner_folder(tmp_path, "Ann B") == learner_folder(tmp_path, "  ann   b ")
    assert learner_folder(tmp_path, "Ann B") != learner_folder(tmp_path, "ann-b")


def test_empty_long_and_control_names_are_refused() -> None:
    assert name_problem("   ") and name_problem("x" * 61) and name_problem("a\x1bb")
    assert name_problem("Ann") is None
