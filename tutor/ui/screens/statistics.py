"""Statistics per case and per topic: attempts, best and last score, accuracy over time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.types import TextOverflow
from textual.widgets import Static
from textual.widgets.option_list import Option

from tutor.ui import render
from tutor.ui.chart import bar_chart, chart_content, spark
from tutor.ui.progress import ReviewFigures, StatsRow, StatsView, percent_text, plural
from tutor.ui.screens.read_on_thread import ReadOnThreadScreen
from tutor.ui.widgets.hanging import Hanging, hang_line
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.lists import MORE_ID, PAGE, KeyList, show_more_option
from tutor.ui.widgets.topbar import TopBar

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

NAME_WIDTH = 20
"""The narrowest name column; wider terminals give names more room (23 at 80 columns)."""
ROW_REST = 47  # attempts, best, last and the sparkline
COUNT_WIDTH = 3
"""The narrowest column of attempts (in ROW_REST); wider for counts of thousands ('12,500')."""
ROW_FRAME = 10  # the list's margin, border and scrollbar, and the padding of its options
SPARK_WIDTH = 10
CHART_HEIGHT = 5
SMALL_CHART_HEIGHT = 3  # in a terminal under 30 rows, the list keeps room
EMPTY = "No answers recorded yet. Play a case: every answer is kept, and your progress shows here."
READING = "Reading your progress..."


def stats_prompt(
    row: StatsRow, name_width: int = NAME_WIDTH, count_width: int = COUNT_WIDTH
) -> StatsPrompt:
    """One aligned line: name, attempts, best and last score, and a sparkline by day (and, for a
    name wider than its column, the rest of the name on the lines below). In a terminal too
    narrow for the line, the figures it wraps onto stay in the column of the figures."""
    stats = row.stats
    # A long name wraps under itself rather than being cut: cut, two cases that differ only at
    # the end ("Dermatomyositis with dysphagia", "... with an associated cancer") look the same.
    name, *rest = render.wrap_words(row.label, name_width)
    more = [("\n" + line, "bold") for line in rest]
    figures = render.line(
        (f"{name:<{name_width}}", "bold"),
        f" {stats.attempts:>{count_width},} ",
        (f"attempt{'s' if stats.attempts != 1 else ' '}", render.MUTED),
        ("  best ", render.MUTED),
        f"{percent_text(stats.best_percent):>4}",
        ("  last ", render.MUTED),
        f"{percent_text(stats.last_percent):>4}",
        "  ",
        (spark([value for _, value in stats.over_time], SPARK_WIDTH), "$text-accent"),
        *more,
    )
    return StatsPrompt.of(figures, hang=name_width + 1)


class StatsPrompt(Hanging):
    """A row: when its first line wraps, the figures carry on in their column, and the rest of a
    long name fills the name's column beside them (not on lines of its own below)."""

    def lay_out(self, width: int, overflow: TextOverflow) -> list[Content]:
        first, *names = self.split("\n", allow_blank=True)
        figures = hang_line(first, width, self.hang, overflow)
        if len(figures) == 1 or self.hang > width // 2:  # (too narrow for two columns: one)
            return super().lay_out(width, overflow)
        rows = [figures[0]]
        for number in range(max(len(figures) - 1, len(names))):
            name = names[number] if number < len(names) else Content()
            beside = figures[number + 1][self.hang :] if number + 1 < len(figures) else Content()
            rows.append(name.pad_right(max(0, self.hang - name.cell_length)) + beside)
        return rows


def heading_option(text: str) -> Option:
    return Option(render.heading(text), disabled=True)


