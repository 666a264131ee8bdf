"""Line mode: the same session as numbered text on stdout, answers read line by line.

For screen readers, pipes and SSH sessions without a full terminal. No Textual import here.
Answers are read by `tutor.core.play.answers.parse_answer` (re-exported here), as in the TUI.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping
from typing import Protocol, TextIO

from tutor.core.algorithm.scoring_types import Confidence, InvalidResponse, StepResult
from tutor.core.cases.model import AnyStep, Case, Investigation, NumericStep, Reference
from tutor.core.play.answers import Answer, parse_answer
from tutor.core.play.describe import (
    DISCLAIMER,
    VERDICT_WORDS,
    best_path_note,
    cited,
    reference_lines,
    result_headline,
    safety_line,
    score_line,
    step_kind_hint,
)
from tutor.core.play.playable import Playable
from tutor.core.progress.store import StoreError
from tutor.exit_codes import EXIT_END_OF_INPUT, EXIT_OK
from tutor.plain_text import heard_investigation, listening_width, quit_note, wrap_for_listening

EXIT_FINISHED = EXIT_OK

COMMANDS = ("help", "repeat", "case", "labs", "flag", "f", "quit")
"""Words answered at every prompt, whatever the case; never taken as an answer."""

COMMANDS_LINE = "Commands at any prompt: help, repeat, case, labs, flag (or f), quit."


class Flags(Protocol):
    """Where flagged decisions are kept (the review deck): for `tutor drill --flagged`."""

    def flag(self, case_id: str, step_id: str, on: bool | None = None) -> bool: ...

    def flags(self) -> list[tuple[str, str]]: ...


__all__ = [
    "COMMANDS",
    "COMMANDS_LINE",
    "EXIT_END_OF_INPUT",
    "EXIT_FINISHED",
    "Answer",
    "LineTutor",
    "lines_from",
    "parse_answer",
]


class _Quit(Exception):
    """The learner typed quit."""


class LineTutor:
    """Drives a session (a case, a quiz or a drill) from lines of text; the caller supplies
    input and output."""

    def __init__(
        self,
        session: Playable,
        references: Mapping[str, Reference],
        read_line: Callable[[], str | None],
        out: TextIO,
        *,
        exam: bool = False,
        echo: bool = False,
    ) -> None:
        self.session = session
        self.echo = echo
        self.references = references
        self.read_line = read_line
        self.out = out
        self.exam = exam
        self.width = listening_width()
        self._shown_case: Case | None = None
        self.unmarked = Confidence.guessing
        """What an unmarked answer counts as in the certainty-based marks."""
        self.resume_command: str | None = None
        """The command that carries on after quit (`tutor play CASE --plain`), said on quit."""
        self.flags: Flags | None = None
        """Where `flag` keeps its flags; None when progress is not kept."""

    @classmethod
    def on_stdio(
        cls, session: Playable, references: Mapping[str, Reference], *, exam: bool
    ) -> LineTutor:
        """Read answers from stdin and write to stdout, echoing answers that come from a pipe."""
        return cls(
            session,
            references,
            lines_from(sys.stdin),
            sys.stdout,
            exam=exam,
            echo=not sys.stdin.isatty(),
        )

    # -- output helpers -------------------------------------------------------------
    def say(self, text: str = "", indent: int = 0) -> None:
        if not text:
            self.out.write("\n")
            return
        for paragraph in text.split("\n"):
            self.out.write(wrap_for_listening(paragraph, self.width, indent) + "\n")

    def heading(self, text: str, detail: str = "") -> None:
        """A heading in capitals; `detail` (a kind of question, a unit) as written, since a
        screen reader spells out or shouts words in capitals."""
        self.say()
        self.say(f"{text.upper()} {detail}".rstrip())

    def investigations(self, rows: list[Investigation], indent: int = 2) -> None:
        """One sentence a row, as it is heard: "CK: 3800 U/L, high (normal 30 to 200 U/L)."
        No column padding: spaces are noise to a screen reader and wrap badly."""
        for row in rows:
            self.say(heard_investigation(row), indent)

    # -- the session ------------------------------------------------------------------
    def run(self, title: str | None = None) -> int:
        self.say(title or self.session.case.title)
        self.say(DISCLAIMER)
        self.say(
            ("Exam mode: feedback comes at the end. " if self.exam else "Practice mode. ")
            + "Answer with the option number; for 'select all' type several numbers or 'none'. "
            "Add sure, unsure or guessing to record your confidence. End of input stops."
        )
        self.say(COMMANDS_LINE)
        while not self.session.finished:
            step = self.session.current
            assert step is not None
            if self.session.case is not self._shown_case or self.session.context_each_item:
                self.vignette(self.session.case)
            try:
                result = self.ask(step)
            except _Quit:
                note, command = self.quit_note()
                self.say()
                self.say(note)
                self.out.write(f"  {command}\n")  # never wrapped: it is typed as it stands
                return EXIT_OK
            if result is None:
                self.say()
                self.say(
                    f"Stopped before the end: {len(self.session.results)} of the case's "
                    "decisions answered."
                )
                return EXIT_END_OF_INPUT
            if not self.exam:
                self.feedback(result)
            for reveal in result.reveals:
                self.heading("New information")
                self.say(reveal.text, 2)
                self.investigations(list(reveal.investigations))
        self.results()
        return EXIT_FINISHED

    def vignette(self, case: Case, *, again: bool = False) -> None:
        """The case as it stands now: the vignette and everything revealed so far."""
        if again or self._shown_case is not None or self.session.kind != "case":
            self.heading("Case:", case.title)  # the title as written, not shouted
        self._shown_case = case
        self.heading("Presentation")
        self.say(case.vignette.presentation, 2)
        self.heading("Examination")
        self.say(case.vignette.examination, 2)
        if case.vignette.investigations:
            self.heading("Investigations")
            self.investigations(list(case.vignette.investigations))
        for reveal in self.session.revealed:
            self.heading("Since then")
            self.say(reveal.text, 2)
            self.investigations(list(reveal.investigations))
        if self.session.changed_since_answered:
            self.say("This decision was changed in the case since you last answered it.", 2)

    def question(self, step: AnyStep) -> None:
        """The decision's heading, prompt and options, as first asked and on `repeat`."""
        self.heading(f"Decision {self.session.step_number}", f"({step_kind_hint(step)})")
        self.say(step.prompt, 2)
        order = self.session.option_order(step)
        if not isinstance(step, NumericStep):
            for number, index in enumerate(order, start=1):
                self.say(f"{number}. {step.options[index].text}", 2)

    def ask(self, step: AnyStep) -> StepResult | None:
        """Ask `step` until an answer is given: None at end of input; raises _Quit on quit."""
        self.question(step)
        while True:
            self.out.write("> ")
            self.out.flush()
            line = self.read_line()
            if line is None:
                return None
            if self.echo:
                # Input from a pipe is not shown by the terminal; echo it so a transcript reads.
                self.out.write(line + "\n")
            word = line.strip().lower()
            if word in COMMANDS:
                self.command(word, step)
                continue
            try:
                answer = parse_answer(line, step)
                if isinstance(step, NumericStep):
                    assert answer.value is not None
                    return self.session.answer_number(answer.value, answer.confidence)
                return self.session.choose(answer.numbers, answer.confidence)
            except InvalidResponse as problem:
                self.say(f"{problem} Try again.", 2)
            except StoreError as problem:
                self.say(f"Your answer could not be saved ({problem}). Try again.", 2)

    def command(self, word: str, step: AnyStep) -> None:
        """Answer one of COMMANDS at the prompt for `step`; never an answer to it."""
        if word == "quit":
            raise _Quit
        if word == "repeat":
            self.question(step)
        elif word == "case":
            self.vignette(self.session.case, again=True)
        elif word == "labs":
            self.labs(self.session.case)
        elif word in ("flag", "f"):
            self.flag(step)
        else:
            self.help(step)

    def help(self, step: AnyStep) -> None:
        self.heading("Help")
        if isinstance(step, NumericStep):
            # No example number: one could read as a hint at the answer.
            how = f"type a number in {step.numeric.unit}; you may add the unit after it."
        elif step.kind == "multiple":
            how = "select all that apply: type every number you choose, such as 1 3, or none."
        else:
            how = "type the number of the one best option, such as 2."
        self.say(f"To answer this decision, {how}", 2)
        self.say("Add sure, unsure or guessing after your answer to record your confidence.", 2)
        self.say("Or type one of these words:", 2)
        self.say("help: these instructions.", 4)
        self.say("repeat: the question and its options again.", 4)
        self.say("case: the case again: presentation, examination and investigations.", 4)
        self.say("labs: the investigation results only.", 4)
        self.say("flag (or f): flag this decision for tutor drill --flagged; again unflags.", 4)
        self.say("quit: stop here and say how to carry on later.", 4)

    def flag(self, step: AnyStep) -> None:
        if self.flags is None:
            self.say("Progress is not being kept, so a flag cannot be kept either.", 2)
            return
        try:
            flagged = self.flags.flag(self.session.case.id, step.id)
        except StoreError as problem:
            self.say(f"The flag could not be saved ({problem}).", 2)
            return
        self.say(
            "Flagged for review: tutor drill --flagged plays it. Type flag again to unflag."
            if flagged
            else "Flag removed.",
            2,
        )

    def labs(self, case: Case) -> None:
        """The investigations only: the vignette's, then those revealed since."""
        later = [list(r.investigations) for r in self.session.revealed if r.investigations]
        self.heading("Investigations")
        if not case.vignette.investigations and not later:
            self.say("This case has no investigation results yet.", 2)
            return
        if case.vignette.investigations:
            self.say("At presentation:", 2)
            self.investigations(list(case.vignette.investigations), 4)
        for rows in later:
            self.say("Later:", 2)
            self.investigations(rows, 4)

    def quit_note(self) -> tuple[str, str]:
        return quit_note(self.session, self.resume_command)

    def feedback(self, result: StepResult) -> None:
        if result.harmful:  # said first: a listener must not wait through the explanation
            self.say("SAFETY: this choice could harm a patient.", 2)
        self.say(result_headline(result), 2)
        if result.tally:
            self.say(result.tally, 4)
        if result.every_option:
            # Every option with its verdict and explanation, the learner's own marked.
            self.say("Every option, and why:", 4)
            for item in result.every_option:
                mine = " (your choice)" if item.chosen else ""
                self.say(f"- {item.label} - {VERDICT_WORDS[item.verdict]}{mine}", 6)
                self.say(f"{item.text} {cited(item.cite, self.references)}", 8)
        else:
            for item in result.feedback:
                who = "You chose" if item.chosen else "Key"
                self.say(f"{who}: {item.label} - {VERDICT_WORDS[item.verdict]}", 4)
                self.say(f"{item.text} {cited(item.cite, self.references)}", 6)
        if result.node is not None:
            node = result.node
            self.say(
                f"Algorithm ({node.title}): {node.summary} {cited(node.cite, self.references)}", 4
            )
            preferred = ", ".join(a.therapy.label for a in node.preferred)
            if preferred:
                self.say(f"Preferred here: {preferred}.", 6)
            avoid = ", ".join(a.therapy.label for a in node.avoid)
            if avoid:
                self.say(f"Avoid here: {avoid}.", 6)
        for note in result.sources_differ:
            self.say(f"Sources differ: {note.note} {cited(note.cite, self.references)}", 4)
        for line in reference_lines(result.citations, self.references):
            self.say(line, 4)

    def results(self) -> None:
        totals = self.session.totals()
        self.heading("Results")
        self.say(score_line(totals), 2)
        if best_path_note(totals):
            self.say(best_path_note(totals), 2)
        self.say(safety_line(totals), 2)
        numbers = {r.step_id: n for n, r in enumerate(self.session.counted, start=1)}
        for step_id, choice in totals.harmful:
            where = f"decision {numbers[step_id]}" if step_id in numbers else f"'{step_id}'"
            self.say(f"Harmful choice at {where}: {choice}", 4)
        if self.session.counted:
            from tutor.core.progress.certainty import marks_of

            marks = marks_of(self.session.counted, self.unmarked)
            self.say(marks.line(), 2)
            self.say(marks.calibration_line(), 2)
        calibration = self.session.calibration()
        if calibration:
            self.say("The answers you marked, by confidence:", 2)
            for row in calibration:
                self.say(f"{row.confidence.value}: {row.correct} of {row.answered} correct", 4)
        self.heading("Review")
        flagged = self._flagged()
        for number, (prompt, result) in enumerate(self.answered(), start=1):
            case_id = self.session.case_of(number).id
            mark = " (flagged)" if (case_id, result.step_id) in flagged else ""
            self.say(f"{number}. {prompt}{mark}", 2)
            self.say(f"Your answer: {result.answer_text}", 5)
            if self.exam:
                self.feedback(result)
            else:
                self.say(result_headline(result), 5)
        self.say()
        self.say(DISCLAIMER)

    def _flagged(self) -> set[tuple[str, str]]:
        try:
            return set(self.flags.flags()) if self.flags is not None else set()
        except StoreError:
            return set()

    def answered(self) -> list[tuple[str, StepResult]]:
        results = self.session.counted
        prompts = [
            self.session.case_of(number).step(result.step_id).prompt
            for number, result in enumerate(results, start=1)
        ]
        return list(zip(prompts, results, strict=False))


def lines_from(stream: TextIO) -> Callable[[], str | None]:
    """A reader that returns None at end of input."""
    iterator: Iterator[str] = iter(stream)

    def read() -> str | None:
        line = next(iterator, None)
        return None if line is None else line.rstrip("\n")

    return read
