"""The case player: the vignette, the current decision, and its options in the session's order."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import HorizontalGroup, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Static
from textual.widgets.option_list import Option

from tutor.core.algorithm.scoring_types import Confidence, InvalidResponse, StepResult
from tutor.core.cases.model import AnyStep, NumericStep
from tutor.core.play.answers import parse_answer
from tutor.core.play.describe import step_kind_hint
from tutor.ui import render
from tutor.ui.attempt import Attempt, countdown_text
from tutor.ui.screens.player_fit import DecisionFit
from tutor.ui.screens.player_keys import PLAYER_BINDINGS
from tutor.ui.widgets.keybar import KeyBar
from tutor.ui.widgets.lists import ChoiceList
from tutor.ui.widgets.topbar import TopBar
from tutor.ui.widgets.vignette import VignetteView

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

NARROW = 76  # columns: below this, the confidence line is said in fewer words
STORY_MORE = Content.styled(
    "▼ More of the case below: Shift+↓ reads on (Shift+↑ back)", "$text-warning"
)


class PlayerScreen(DecisionFit, Screen[None]):
    """Displays the session and routes answers to it; the session decides everything else."""

    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = PLAYER_BINDINGS

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt
        self._checked: set[int] = set()
        self._confidence: Confidence | None = None
        self._confirm_empty = False
        self._option_width: int | None = None  # known once laid out: options wrap to it
        self._shown = False

    @property
    def tutor(self) -> TutorApp:
        return self.app  # type: ignore[return-value]

    @property
    def step(self) -> AnyStep | None:
        return self.attempt.session.current

    def compose(self) -> ComposeResult:
        yield TopBar(render.plain(self.attempt.title), id="topbar")
        with Vertical(id="player-body"):
            yield VignetteView(self.attempt.case.vignette, id="vignette")
            yield Static(STORY_MORE, id="story-more", classes="more")
            with Vertical(id="decision"):
                yield Static(id="decision-title")
                yield Static(id="prompt")
                yield ChoiceList(id="choices", markup=False)
                yield Static(id="more-options", classes="more")
                yield Input(id="number", compact=True)
                with HorizontalGroup(id="decision-bar"):
                    yield Static(id="confidence")
                    yield Button("Submit", id="submit", compact=True)
                yield Static(id="problem")
        yield KeyBar()

    def on_mount(self) -> None:
        self._notice_pending = bool(self.attempt.notice)
        self.watch(self.query_one("#choices"), "scroll_y", self._choices_moved, init=False)
        self.show_step()

    def on_resize(self) -> None:
        if self._shown:  # a resize can arrive before the first step is shown
            self.update_status()
            self.call_after_refresh(self._fit)

    @on(VignetteView.Moved)
    def _on_story_moved(self) -> None:
        # Here, not in DecisionFit: Textual collects @on handlers from Screen subclasses only.
        self._story_moved()

    # -- display ---------------------------------------------------------------------------
    def show_step(self) -> None:
        """Render the session's current step (or hand over to the results when it is over)."""
        if self.attempt.over:
            self.tutor.show_results()
            return
        step = self.step
        assert step is not None
        self._checked.clear()
        self._confidence = None
        self._confirm_empty = False
        self._shown = True
        # The whole screen laid out before its next frame: the new step's texts change the
        # heights, and a frame drawn first would show them in the last step's geometry.
        self.refresh(layout=True)
        self._show_story()
        self.query_one("#decision-title", Static).update(self._decision_title())
        self.query_one("#prompt", Static).update(render.plain(step.prompt))
        choices = self.query_one("#choices", ChoiceList)
        number = self.query_one("#number", Input)
        numeric = isinstance(step, NumericStep)
        choices.display = not numeric
        number.display = numeric
        if isinstance(step, NumericStep):
            number.value = ""
            number.placeholder = (
                f"a number in {step.numeric.unit}; add sure, unsure or guessing if you like"
            )
            number.focus()
        else:
            choices.clear_options()
            choices.add_options([Option(self._prompt(n), id=str(n)) for n in self._numbers()])
            choices.highlighted = None
            choices.focus()
        self.set_problem("")
        if getattr(self, "_notice_pending", False):
            # Where the case resumed: on the message line (it stays until the learner acts),
            # not in a toast that would cover options.
            self._notice_pending = False
            style = "$text-warning" if self.attempt.notice_warning else render.MUTED
            self.set_problem(self.attempt.notice, style)
        self.update_status()
        self.refresh_bindings()
        if self._option_width is not None:
            # Laid out before (the screen's size is known): fit now, so the first frame of
            # this step has its final heights; the pass after it then finds nothing to change.
            self._fit()
        self.call_after_refresh(self._fit)

    def _show_story(self) -> None:
        """The vignette as it stands at this decision: in a case, new reveals are appended; each
        quiz question shows its case's story afresh, from the top, as it stood at that point."""
        session = self.attempt.session
        vignette = self.query_one("#vignette", VignetteView)
        revealed = session.revealed
        if self.attempt.quiz:
            vignette.reset(session.case.vignette, revealed)
        else:
            vignette.show_reveals(revealed)
        if self.attempt.quiz:
            kind = "Review drill" if session.kind == "drill" else "Quiz"
            self.query_one(TopBar).set_title(render.line((kind, "bold"), " · ", session.case.title))

    def _decision_title(self) -> Content:
        step = self.step
        assert step is not None
        number = self.attempt.session.step_number
        count = self.attempt.count
        return render.line(
            (
                f"Question {number} of {count}" if count else f"Decision {number}",
                render.HEADING,
            ),
            (f"  ({step_kind_hint(step)})", render.MUTED),
            ("  · exploring: not scored", render.WARNING) if self.attempt.session.exploring else "",
        )

    def _numbers(self) -> list[int]:
        step = self.step
        return (
            [] if step is None else list(range(1, len(self.attempt.session.option_order(step)) + 1))
        )

    def _prompt(self, number: int) -> Content:
        step = self.step
        assert step is not None and not isinstance(step, NumericStep)
        index = self.attempt.session.option_order(step)[number - 1]
        mark = None
        if step.kind == "multiple":
            mark = "[x]" if number in self._checked else "[ ]"
        return render.option_prompt(number, step.options[index].text, mark, self._option_width)

    def update_status(self) -> None:
        attempt = self.attempt
        mode = "Exam" if attempt.exam else "Practice"
        left = attempt.seconds_left()
        if left is None:
            self.query_one(TopBar).set_right(mode)
        else:
            urgent = "$text-error" if left <= 10 else "$text-warning" if left <= 60 else ""
            self.query_one(TopBar).set_right(
                render.line(mode, " · ", (countdown_text(left), urgent))
            )
        level = self._confidence.value if self._confidence else "not marked"
        narrow = self.size.width < NARROW
        if isinstance(self.step, NumericStep):
            # The letters are typed in the number field here, so say what to type.
            how = (
                "type sure, unsure or guessing after it"
                if narrow
                else ("type sure, unsure or guessing after the number")
            )
            line = render.line(("Confidence: ", render.MUTED), (how, render.MUTED))
        else:
            how = "  (s/u/g)" if narrow else "  (s sure · u unsure · g guessing)"
            line = render.line(("Confidence: ", render.MUTED), (level, "bold"), (how, render.MUTED))
        self.query_one("#confidence", Static).update(line)

    def show_notice_next(self) -> None:
        """Show the attempt's notice on the message line when the next step is shown."""
        self._notice_pending = bool(self.attempt.notice)

    def set_problem(self, message: str, style: str = render.ERROR) -> None:
        """An inline message about the answer (an InvalidResponse, a missing choice), or a
        notice in another style."""
        problem = self.query_one("#problem", Static)
        problem.update(Content.styled(message, style))
        if problem.display != bool(message):
            problem.display = bool(message)
            self.call_after_refresh(self._fit)

    # -- input -----------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.step
        if step is None:
            return action in ("back",)
        if action == "pick":
            return not isinstance(step, NumericStep)
        if action == "mark":
            return not isinstance(step, NumericStep) and step.kind == "multiple"
        if action == "confidence":
            # In a number field the letters are typed ("0.75 sure" is read there).
            return not isinstance(step, NumericStep)
        if action == "algorithm":
            return not self.attempt.exam
        if action == "flag":
            return self.tutor.store is not None
        return True

    def action_flag(self) -> None:
        step = self.step
        if step is not None:
            self.tutor.toggle_flag(self.attempt.case.id, step.id)

    def action_pick(self, number: int) -> None:
        choices = self.query_one("#choices", ChoiceList)
        if number > choices.option_count:
            self.set_problem(f"There is no option {number}; choose 1-{choices.option_count}.")
            return
        self.set_problem("")
        choices.focus()
        choices.highlighted = number - 1
        step = self.step
        if step is not None and not isinstance(step, NumericStep) and step.kind == "multiple":
            self._toggle(number)

    def action_mark(self) -> None:
        # Not "toggle": Textual's own toggle action (flip an attribute) has that name.
        highlighted = self.query_one("#choices", ChoiceList).highlighted
        if highlighted is not None:
            self._toggle(highlighted + 1)

    def _toggle(self, number: int) -> None:
        self._checked ^= {number}
        self._confirm_empty = False
        self.query_one("#choices", ChoiceList).replace_option_prompt_at_index(
            number - 1, self._prompt(number)
        )

    def action_confidence(self, level: str) -> None:
        chosen = Confidence(level)
        self._confidence = None if self._confidence is chosen else chosen
        self.update_status()

    @on(ChoiceList.Clicked)
    def _clicked(self, event: ChoiceList.Clicked) -> None:
        step = self.step
        if step is not None and not isinstance(step, NumericStep) and step.kind == "multiple":
            self._toggle(event.index + 1)

    @on(ChoiceList.OptionSelected)
    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def _submit_event(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        from tutor.core.progress.store import StoreError

        step = self.step
        if step is None or self.attempt.over:
            return
        session = self.attempt.session
        answered = len(session.results)
        try:
            result = self._answer(step)
        except InvalidResponse as problem:
            self.set_problem(str(problem))
            return
        except StoreError as problem:
            if len(session.results) == answered:
                # Not written, so not taken: the session has not moved. Let them try again.
                self.set_problem(
                    f"{problem} Your answer is still selected: press Enter to try again."
                )
                return
            # The answer was saved; only marking the attempt finished failed (it is marked
            # when the attempt is next opened).
            result = session.results[-1]
        if result is not None:
            self.answered(result)

    def _answer(self, step: AnyStep) -> StepResult | None:
        session = self.attempt.session
        if isinstance(step, NumericStep):
            answer = parse_answer(self.query_one("#number", Input).value, step)
            assert answer.value is not None
            return session.answer_number(answer.value, self._confidence or answer.confidence)
        if step.kind == "multiple":
            if not self._checked and not self._confirm_empty:
                self._confirm_empty = True
                self.set_problem(
                    "Nothing is selected: mark options with 1-9 or Space, "
                    "or press Enter again to answer that none apply."
                )
                return None
            return session.choose(sorted(self._checked), self._confidence)
        highlighted = self.query_one("#choices", ChoiceList).highlighted
        if highlighted is None:
            self.set_problem("Choose an option with 1-9 or the arrow keys, then press Enter.")
            return None
        return session.choose([highlighted + 1], self._confidence)

    def answered(self, result: StepResult) -> None:
        number = len(self.attempt.session.results)
        if self.attempt.exam:
            self.show_step()
            if not self.attempt.over:
                self.query_one("#decision-title", Static).update(
                    render.line(
                        self._decision_title(),
                        (f"  · answer {number} locked in", "$text-success"),
                    )
                )
        else:
            self.tutor.show_feedback(self.attempt, result, number, self.show_step)

    def action_scroll_case(self, lines: int) -> None:
        self.query_one("#vignette", VignetteView).read_on(lines)

    def action_algorithm(self) -> None:
        step = self.step
        self.tutor.show_algorithm(step.node if step else None)

    def action_back(self) -> None:
        self.tutor.leave_case()