class StatisticsScreen(ReadOnThreadScreen[StatsView]):
    AUTO_FOCUS = "#stats"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="Back to the case library", id="statistics.back"),
    ]

    def __init__(self, load: Callable[[], StatsView]) -> None:
        """`load` reads the figures (raising StoreError when it cannot); it runs on a thread,
        so the screen is drawn, and Esc works, while a long answer log is read."""
        super().__init__(load)
        self.view: StatsView | None = None
        self.rows: dict[str, StatsRow] = {}
        self._limit = PAGE

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield TopBar(Content.styled("Statistics · your progress", "bold"))
        yield KeyList(
            Option(Content.styled(READING, render.MUTED), disabled=True), id="stats", markup=False
        )
        yield Static(id="stats-chart")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#stats-chart", Static).display = False
        self.read()

    def show(self, view: StatsView) -> None:
        """The figures, once read (on the app's thread)."""
        self.view = view
        answered = sum(row.stats.attempts for row in view.cases)
        self.query_one(TopBar).set_right(plural(answered, "attempt") if answered else "")
        stats = self.query_one("#stats", KeyList)
        stats.clear_options()
        if view.empty:
            stats.add_option(Option(Content.styled(EMPTY, render.MUTED), disabled=True))
            return
        self.query_one("#stats-chart", Static).display = True
        every = [*view.cases, *view.topics]  # all, not the page: "Show more" keeps the columns
        longest = max(len(row.label) for row in every)
        counts = max(COUNT_WIDTH, *(len(f"{row.stats.attempts:,}") for row in every))
        room = self.app.size.width - ROW_FRAME - ROW_REST - (counts - COUNT_WIDTH)
        width = max(NAME_WIDTH, min(longest, room))
        options: list[Option | None] = [heading_option("By case")]
        for row in view.cases[: self._limit]:
            self.rows[f"case:{row.key}"] = row
            options.append(Option(stats_prompt(row, width, counts), id=f"case:{row.key}"))
        if len(view.cases) > self._limit:  # the topics and review cards always follow
            options.append(show_more_option(len(view.cases) - self._limit, "cases"))
        if view.topics:
            options += [None, heading_option("By topic (tags and algorithm stages)")]
            for row in view.topics:
                self.rows[f"topic:{row.key}"] = row
                options.append(Option(stats_prompt(row, width, counts), id=f"topic:{row.key}"))
        options += review_options(view.review)
        stats.add_options(options)
        stats.highlighted = 1  # the first case

    @on(KeyList.OptionSelected, "#stats")
    def _selected(self, event: KeyList.OptionSelected) -> None:
        view = self.view
        if event.option.id == MORE_ID and view is not None:
            self._limit += PAGE
            self.query_one("#stats", KeyList).show_more(lambda: self.show(view))

    @on(KeyList.OptionHighlighted, "#stats")
    def _highlighted(self, event: KeyList.OptionHighlighted) -> None:
        row = self.rows.get(event.option.id or "")
        if row is not None:
            self.show_chart(row)

    def show_chart(self, row: StatsRow) -> None:
        """The highlighted row's accuracy by day, as bars on a 0-100% scale."""
        stats = row.stats
        width = max(20, self.app.size.width - 4)
        height = CHART_HEIGHT if self.app.size.height >= 30 else SMALL_CHART_HEIGHT
        title = render.line(("Accuracy by day: ", render.HEADING), (row.label, "bold"))
        parts = [title, chart_content(bar_chart(stats.over_time, height=height, width=width))]
        if stats.over_time:
            day, value = stats.over_time[-1]
            parts.append(
                render.line(
                    (f"Last day, {day:%Y-%m-%d}: {value:.0f}% of the points", "bold"),
                    (f" · {plural(stats.finished, 'finished attempt')} in all", render.MUTED),
                )
            )
        self.query_one("#stats-chart", Static).update(Content("\n").join(parts))

    def action_back(self) -> None:
        self.dismiss(None)


def review_options(review: ReviewFigures | None) -> list[Option | None]:
    """Review cards: how many are due, and drill reviews done per day (the last week)."""
    if review is None:
        return []
    rows: list[Option | None] = [None, heading_option("Review (tutor drill)")]
    rows.append(
        Option(
            render.line(
                (f"{plural(review.due, 'decision')} due now", "bold"),
                (f" · {plural(review.cards, 'card')} in all", render.MUTED),
            ),
            disabled=True,
        )
    )
    for day in review.days:
        rows.append(
            Option(
                render.line(f"{day.day:%Y-%m-%d}: ", (plural(day.reviews, "review"), "bold")),
                disabled=True,
            )
        )
    return rows
