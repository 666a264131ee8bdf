"""The player's keys, as data: what each key does on the case player, and its help text."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tutor.core.algorithm.scoring_types import Confidence

CONFIDENCE = Binding.Group("Confidence")
CHOOSE = Binding.Group("Choose")
CONFIDENCE_KEYS = {"s": Confidence.sure, "u": Confidence.unsure, "g": Confidence.guessing}

PLAYER_BINDINGS: list[BindingType] = [
    Binding(
        "enter",
        "submit",
        "Submit",
        key_display="↵",
        priority=True,
        tooltip="Submit the answer (the highlighted option, the marked ones, or the number)",
        id="player.submit",
    ),
    *(
        Binding(
            str(n),
            f"pick({n})",
            "Choose",
            key_display="1-9",
            show=n == 1,
            # Priority, like Enter: a priority binding runs as the key arrives, ahead of
            # keys still queued for the focused widget, so "1" then Enter typed (or sent)
            # at once would submit before the pick. Numeric steps disable it (the number
            # field gets the digits).
            priority=True,
            tooltip="Choose an option by its number (select all: mark or unmark it)",
            id=f"player.pick-{n}",
        )
        for n in range(1, 10)
    ),
    Binding(
        "space",
        "mark",
        "Mark",
        priority=True,  # as the digits
        tooltip="Mark or unmark the highlighted option (select all that apply)",
        id="player.toggle",
    ),
    *(
        Binding(
            key,
            f"confidence('{level.value}')",
            level.value.capitalize(),
            group=CONFIDENCE,
            tooltip=f"Record that you are {level.value} about this answer (again: unmark)",
            id=f"player.confidence-{level.value}",
            priority=True,  # like Enter: a mark typed just before Enter is not lost
        )
        for key, level in CONFIDENCE_KEYS.items()
    ),
    Binding(
        "shift+down",
        "scroll_case(4)",
        "Scroll the case down",
        show=False,
        tooltip="Scroll the patient's story down (also: Shift+Tab to it, then arrows)",
        id="player.scroll-down",
    ),
    Binding(
        "shift+up",
        "scroll_case(-4)",
        "Scroll the case up",
        show=False,
        tooltip="Scroll the patient's story up",
        id="player.scroll-up",
    ),
    Binding(
        "a",
        "algorithm",
        "Algorithm",
        show=False,
        tooltip="Browse the treatment algorithm (practice mode only)",
        id="player.algorithm",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        show=False,
        tooltip="Leave the case for the library (asks first)",
        id="player.back",
    ),
    Binding(
        "f",
        "flag",
        "Flag",
        show=False,
        tooltip="Flag this decision for later (tutor drill --flagged); f again unflags",
        id="player.flag",
    ),
]
