"""Run an app headless for the benchmark, in a process of its own.

    python bench/drive_app.py bare
    python bench/drive_app.py tutor [TUTOR PLAY ARGUMENTS ...]
    python bench/drive_app.py tutor-loaded [TUTOR PLAY ARGUMENTS ...]
    python bench/drive_app.py tutor-first-title [TUTOR PLAY ARGUMENTS ...]
    python bench/drive_app.py keys CASE_ID
    python bench/drive_app.py screen s|h [TUTOR PLAY ARGUMENTS ...]

`tutor` runs the real `tutor play` command (`tutor.cli.main`), the same code path as typing
`tutor` in a terminal, with one change: Textual's `App.run` is wrapped so that the app runs
headless and exits as soon as it is ready for input (its first interactive frame). The parent
process times the whole run. `bare` does the same for a bare Textual app with one widget.
`tutor-loaded` waits until the full library has loaded behind that frame (for peak memory).
`tutor-first-title` waits until the library lists a case and that frame is drawn (on a first
run, the first batch of checked files), then quits, and prints the wall-clock time (`time.time`)
of that frame, for the parent to subtract its own start from: quitting stops the workers at
the end of the chunk they are on, which is not part of the figure.

`keys` plays a whole case through, choosing keys for each kind of screen as a learner would
(move, pick, mark confidence, scroll, submit, read the feedback, continue), and for each key
records the time from handing the key to the app until the app has produced the next frame
(measured inside the app, at the point where a frame is composed and rendered to terminal
output), and until the last frame it drew before falling quiet (the settled frame: work
scheduled after the first frame shows there). It prints the keys and both latencies in
milliseconds as JSON.

`screen` opens the statistics (s) or the history (h) from the library once it has loaded, and
prints, as JSON, the milliseconds until the figures are drawn and from Esc until the library
is drawn again.
"""

from __future__ import annotations

import importlib.machinery
import sys
import time
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

SIZE = (100, 32)
AutoPilot = Callable[[Any], Any]


async def exit_when_ready(pilot: Any) -> None:
    # Ready for input; exit once that first frame has been drawn.
    pilot.app.call_after_refresh(pilot.app.exit)


FIRST_TITLE: list[float] = []


async def exit_when_a_title_is_listed(pilot: Any) -> None:
    """For a first run: exit once the library lists its first case, and that frame is drawn."""
    app = pilot.app
    cases = app.screen.query_one("#cases")
    while not any((option.id or "").startswith("case:") for option in cases.options):
        await pilot.pause(0.005)

    def drawn() -> None:
        FIRST_TITLE.append(time.time())
        app.exit()

    app.call_after_refresh(drawn)


async def exit_when_loaded(pilot: Any) -> None:
    """For memory: exit only once the whole library has loaded behind the first frame."""
    await pilot.app.wait_for_library()
    pilot.app.call_after_refresh(pilot.app.exit)


class _RunHeadless:
    """Wraps `App.run` the moment `textual.app` is first imported, wherever that happens, so the
    program under test imports Textual exactly when and how it would in a terminal. (A meta
    path finder by duck typing: importlib.abc alone would add 13 ms to both apps' start.)"""

    def __init__(self, auto_pilot: AutoPilot, on_import: Callable[[ModuleType], None]) -> None:
        self.auto_pilot = auto_pilot
        self.on_import = on_import

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "textual.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        assert spec is not None and spec.loader is not None
        execute = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            self.on_import(module)
            run = module.App.run

            def run_headless(app: Any, *args: Any, **kwargs: Any) -> Any:
                return run(app, headless=True, size=SIZE, auto_pilot=self.auto_pilot)

            module.App.run = run_headless

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def run_headless(auto_pilot: AutoPilot, on_import: Callable[[ModuleType], None] = id) -> None:
    sys.meta_path.insert(0, _RunHeadless(auto_pilot, on_import))


def bare() -> None:
    run_headless(exit_when_ready)
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("A bare Textual app with one widget.")

    Bare().run()


def tutor(argv: Sequence[str], auto_pilot: AutoPilot = exit_when_ready) -> None:
    run_headless(auto_pilot)
    from tutor.cli import main

    code = main(["play", *argv])
    if code:
        raise SystemExit(f"tutor could not start (exit {code})")


