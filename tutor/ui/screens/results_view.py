"""What the results screen says: the summary (score, safety, calibration) and each answered
decision against its key, as blocks of text. The screen lays them out and moves between them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from tutor.core.algorithm.scoring_types import StepResult
from tutor.core.play.describe import best_path_note, safety_line, score_line
from tutor.core.play.wording import plural
from tutor.ui import render
from tutor.ui.attempt import Attempt
from tutor.ui.render import Block

if TYPE_CHECKING:
    from tutor.core.progress.store import AttemptSummary, Store

FLAG_MARK = "⚑ "
"""Before a decision the learner flagged for later (tutor drill --flagged)."""


def summary_blocks(
    attempt: Attempt, review: AttemptSummary | None, store: Store | None
) -> list[Block]:
    """Score, the safety tally with every harmful choice in plain view, and calibration."""
    session = attempt.session
    totals = session.totals()
    blocks = []
    if review is not None and not review.finished and not review.timed_out:
        count = len(session.counted)
        blocks.append(
            Block(
                Content.styled(
                    f"This attempt was not finished: {attempt.steps_text(count)} answered.",
                    "bold $text-warning",
                ),
                gap=True,
            )
        )
    if attempt.timed_out:
        count = len(session.counted)
        blocks.append(
            Block(
                Content.styled(
                    f"Time ran out: {attempt.steps_text(count)} answered; "
                    "the rest count as unanswered.",
                    "bold $text-warning",
                ),
                gap=True,
            )
        )
    blocks.append(Block(Content.styled(score_line(totals), "bold"), gap=True))
    if best_path_note(totals):
        blocks.append(Block(Content.styled(best_path_note(totals), render.MUTED)))
    safety_style = render.ERROR if totals.harmful else "bold $text-success"
    blocks.append(Block(Content.styled(safety_line(totals), safety_style)))
    numbers: dict[str, int] = {}
    for number, result in enumerate(session.counted, start=1):
        numbers.setdefault(result.step_id, number)
    for step_id, choice in totals.harmful:
        word = attempt.step_word
        where = f"{word} {numbers[step_id]}" if step_id in numbers else f"'{step_id}'"
        blocks.append(
            Block(render.line(("⚠ Harmful choice", render.ERROR), f" at {where}: ", choice), 2)
        )
    if session.counted:
        from tutor.core.progress.certainty import marks_of, unmarked_level

        marks = marks_of(session.counted, unmarked_level(store))
        blocks.append(Block(Content.styled(marks.line(), "bold"), gap=True))
        blocks.append(Block(Content(marks.calibration_line()), 2))
    rows = session.calibration()
    if rows:
        blocks.append(Block(Content.styled("Confidence against correctness", "bold"), gap=True))
        blocks.extend(
            Block(
                render.line(
                    f"{row.confidence.value}: ",
                    (f"{row.correct} of {row.answered} correct", "bold"),
                ),
                2,
            )
            for row in rows
        )
    else:
        blocks.append(
            Block(
                Content.styled(
                    "Confidence: not marked (mark sure / unsure / guessing with s, u, g "
                    "before submitting to see how your confidence matches your answers).",
                    render.MUTED,
                ),
                gap=True,
            )
        )
    if session.counted:
        go_back = (
            " b goes back to it to try another branch (your first answers keep their score)."
            if session.can_rewind(attempt.mode) and review is None
            else ""
        )
        blocks.append(
            Block(
                Content.styled(
                    f"↓ ↑ (or j k) move through the {attempt.step_word}s below; e "
                    "explains every option of the one selected, a opens the algorithm at "
                    f"it, r its references, f flags it for later.{go_back}",
                    render.MUTED,
                ),
                gap=True,
            )
        )
    if session.explored:
        blocks.append(
            Block(
                Content.styled(
                    f"You went back and explored: {plural(len(session.explored), 'answer')} "
                    "after the first ones, shown below as explored; they do not count.",
                    render.MUTED,
                ),
                gap=True,
            )
        )
    return blocks


def review_blocks(
    attempt: Attempt,
    number: int,
    result: StepResult,
    *,
    explored: bool = False,
    flagged: bool = False,
) -> list[Block]:
    """One answered decision against its key, with the algorithm and (exam) the feedback;
    `explored`: an answer given after going back (not scored); `flagged`: marked ⚑."""
    step = attempt.case_of(number).step(result.step_id)
    confidence = result.response.confidence
    label = "Question" if attempt.quiz else "Decision"
    label = f"Explored {number}" if explored else f"{label} {number}"
    rows = [
        Block(
            render.line(
                (FLAG_MARK, render.WARNING) if flagged else "",
                (f"{label}: ", "bold"),
                step.prompt,
                ("  (explored: not scored)", render.MUTED) if explored else "",
            )
        )
    ]
    if attempt.quiz:
        rows.append(Block(render.line(("From: ", render.MUTED), attempt.case_of(number).title), 3))
    rows += [
        Block(render.line(("Your answer: ", "bold"), result.answer_text), 3),
        Block(
            render.line(
                render.headline(result),
                (f"  (confidence: {confidence.value})", render.MUTED) if confidence else "",
            ),
            3,
        ),
    ]
    key = render.recommended(step)
    if key:
        rows.append(Block(render.line(("Key: ", "bold"), Content("; ").join(key)), 3))
    if result.node is not None:
        node = result.node
        rows.append(Block(render.line(("Algorithm: ", "bold"), node.title), 3))
        if node.preferred:
            rows.append(
                Block(render.line("preferred here: ", render.therapy_list(node.preferred)), 5)
            )
    if attempt.exam:
        rows.extend(
            Block(b.content, b.indent + 3, b.gap)
            for b in render.feedback_rows(result, attempt.references, with_headline=False)
        )
    elif result.citations:
        rows.append(
            Block(
                render.line(
                    ("Citations: ", "bold"),
                    render.citations(result.citations, attempt.references),
                ),
                3,
            )
        )
    return rows
