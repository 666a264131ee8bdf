"""A drill: the review cards due now, each played as a quiz item and scored as in practice mode.

Each card's decision is shown with its case's vignette and what the case had revealed before it
on the learner's own path (the attempt the card came from), else on the expert's path. Each
answer is scored, explained, and the card rescheduled in the deck at once.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.scoring_types import Response, StepResult
from tutor.core.cases.model import Case, Reveal
from tutor.core.cases.vocabulary import Tag
from tutor.core.play.playable import PlayKind
from tutor.core.play.quiz import QuizItem, QuizSession, expert_path
from tutor.core.play.session import Session
from tutor.core.progress.review import ReviewCard, ReviewDeck, responses_before

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> datetime.timedelta:
    """'2d', '12h', '30m', '1w' (or a bare number of days). Raises ValueError."""
    if re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", text):
        text = text.strip() + "d"
    match = _DURATION.match(text.lower())
    if not match:
        raise ValueError(f"'{text}' is not a duration such as 2d, 12h or 30m")
    return datetime.timedelta(**{_UNITS[match[2]]: float(match[1])})


@dataclass(frozen=True)
class DrillItem(QuizItem):
    card: ReviewCard | None = None


def context_before(
    case: Case, step_id: str, responses: Sequence[Response], algorithm: Algorithm | None
) -> tuple[Reveal, ...] | None:
    """What the case had revealed before `step_id` on the path of `responses`, or None when
    that path no longer leads there."""
    session = Session(case, algorithm, shuffle=False)
    try:
        session.replay(responses)
    except (KeyError, ValueError, RuntimeError):
        return None
    current = session.current
    return tuple(session.revealed) if current is not None and current.id == step_id else None


def build_items(
    deck: ReviewDeck,
    cards: Iterable[ReviewCard],
    cases: Mapping[str, Case],
    algorithm: Algorithm | None,
) -> list[DrillItem]:
    """Quiz items for cards whose case and step are in the library (others are skipped)."""
    items = []
    expert: dict[str, dict[str, tuple[Reveal, ...]]] = {}
    for card in cards:
        case = cases.get(card.case_id)
        if case is None or card.step_id not in {s.id for s in case.steps}:
            continue
        step = case.step(card.step_id)
        before = context_before(
            case, step.id, responses_before(deck.store, card.attempt_id, step.id), algorithm
        )
        if before is None:
            if case.id not in expert:
                expert[case.id] = {
                    i.step.id: i.revealed_before for i in expert_path(case, algorithm)
                }
            before = expert[case.id].get(step.id, ())
        items.append(DrillItem(case, step, before, card))
    return items


def select_cards(
    deck: ReviewDeck,
    cases: Mapping[str, Case],
    *,
    count: int | None = None,
    tags: Sequence[Tag] = (),
    flagged: bool = False,
    ahead: datetime.timedelta = datetime.timedelta(0),
) -> list[ReviewCard]:
    """The cards to drill: due ones (or, with `flagged`, the flagged decisions whatever their
    due time), in playing order, of cases with any of `tags`, at most `count`."""
    deck.sync()
    deck.refresh(cases)
    if flagged:
        chosen = []
        for case_id, step_id in deck.flags():
            card = deck.card(case_id, step_id)
            if card is None:  # flagged before it was ever answered
                card = _unanswered_card(case_id, step_id)
            chosen.append(card)
    else:
        chosen = deck.due(ahead, known=cases)
    if tags:
        wanted = set(tags)
        chosen = [c for c in chosen if c.case_id in cases and wanted & set(cases[c.case_id].tags)]
    return chosen[:count] if count else chosen


def _unanswered_card(case_id: str, step_id: str) -> ReviewCard:
    from tutor.core.progress.scheduler import Rating

    return ReviewCard(
        id=0,
        case_id=case_id,
        step_id=step_id,
        case_version=0,
        fingerprint="",
        due=datetime.datetime.min.replace(tzinfo=datetime.UTC),
        last_rating=Rating.again,
        last_confidence=None,
        attempt_id=None,
        changed=False,
    )


class DrillSession(QuizSession):
    """A quiz over review cards whose every answer reschedules its card in the deck."""

    kind: PlayKind = "drill"
    context_each_item = True
    """Front ends show the vignette and what came before with every item, not once a case."""

    def __init__(
        self,
        items: Sequence[DrillItem],
        deck: ReviewDeck,
        algorithm: Algorithm | None = None,
        *,
        seed: int = 0,
        shuffle: bool = True,
    ) -> None:
        super().__init__(items, algorithm, seed=seed, shuffle=shuffle)
        self.deck = deck
        self.drill_items = list(items)
        self.rescheduled: list[ReviewCard] = []

    @property
    def changed_since_answered(self) -> bool:
        item = self.item
        card = self.drill_items[len(self.results)].card if item is not None else None
        return card is not None and card.changed

    def submit(self, response: Response) -> StepResult:
        item = self.item
        result = super().submit(response)
        assert item is not None
        try:
            self.rescheduled.append(self.deck.record(item.case, result))
        except BaseException:
            self.results.pop()  # not recorded: ask again, as a session does
            raise
        return result


def when_text(moment: datetime.datetime, now: datetime.datetime) -> str:
    """'in 3 days (2026-03-04 09:00 UTC)' and the like."""
    delta = moment - now
    seconds = delta.total_seconds()
    if seconds <= 0:
        relative = "now"
    elif seconds < 3600:
        relative = f"in {max(1, round(seconds / 60))} minute(s)"
    elif seconds < 86400:
        relative = f"in {round(seconds / 3600)} hour(s)"
    else:
        relative = f"in {round(seconds / 86400)} day(s)"
    return f"{relative} ({moment.astimezone(datetime.UTC):%Y-%m-%d %H:%M} UTC)"
