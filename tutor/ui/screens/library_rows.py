"""The rows of the case library: a case (three lines, or one in a large library), the review
entry, a file that cannot be played; and the line under them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from tutor.core.library.outcome import CaseSummary, FailedCase
from tutor.core.play.wording import plural
from tutor.ui import render
from tutor.ui.widgets.hanging import Hanging

if TYPE_CHECKING:
    from tutor.core.progress.standing import Standing
    from tutor.core.progress.store import AttemptSummary

SHOWN_DIAGNOSTICS = 2


def case_prompt(
    case: CaseSummary,
    in_progress: AttemptSummary | None = None,
    standing: Standing | None = None,
    *,
    known: bool = False,
) -> Hanging:
    tags = " · ".join(case.tags)
    rows = [
        render.line((case.title, "bold")),
        render.line("  ", case.summary),
        render.line(
            "  ",
            (tags, "$text-accent"),
            (f"   {case.difficulty} · about {case.minutes} min", render.MUTED),
        ),
    ]
    if standing is not None:
        rows.append(render.line("  ", ("✓ ", "bold $text-success"), (standing.text(), "bold")))
    elif known and in_progress is None:
        rows.append(render.line("  ", ("Not started", render.MUTED)))
    if in_progress is not None:
        from tutor.ui.progress import in_progress_line

        rows.append(
            render.line(
                "  ",
                ("▶ In progress", "bold $text-success"),
                (f": {in_progress_line(in_progress)} · n starts over", render.MUTED),
            )
        )
    return Hanging.of(render.lines(rows))


def due_prompt(count: int) -> Hanging:
    decisions = plural(count, "decision")
    return Hanging.of(
        render.lines(
            [
                render.line(("↻ ", "bold $text-success"), (f"{decisions} due for review", "bold")),
                render.line("  ", ("What you answered before, on a spaced schedule", render.MUTED)),
            ]
        )
    )


def failed_prompt(failed: FailedCase) -> Hanging:
    rows = [render.line(("⚠ Cannot be played: ", render.ERROR), (failed.name, "bold"))]
    for diagnostic in failed.diagnostics[:SHOWN_DIAGNOSTICS]:
        rows.append(render.line("  ", str(diagnostic)))
    hidden = len(failed.diagnostics) - SHOWN_DIAGNOSTICS
    if hidden > 0:
        rows.append(Content.styled(f"  ... and {hidden:,} more (Enter shows all)", render.MUTED))
    return Hanging.of(render.lines(rows))


def case_line(
    case: CaseSummary,
    in_progress: AttemptSummary | None = None,
    standing: Standing | None = None,
) -> Content:
    """A case on one line, for a large library: a row costs the list one line to measure and
    the learner one line to read past."""
    parts: list[render.Part] = [(" ".join(case.title.split()), "bold")]
    if case.tags:
        parts.append(("  " + " · ".join(case.tags), "$text-accent"))
    if in_progress is not None:
        parts.append(("  ▶ in progress", "bold $text-success"))
    elif standing is not None:
        parts.append(("  ✓ ", "bold $text-success"))
        parts.append((f"{standing.last_percent:.0f}%", "bold"))
    return render.line(*parts)


def empty_prompt(loading: bool) -> Content:
    """The one row of a library with no case: still loading, or none that loads."""
    if loading:
        return Content.styled("Loading the case library...", render.MUTED)
    return Content.styled("No cases could be loaded.", render.ERROR)


def more_prompt(more: int, not_listed: int) -> Content:
    return Content.styled(
        f"Show {more:,} more (of {not_listed:,} not listed; / filters by title or tag)",
        render.MUTED,
    )


def library_hint(
    count: int, shown: int | None, failed: int, checking: tuple[int, int] | None
) -> str:
    """How many cases (`shown` of them match a filter, if any), how many files could not be
    loaded, and while a first run checks the files, how far it has got (the list grows as
    they are checked)."""
    hint = plural(count, "case")
    if shown is not None:
        hint = f"{shown:,} of {hint} match"
    if failed:
        hint += f", {failed:,} that could not be loaded"
    if checking is not None:
        hint += f", {checking[0]:,} of {checking[1]:,} files checked"
    return hint


def hint_line(hint: str, filtering: bool, compact: bool) -> Content:
    keys = " Enter opens; arrows or j/k move."
    if filtering:
        keys = " Enter opens; Esc clears the filter."
    elif compact:
        keys = " Enter opens; / filters by title or tag."
    return Content.styled(hint + "." + keys, render.MUTED)