# --------------------------------------------------------------------------- key to frame

# The keys a learner presses on each screen, in order. Digits pick options; s marks "sure";
# Shift+Down scrolls the story; on the feedback, arrows scroll before Enter goes on.
SINGLE = ["shift+down", "down", "down", "up", "1", "s", "enter"]
MULTIPLE = ["down", "1", "3", "space", "g", "enter"]
NUMERIC = ["1", "enter"]
FEEDBACK = ["down", "down", "up", "enter"]
MOST_KEYS = 400  # a safety stop if a screen does not move on
SETTLE_SECONDS = 0.1  # quiet time after a key before its last frame is taken as settled


def keys_for(screen: Any) -> list[str] | None:
    """The next keys for the screen on display, or None once the case is over."""
    name = type(screen).__name__
    if name == "FeedbackScreen":
        return FEEDBACK
    if name == "PlayerScreen":
        step = screen.step
        kind = getattr(step, "kind", None)
        return NUMERIC if kind == "numeric" else MULTIPLE if kind == "multiple" else SINGLE
    return None


def key_latencies(case_id: str) -> list[tuple[str, float, float]]:
    """(screen:key, milliseconds to its first frame, milliseconds to the last frame before the
    app fell quiet) for every key that changed the screen."""
    frames: list[float] = []
    latencies: list[tuple[str, float, float]] = []

    def time_frames(module: ModuleType) -> None:
        display = module.App._display

        def timed_display(self: Any, screen: Any, renderable: Any) -> None:
            display(self, screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                # Headless apps skip writing to the terminal; render anyway so the figure
                # includes the cost of turning the frame into terminal output.
                renderable.render_segments(self.console)
                frames.append(time.perf_counter())

        module.App._display = timed_display

    async def play(pilot: Any) -> None:
        await pilot.pause()
        pressed = 0
        while pressed < MOST_KEYS and (keys := keys_for(pilot.app.screen)) is not None:
            screen = type(pilot.app.screen).__name__.removesuffix("Screen").lower()
            for key in keys:
                sent = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                # Let work scheduled after the first frame (mounts, scrolling into view,
                # refreshes) run out, so the last frame it draws is counted too.
                await pilot.wait_for_scheduled_animations()
                await pilot.pause(SETTLE_SECONDS)
                after = [t for t in frames if t >= sent]
                if after:  # a key that changes nothing on screen has no frame to wait for
                    first, settled = after[0] - sent, after[-1] - sent
                    latencies.append((f"{screen}:{key}", first * 1000, settled * 1000))
                pressed += 1
        pilot.app.exit()

    run_headless(play, time_frames)
    from tutor.cli import main

    main(["play", case_id, "--seed", "1"])
    return latencies


# --------------------------------------------------------------------------- progress screens


def screen_round_trip(key: str, argv: Sequence[str]) -> tuple[float, float]:
    """Milliseconds from pressing `key` in the library (s: statistics, h: history) until its
    figures are on screen (read on a worker thread, then drawn), and from Esc until the
    library is back and redrawn (its marks read again from the store)."""
    times: list[float] = []

    async def open_and_back(pilot: Any) -> None:
        await pilot.app.wait_for_library()
        await pilot.pause()
        sent = time.perf_counter()
        await pilot.press(key)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        times.append(time.perf_counter() - sent)
        sent = time.perf_counter()
        await pilot.press("escape")
        await pilot.pause()
        times.append(time.perf_counter() - sent)
        pilot.app.exit()

    tutor(argv, open_and_back)
    return times[0] * 1000, times[1] * 1000


def main(argv: Sequence[str]) -> None:
    what, rest = argv[0], list(argv[1:])
    if what == "bare":
        bare()
    elif what == "tutor":
        tutor(rest)
    elif what == "tutor-loaded":
        tutor(rest, exit_when_loaded)
    elif what == "tutor-first-title":
        tutor(rest, exit_when_a_title_is_listed)
        print(FIRST_TITLE[0])
    elif what == "screen":
        import json

        print(json.dumps(screen_round_trip(rest[0], rest[1:])))
    elif what == "keys":
        import json  # here: the startup figures must not pay for it

        print(json.dumps(key_latencies(rest[0])))
    else:
        raise SystemExit(f"unknown mode {what!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
