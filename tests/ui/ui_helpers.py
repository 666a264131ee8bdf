"""Helpers for the Pilot-driven UI tests: answer like a learner would, and read the screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from tutor.core.cases.model import AnyStep, MultipleStep, NumericStep
from tutor.core.cases.vocabulary import Verdict
from tutor.core.play.session import Session
from tutor.paths import bundled_cases_dir
from tutor.ui.app import TutorApp
from tutor.ui.widgets.blocks import Blocks
from tutor.ui.widgets.topbar import TopBar

SIZE = (100, 32)
SEED = 7
BUNDLED_FILES = (
    "refractory-polymyositis.yaml",
    "dermatomyositis-dysphagia.yaml",
    "myositis-ild.yaml",
)


def bundled_paths() -> list[Path]:
    """The bundled case files that exist (they are written alongside this code)."""
    return [
        bundled_cases_dir() / name
        for name in BUNDLED_FILES
        if (bundled_cases_dir() / name).is_file()
    ]


def session_of(app: TutorApp) -> Session:
    assert app.attempt is not None, "no case is open"
    return app.attempt.session


def shown_numbers(session: Session, step: AnyStep, wanted: list[int]) -> list[int]:
    """The numbers options were shown under, for option indexes as written in the case."""
    order = session.option_order(step)
    return sorted(order.index(index) + 1 for index in wanted)


def best_keys(session: Session) -> list[str]:
    """Keys that give the answer the case keys as best."""
    step = session.current
    assert step is not None
    if isinstance(step, NumericStep):
        band = next(b for b in step.numeric.bands if b.verdict is Verdict.preferred)
        return [*f"{(band.min + band.max) / 2:g}", "enter"]
    if isinstance(step, MultipleStep):
        wanted = [i for i, o in enumerate(step.options) if o.verdict.is_correct]
    else:
        wanted = [next(i for i, o in enumerate(step.options) if o.verdict is Verdict.preferred)]
    return [*(str(n) for n in shown_numbers(session, step, wanted)), "enter"]


def worst_keys(session: Session) -> list[str]:
    """Keys for the most harmful answer on offer (or a suboptimal one where none is harmful)."""
    step = session.current
    assert step is not None
    if isinstance(step, NumericStep):
        harmful = [b for b in step.numeric.bands if b.verdict is Verdict.harmful]
        value = harmful[0].min if harmful else max(b.max for b in step.numeric.bands) * 10 + 1
        return [*f"{value:g}", "enter"]
    by_verdict = {
        v: [i for i, o in enumerate(step.options) if o.verdict is v]
        for v in (Verdict.harmful, Verdict.suboptimal)
    }
    wanted = by_verdict[Verdict.harmful] or by_verdict[Verdict.suboptimal][:1]
    if not isinstance(step, MultipleStep):
        wanted = wanted[:1]
    keys = [str(n) for n in shown_numbers(session, step, wanted)]
    return [*keys, "enter"] if keys else ["enter", "enter"]


def screen_text(screen: Screen) -> str:
    """Every piece of text the screen holds (scrolled out of view or not), one per line."""
    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, Blocks):
            parts.append(widget.text)
        elif isinstance(widget, TopBar):
            parts.append(f"{widget.title.plain}\n{widget.right.plain}")
        elif isinstance(widget, Static):
            visual = widget.visual
            parts.append(visual.plain if isinstance(visual, Content) else str(visual))
        elif isinstance(widget, OptionList):
            for option in widget.options:
                prompt = option.prompt
                parts.append(prompt.plain if isinstance(prompt, Content) else str(prompt))
    return "\n".join(parts)


def visible_lines(app: App) -> list[str]:
    """The terminal as the learner sees it right now: one string per row."""
    update = app.screen._compositor.render_update(full=True)
    return ["".join(strip.text for strip in row) for row in update.strips]


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped text can be searched for."""
    return " ".join(text.split())
