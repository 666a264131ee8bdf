"""`load_library(progress=...)`: the checked files are handed over in batches, in file order, as
they are checked, each with the library as far as it is known; the library in the end is the
same as without a callback (issue 17: a first run lists titles before every file is read)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.library.library import Library, load_library
from tutor.core.library.progress import BATCH, Checked

COUNT = 2 * BATCH + 3


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))
    cases = tmp_path / "cases"
    cases.mkdir()
    for number in range(COUNT):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: case-{number:03d}")
        (cases / f"case-{number:03d}.yaml").write_text(text)
    (cases / "case-010-broken.yaml").write_text("id: [\n")
    # A second file with an id already used: reported at the later file, however it is loaded.
    (cases / "case-020-again.yaml").write_text(MINIMAL_CASE.replace("id: mini-pm", "id: case-005"))
    return cases


def described(library: Library) -> tuple[list[str], list[str], list[str]]:
    return (
        [s.id for s in library.summaries],
        [f.path.name for f in library.failed],
        [str(d) for d in library.diagnostics],
    )


def names(step: Checked[Library]) -> list[str]:
    return [outcome.path.name for outcome in step.batch]


@pytest.mark.parametrize("use_cache", [False, True])
def test_batches_arrive_in_file_order_and_the_library_is_the_same(
    folder: Path, use_cache: bool
) -> None:
    steps: list[Checked[Library]] = []
    options = {"keep_models": not use_cache, "use_cache": use_cache}
    library = load_library([folder], progress=steps.append, **options)  # type: ignore[arg-type]
    files = sorted(p.name for p in folder.glob("*.yaml"))
    assert names(steps[0]) == [] and steps[0].checked == 0
    assert [name for step in steps for name in names(step)] == files
    assert [len(step.batch) for step in steps[1:-1]] == [BATCH] * (len(steps) - 2)
    assert [step.checked for step in steps] == [
        sum(len(s.batch) for s in steps[: i + 1]) for i in range(len(steps))
    ]
    assert {step.total for step in steps} == {len(files)}
    # Each step's library is what the files known then make, and the last is the whole library.
    for step in steps:
        known = {o.path.name for s in steps[: steps.index(step) + 1] for o in s.batch}
        assert {s.path.name for s in step.library.summaries} | {
            f.path.name for f in step.library.failed
        } == known
    assert described(steps[-1].library) == described(library)
    assert described(library) == described(load_library([folder], **options))  # type: ignore[arg-type]
    assert "case-020-again.yaml" in described(library)[1]


def test_a_partly_stale_cache_lists_what_it_knows_first_then_places_each_file(
    folder: Path,
) -> None:
    load_library([folder], keep_models=False, use_cache=True)
    changed = folder / "case-003.yaml"
    changed.write_text(MINIMAL_CASE.replace("id: mini-pm", "id: case-003").replace("small", "new"))
    os.utime(changed, ns=(1, 1))
    steps: list[Checked[Library]] = []
    library = load_library([folder], keep_models=False, use_cache=True, progress=steps.append)
    assert len(steps) == 2
    first, last = steps
    assert first.checked == first.total - 1 and first.batch == ()
    assert "case-003" not in [s.id for s in first.library.summaries]
    assert names(last) == ["case-003.yaml"] and last.checked == last.total
    # The changed file takes its own place in the list, not the end of it.
    assert described(last.library) == described(library)
    assert [s.id for s in library.summaries][3] == "case-003"


def test_a_warm_load_reports_nothing_to_check(folder: Path) -> None:
    load_library([folder], keep_models=False, use_cache=True)
    steps: list[Checked[Library]] = []
    load_library([folder], keep_models=False, use_cache=True, progress=steps.append)
    assert steps == []
