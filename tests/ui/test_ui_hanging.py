"""Option prompts with hanging indents: a wrapped line carries on under its own text, at any
width and after a resize; counts of thousands read with a separator."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE
from test_ui_progress import CASE_ID, seed_answered_attempts
from textual.content import Content
from ui_helpers import SEED, visible_lines

from tutor.core.progress.store import Store
from tutor.ui import render
from tutor.ui.app import TutorApp, make_app
from tutor.ui.screens.history import HistoryScreen
from tutor.ui.screens.statistics import NAME_WIDTH, StatisticsScreen
from tutor.ui.widgets.hanging import Hanging

PROMPT = render.lines(
    [
        render.line(("2026-01-10 00:20", "bold"), " · Practice · finished"),
        render.line("  ", "Case case-0500"),
        render.line(
            "  ", "Score 8 of 8 points (100%) · ", ("Safety: 1 harmful choice", render.ERROR)
        ),
    ]
)
DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d · ")


def indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


@pytest.mark.parametrize("width", [12, 30, 48, 80])
def test_each_line_wraps_under_its_own_text(width: int) -> None:
    lines = [line.plain for line in Hanging.of(PROMPT).laid_out(width)]
    assert all(len(line) <= width for line in lines), lines
    date_lines = [line for line in lines if indent(line) == 0]
    assert "".join(date_lines).replace(" ", "") == PROMPT.plain.splitlines()[0].replace(" ", "")
    assert all(indent(line) == 2 for line in lines[len(date_lines) :]), lines
    assert " ".join(" ".join(lines).split()) == " ".join(PROMPT.plain.split()), "no word lost"


def test_a_prompt_that_fits_is_shown_as_written_with_its_styles() -> None:
    lines = Hanging.of(PROMPT).laid_out(80)
    assert Content("\n").join(lines).plain == PROMPT.plain
    assert [line.spans for line in lines] == [line.spans for line in PROMPT.split("\n")]


def test_the_lines_wrapped_onto_keep_their_styles_and_the_hang() -> None:
    lines = Hanging.of(PROMPT, hang=4).laid_out(30)
    score = next(n for n, line in enumerate(lines) if "Score" in line.plain)
    carried = lines[score + 1]
    assert carried.plain == "      Safety: 1 harmful choice"  # its indent (2) and the hang (4)
    assert [(s.start, s.end, s.style) for s in carried.spans] == [(6, 30, render.ERROR)]
    date = lines[1]
    assert date.plain == "    finished", "a line at the margin hangs by `hang` too"


def test_a_width_narrower_than_the_indent_still_shows_every_character() -> None:
    lines = Hanging.of(Content("    abc")).laid_out(2)
    assert "".join(line.plain.strip() for line in lines) == "abc"
    assert all(len(line.plain) <= 2 for line in lines)


def test_without_wrapping_the_lines_are_not_laid_out_again() -> None:
    prompt = Hanging.of(PROMPT)
    cut = {"text_wrap": "nowrap", "text_overflow": "ellipsis"}
    assert prompt.get_height(cut, 10) == PROMPT.get_height(cut, 10) == 3
    assert prompt.get_height({}, 10) == len(prompt.laid_out(10)) > PROMPT.get_height({}, 10)


def test_a_statistics_row_narrower_than_its_name_column_still_shows_all_of_it() -> None:
    from tutor.core.progress.stats import ScoreStats
    from tutor.ui.progress import StatsRow
    from tutor.ui.screens.statistics import stats_prompt

    label = "Dermatomyositis with an associated cancer"
    stats = ScoreStats(label, attempts=1_200, finished=1, best_percent=50.0, last_percent=50.0)
    prompt = stats_prompt(StatsRow(label, label, stats), NAME_WIDTH, 5)
    for width in (12, 40, 50):
        lines = [line.plain for line in prompt.laid_out(width)]
        assert all(len(line) <= width for line in lines), lines
        shown, written = "".join(lines).replace(" ", ""), prompt.plain.replace(" ", "")
        assert sorted(shown) == sorted(written.replace("\n", "")), "no character lost"
    beside = prompt.laid_out(50)[1].plain
    assert beside.split() == ["an", "associated", "cancer", "last", "50%"], "side by side"
    assert beside.index("last") == NAME_WIDTH + 1


# ------------------------------------------------------------------------- on screen


def app_with_attempts(tmp_path: Path, count: int) -> TutorApp:
    """The small case and `count` attempts at it, each with one answer (unfinished: their
    score line is the long one, "... of the decisions answered so far")."""
    cases, data = tmp_path / "cases", tmp_path / "data"
    cases.mkdir()
    (cases / "mini.yaml").write_text(MINIMAL_CASE, encoding="utf-8")
    Store.open(data).close()
    seed_answered_attempts(
        data,
        [(CASE_ID, "Mini", f"2026-02-01T09:{n // 60:02d}:{n % 60:02d}.000Z") for n in range(count)],
        step_id="workup",
        response='{"choices": [0], "value": null}',
    )
    return make_app(paths=[cases], store=Store.open(data), seed=SEED)


def list_rows(app: TutorApp) -> list[str]:
    """The rows inside the list's border, as the learner sees them."""
    inside = [row.split("▊", 1)[1].rsplit("▎", 1)[0] for row in visible_lines(app) if "▊" in row]
    # Without the border above and below, and the scrollbar's thumb at the right.
    return [row.rstrip("▁▂▃▄▅▆▇█ ") for row in inside if set(row) not in ({"▔"}, {"▁"})]


async def test_history_rows_wrap_under_their_text_at_60_columns_and_after_a_resize(
    tmp_path: Path,
) -> None:
    app = app_with_attempts(tmp_path, 1_200)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert any("1,200 attempts" in row for row in visible_lines(app)), visible_lines(app)
        for size in ((60, 20), (80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            rows = [row for row in list_rows(app) if row.strip()]
            margin = min(indent(row) for row in rows)
            assert {indent(row) for row in rows} == {margin, margin + 2}, rows
            for above, row in itertools.pairwise(rows):
                if indent(row) == margin:  # an attempt's first line, or its continuation
                    assert DATE.match(row[margin:]) or indent(above) == margin, rows
            score = next(n for n, row in enumerate(rows) if "Score" in row)
            carried = rows[score + 1]
            assert indent(carried) == margin + 2 and "Score" not in carried, rows


async def test_a_statistics_row_that_wraps_keeps_its_columns_at_60_columns(
    tmp_path: Path,
) -> None:
    """The name wraps in its column and the figures in theirs, side by side; the count of
    thousands has its separator and the columns make room for it."""
    app = app_with_attempts(tmp_path, 1_200)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        assert "1,200 attempts" in visible_lines(app)[0]
        rows = list_rows(app)
        first = next(n for n, row in enumerate(rows) if "A small polymyositis" in row)
        figures = rows[first].index("1,200 attempts")
        assert figures == rows[first].index("A small") + NAME_WIDTH + 1, rows
        below = rows[first + 1]
        assert below.split()[:3] == ["case", "last", "-"], rows  # (and the sparkline)
        assert below.index("last") == figures, "the figures carry on in their column"
        topic = next(row for row in rows if row.lstrip().startswith("PM "))
        assert topic.index("1,200 attempts") == figures, "topics share the columns"
