"""Garbage collection around the app's start: none while it starts, and what start-up built is
never scanned again.

Starting the app creates a few hundred thousand objects that live as long as the program does
(modules, classes, the stylesheet, the library). Collecting while they are being created frees
nothing and costs about 10 ms of start-up; once they exist, every full collection scans them
all again, which stalled key presses by 40-60 ms (measured with bench/run.py). So the command
that starts the app pauses collection, and the app, once its first frame is up (and again once
the library has loaded), freezes everything alive - moves it out of the collector's view - and
switches collection back on.

Only the program's own start pauses; an app started by a test leaves the collector alone.

This module is the one owner of the process's collector switch: the library's loader (on
whichever thread it runs) pauses collection through `paused()`, never with `gc` directly.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_paused_at_start = False


@contextmanager
def paused_for_start() -> Iterator[None]:
    """Around running the app: no collection until `settle()` at its first frame. Collection is
    back on when the block ends, however it ends (the app may never have started)."""
    global _paused_at_start
    _paused_at_start = True
    gc.disable()
    try:
        yield
    finally:
        _paused_at_start = False
        gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    """Around building many small objects that all stay alive (loading a library): the cyclic
    collector would find nothing to free, so it is paused, and put back as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def settle() -> None:
    """Freeze what is alive now and collect from here on (if the start paused collection)."""
    if _paused_at_start:
        gc.freeze()
        gc.enable()
