"""The rows of the case library: a case (three lines, or one in a large library), the review
entry, a file that cannot be played; and the line under them while a first run checks the files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from tutor.core.library.outcome import CaseSummary, FailedCase
from tutor.ui import render

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
) -> Content:
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
    return render.lines(rows)


def due_prompt(count: int) -> Content:
    decisions = f"{count} decision{'s' if count != 1 else ''}"
    return render.lines(
        [
            render.line(("↻ ", "bold $text-success"), (f"{decisions} due for review", "bold")),
            render.line("  ", ("What you answered before, on a spaced schedule", render.MUTED)),
        ]
    )


def failed_prompt(failed: FailedCase) -> Content:
    rows = [render.line(("⚠ Cannot be played: ", render.ERROR), (failed.name, "bold"))]
    for diagnostic in failed.diagnostics[:SHOWN_DIAGNOSTICS]:
        rows.append(render.line("  ", str(diagnostic)))
    hidden = len(failed.diagnostics) - SHOWN_DIAGNOSTICS
    if hidden > 0:
        rows.append(Content.styled(f"  ... and {hidden} more (Enter shows all)", render.MUTED))
    return render.lines(rows)


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


def checking_hint(checked: int, total: int) -> str:
    """Added to the line under the list while a first run checks the case files (the list
    grows as they are checked): how far it has got."""
    return f", {checked:,} of {total:,} files checked"
