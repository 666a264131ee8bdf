"""The self-assessment quiz: assembly across the library, answering, and `tutor quiz --plain`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.algorithm.scoring_types import Response
from tutor.core.cases.diagnostics import Diagnostic
from tutor.core.cases.loader import LoadedCase, parse_text
from tutor.core.cases.model import Case
from tutor.core.cases.vocabulary import Tag
from tutor.core.library.library import Library, load_algorithm, load_library
from tutor.core.library.outcome import CaseSummary, Listing
from tutor.core.play.quiz import (
    QuizItem,
    QuizSession,
    assemble_quiz,
    expert_path,
    expert_response,
)
from tutor.core.play.session import Session

PARSED = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0]
assert PARSED is not None
CASE: Case = PARSED.model
ALGORITHM = load_algorithm()[0]
MINI = CaseSummary.of(CASE, Path("mini.yaml"), len(expert_path(CASE, ALGORITHM)))


def _mini_quiz(count: int, seed: int, tags: tuple[Tag, ...] = ()) -> list[QuizItem]:
    listing = Listing()
    listing.summaries.append(MINI)
    return assemble_quiz(listing, lambda _: PARSED, count=count, seed=seed, tags=tags)


def test_expert_path_carries_what_was_revealed_before_each_step() -> None:
    items = expert_path(CASE, ALGORITHM)
    assert [i.step.id for i in items] == ["workup", "first-line", "dose"]  # no detour
    assert items[2].revealed_before[0].text == "Eight weeks later CK is still high."
    assert items[0].revealed_before == ()


def test_assembly_is_seeded_and_filters_by_tag() -> None:
    first = _mini_quiz(count=2, seed=5)
    again = _mini_quiz(count=2, seed=5)
    assert [i.step.id for i in first] == [i.step.id for i in again]
    assert len(_mini_quiz(count=50, seed=1)) == 3
    assert _mini_quiz(count=5, tags=(Tag.ILD,), seed=1) == []


def test_quiz_session_scores_every_item_once() -> None:
    session = QuizSession(expert_path(CASE, ALGORITHM), ALGORITHM, shuffle=False)
    session.choose([1])
    assert session.revealed == []
    session.choose([1, 2])
    assert [r.text for r in session.revealed] == ["Eight weeks later CK is still high."]
    session.answer_number(0.75)
    assert session.finished
    totals = session.totals()
    assert (totals.points, totals.path_max) == (4.0, 4.0)
    assert all(r.reveals == () for r in session.results)


def test_empty_quiz_is_refused() -> None:
    with pytest.raises(ValueError):
        QuizSession([], ALGORITHM)


def test_quiz_plain_from_a_pipe() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "quiz", "--plain", "--count", "4", "--seed", "3"],
        input="1\n" * 10,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Self-assessment quiz: 4 questions")
    assert result.stdout.count("CASE: ") >= 1
    assert "RESULTS" in result.stdout and "Safety:" in result.stdout


def test_quiz_usage_errors() -> None:
    for args in (["--tags", "XYZ"], ["--count", "0"]):
        result = subprocess.run(
            [sys.executable, "-m", "tutor", "quiz", "--plain", *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2, args


def _bundled_cases() -> list[Case]:
    return [c.model for c in load_library().cases]


def _listed_quiz(library: Library, count: int, seed: int) -> list[QuizItem]:
    """A quiz drawn as `tutor quiz` draws it: from the listing, reading drawn cases again."""
    return assemble_quiz(
        library,
        library.read,
        count=count,
        seed=seed,
        algorithm=library.algorithm,
    )


@pytest.mark.parametrize("seed", range(12))
def test_questions_from_one_case_keep_the_case_order(seed: int) -> None:
    cases = _bundled_cases()
    paths = {case.id: [i.step.id for i in expert_path(case, ALGORITHM)] for case in cases}
    items = _listed_quiz(load_library(keep_models=False), count=12, seed=seed)
    assert len(items) == 12
    for case_id, path in paths.items():
        asked = [i.step.id for i in items if i.case.id == case_id]
        assert asked == sorted(asked, key=path.index), (case_id, asked)
    # Several cases are interleaved, not played one after another by chance alone.
    assert len({i.case.id for i in items}) > 1


def test_a_question_shows_only_what_its_case_revealed_before_it() -> None:
    items = _listed_quiz(load_library(keep_models=False), count=200, seed=7)
    for item in items:
        path = expert_path(item.case, ALGORITHM)
        position = [i.step.id for i in path].index(item.step.id)
        # Nothing revealed at or after this step on the case's own path is in its context.
        before = path[position].revealed_before
        assert item.revealed_before == before
        later = {r.text for i in path[position + 1 :] for r in i.revealed_before[len(before) :]}
        assert not later & {r.text for r in item.revealed_before}
    # Asked in this order, every question's context was revealed by questions of its own case
    # that came before it, or by steps the quiz skipped; never by one still to be asked.
    seen: dict[str, list[str]] = {}
    for item in items:
        path_ids = [i.step.id for i in expert_path(item.case, ALGORITHM)]
        for earlier in seen.get(item.case.id, []):
            assert path_ids.index(earlier) < path_ids.index(item.step.id)
        seen.setdefault(item.case.id, []).append(item.step.id)


def test_the_detour_story_never_leaks_into_a_quiz() -> None:
    # The malignancy case's detour tells that screening found a tumour; on the expert's path the
    # same news follows the screening question, so it can only appear after that question.
    case = next(c for c in _bundled_cases() if c.id == "dermatomyositis-malignancy")
    items = expert_path(case, ALGORITHM)
    ids = [i.step.id for i in items]
    assert "screening-deferred" not in ids
    screening = ids.index("at-diagnosis")
    assert not any("tumour" in r.text for r in items[screening].revealed_before)
    assert any("tumour" in r.text for r in items[screening + 1].revealed_before)


def test_the_listing_counts_each_case_s_decisions_on_the_expert_path() -> None:
    library = load_library()
    for summary, case in zip(library.summaries, library.cases, strict=True):
        # Counted against a real session answered as the expert would, step by step.
        session = Session(case.model, library.algorithm, shuffle=False)
        asked = 0
        while (step := session.current) is not None:
            session.submit(expert_response(step))
            asked += 1
        assert summary.decisions == asked == len(expert_path(case.model, ALGORITHM)), summary.id


def _forty_cases(folder: Path) -> Path:
    for number in range(40):
        text = MINIMAL_CASE.replace("id: mini-pm", f"id: mini-{number:02d}", 1)
        (folder / f"mini-{number:02d}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_only_the_cases_drawn_are_loaded(tmp_path: Path) -> None:
    library = load_library([_forty_cases(tmp_path)], keep_models=False)
    assert len(library.summaries) == 40 and library.cases == []
    loaded: list[str] = []

    def read(summary: CaseSummary) -> LoadedCase | None:
        loaded.append(summary.id)
        return library.read(summary)

    items = assemble_quiz(library, read, count=3, seed=4, algorithm=library.algorithm)
    assert len(items) == 3
    # Each case drawn is read once, however many of its questions were drawn; no other case is.
    assert sorted(loaded) == sorted({item.case.id for item in items})
    assert len(loaded) <= 3


def test_tutor_quiz_reads_only_the_cases_it_draws_once_the_library_is_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main
    from tutor.core.library import library as library_module

    folder = _forty_cases(tmp_path)
    load_library([folder], keep_models=False, use_cache=True)  # what an earlier run leaves
    read: list[Path] = []

    def counting_load_case(path: Path) -> tuple[LoadedCase | None, list[Diagnostic]]:
        read.append(path)
        return load_case(path)

    load_case = library_module.load_case
    monkeypatch.setattr(library_module, "load_case", counting_load_case)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n" * 20))
    code = main(["quiz", "--plain", "--count", "3", "--seed", "2", "--cases", str(folder)])
    assert code == 0
    assert capsys.readouterr().out.startswith("Self-assessment quiz: 3 questions")
    assert 1 <= len(read) <= 3, read


def test_no_question_shows_what_its_own_answers_reveal() -> None:
    # Options now say what follows them ("The team chooses rituximab"); a question's context must
    # hold none of that, nor what its step reveals after any answer, in the quiz or after it.
    items = _listed_quiz(load_library(keep_models=False), count=200, seed=3)
    session = QuizSession(items, ALGORITHM)
    for item in items:
        step = item.step
        own = [step.reveal] + [o.reveal for o in getattr(step, "options", [])]
        texts = {r.text for r in own if r is not None}
        assert not texts & {r.text for r in item.revealed_before}, (item.case.id, step.id)
        assert not texts & {r.text for r in session.revealed}, (item.case.id, step.id)
        choices = (0,) if getattr(step, "options", None) else ()
        session.submit(Response(step.id, choices, value=None if choices else 1.0))
