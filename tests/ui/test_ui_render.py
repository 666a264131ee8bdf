"""The pure helpers behind the screens: no app needed."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CASE

from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case, Investigation
from tutor.ui import render
from tutor.ui.attempt import countdown_text
from tutor.ui.widgets.vignette import fit_widths

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model


def test_columns_shrink_widest_first_until_they_fit() -> None:
    assert fit_widths([10, 50, 15], 100) == [10, 50, 15]
    assert fit_widths([10, 50, 15], 60) == [10, 35, 15]
    assert sum(fit_widths([30, 30, 30], 45)) == 45
    assert fit_widths([30, 30, 30], 5) == [8, 8, 8], "never narrower than a word or so"


def test_abnormal_values_are_marked_in_words() -> None:
    def row(**fields) -> Investigation:
        return Investigation(name="X", **fields)

    assert render.abnormal_flag(row(value=250, low=30, high=200)) == "▲ high"
    assert render.abnormal_flag(row(value=10, low=30, high=200)) == "▼ low"
    assert render.abnormal_flag(row(value=100, low=30, high=200)) == ""
    assert render.abnormal_flag(row(value="patchy", abnormal=True)) == "● abnormal"
    cells = render.investigation_cells(row(value=250, unit="U/L", low=30, high=200))
    assert [c.plain for c in cells] == ["X", "250 U/L", "30-200 U/L", "▲ high"]


def test_the_key_lists_what_the_case_keys_as_right() -> None:
    single, multiple, numeric = (CASE.step(s) for s in ("workup", "first-line", "dose"))
    assert [c.plain for c in render.recommended(single)] == ["Muscle biopsy ✔ Preferred"]
    assert [c.plain for c in render.recommended(multiple)] == [
        "Prednisone ✔ Preferred",
        "Methotrexate ✔ Preferred",
    ]
    assert [c.plain for c in render.recommended(numeric)] == [
        "0.5-1 mg/kg/day ✔ Preferred",
        "1.01-2 mg/kg/day ≈ Acceptable",
    ]


def test_case_text_never_becomes_markup() -> None:
    hostile = "[@click=app.quit]z[/] [red]x"
    for content in (
        render.plain(hostile),
        render.line(("bold ", "bold"), hostile),
        render.option_prompt(1, hostile, "[x]"),
    ):
        assert hostile in content.plain
        assert all("click" not in str(span.style) for span in content.spans)


def test_countdown_rounds_up_to_the_second() -> None:
    assert countdown_text(60) == "1:00 left"
    assert countdown_text(59.2) == "1:00 left"
    assert countdown_text(0.4) == "0:01 left"
    assert countdown_text(0) == "0:00 left"


def test_accuracy_charts_use_a_fixed_0_to_100_scale() -> None:
    import datetime

    from tutor.ui.chart import bar_chart, spark

    assert spark([0, 50, 100]) == "▁▅█", "60% and 70% must not look like empty and full"
    assert spark([60.0, 70.0]) == "▅▆"
    assert spark(list(range(0, 101, 5)), width=3) == "▇██", "only the most recent fit"
    day = datetime.date(2026, 3, 1)
    points = [(day + datetime.timedelta(days=i), v) for i, v in enumerate([100.0, 50.0, 0.0])]
    lines = bar_chart(points, height=2, width=40)
    assert lines == [
        "100% ┤█",
        " 50% ┤█ █",
        "  0% └─────",
        "      03-01 03-03",
    ]
    narrow = bar_chart(points * 20, height=2, width=20)
    assert max(len(line) for line in narrow) <= 20


def test_a_cut_ends_at_a_whole_word_with_an_ellipsis() -> None:
    title = "First line, every patient - high-dose glucocorticoids"
    assert render.cut_at_word(title, 29) == "First line, every patient…"
    assert render.cut_at_word("Confirm the diagnosis before treating", 29) == (
        "Confirm the diagnosis before…"
    )
    assert render.cut_at_word("Dysphagia", 29) == "Dysphagia"
    assert render.cut_at_word("Supercalifragilistic", 10) == "Supercali…"
    assert render.wrap_words("Dermatomyositis with an associated cancer", 23) == [
        "Dermatomyositis with an",
        "associated cancer",
    ]


def test_statistics_names_wrap_so_cases_that_share_a_start_stay_apart() -> None:
    from tutor.core.progress.stats import ScoreStats
    from tutor.ui.progress import StatsRow
    from tutor.ui.screens.statistics import stats_prompt

    shown = []
    for label in ("Dermatomyositis with dysphagia", "Dermatomyositis with an associated cancer"):
        stats = ScoreStats(label, attempts=1, finished=1, best_percent=50.0, last_percent=50.0)
        text = stats_prompt(StatsRow(label, label, stats), 23).plain
        assert "…" not in text
        assert " ".join(text.split()).startswith(label.split()[0])
        assert all(word in text for word in label.split()), text
        assert "best" in text.splitlines()[0]  # the figures stay on the name's first line
        shown.append(text)
    assert shown[0] != shown[1]
