"""Run an app headless for the benchmark, in a process of its own.

    python bench/drive_app.py bare
    python bench/drive_app.py tutor [TUTOR PLAY ARGUMENTS ...]
    python bench/drive_app.py tutor-loaded [TUTOR PLAY ARGUMENTS ...]
    python bench/drive_app.py keys CASE_ID KEYS...

`bare` and `tutor` start the app and exit as soon as it is ready for input (the first
interactive frame); the parent process times the whole run. `tutor-loaded` waits until the
full library has loaded behind that frame (for peak memory). `keys` plays a case: for each key it
records the time from handing the key to the app until the app has produced the next frame
(measured inside the app, at the point where a frame is composed and rendered to terminal
output), and prints the latencies in milliseconds as JSON.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from typing import Any


def run_until_ready(app: Any) -> None:
    async def exit_when_ready(pilot: Any) -> None:
        # Ready for input; exit once that first frame has been drawn.
        pilot.app.call_after_refresh(pilot.app.exit)

    app.run(headless=True, size=(100, 32), auto_pilot=exit_when_ready)


def run_until_loaded(app: Any) -> None:
    """For memory: exit only once the whole library has loaded behind the first frame."""

    async def exit_when_loaded(pilot: Any) -> None:
        await pilot.app.wait_for_library()
        pilot.app.call_after_refresh(pilot.app.exit)

    app.run(headless=True, size=(100, 32), auto_pilot=exit_when_loaded)


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("A bare Textual app with one widget.")

    run_until_ready(Bare())


def tutor_app(argv: Sequence[str]) -> Any:
    from tutor.cli import build_parser
    from tutor.ui.launch import app_from_args

    app = app_from_args(build_parser().parse_args(["play", *argv]))
    if isinstance(app, int):
        raise SystemExit(f"tutor could not start (exit {app})")
    return app


def key_latencies(case_id: str, keys: Sequence[str]) -> list[float]:
    from textual.app import App

    frames: list[float] = []
    original = App._display

    def timed_display(self: App, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            # Headless apps skip writing to the terminal; render anyway so the figure includes
            # the cost of turning the frame into terminal output.
            renderable.render_segments(self.console)
            frames.append(time.perf_counter())

    App._display = timed_display  # type: ignore[method-assign]
    app = tutor_app([case_id, "--seed", "1"])
    latencies: list[float] = []

    async def play(pilot: Any) -> None:
        await pilot.pause()
        for key in keys:
            sent = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            after = [t for t in frames if t >= sent]
            if after:
                latencies.append((after[0] - sent) * 1000)
        pilot.app.exit()

    app.run(headless=True, size=(100, 32), auto_pilot=play)
    return latencies


def main(argv: Sequence[str]) -> None:
    what, rest = argv[0], list(argv[1:])
    if what == "bare":
        bare()
    elif what == "tutor":
        run_until_ready(tutor_app(rest))
    elif what == "tutor-loaded":
        run_until_loaded(tutor_app(rest))
    elif what == "keys":
        print(json.dumps(key_latencies(rest[0], rest[1:])))
    else:
        raise SystemExit(f"unknown mode {what!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
