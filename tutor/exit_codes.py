"""The exit-code contract of every `tutor` command, in one place (README: "Exit codes")."""

from __future__ import annotations

EXIT_OK = 0
"""Success: the command did its job, or the learner finished or quit."""
EXIT_INVALID = 1
"""Invalid input: a case that fails validation or cannot be found."""
EXIT_END_OF_INPUT = EXIT_INVALID
"""Line mode: input ended before the case did (a kind of invalid input)."""
EXIT_USAGE = 2
"""A usage error: options that do not go together, a missing CASE."""
EXIT_INTERRUPTED = 130
"""Ctrl+C (128 + SIGINT), as shells report it."""
