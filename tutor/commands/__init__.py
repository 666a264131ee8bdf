"""One module per `tutor` subcommand. Each defines `register(commands)`, which adds its parser
and sets `run`, a function from the parsed arguments to an exit code.

Modules here import only argparse-level things at the top; heavy imports (Textual above all)
happen inside `run`, so that `tutor --help` and the plain commands start fast.
"""

from __future__ import annotations

# Every command, in the order of `tutor --help`, with the line that describes it there. The
# module of a command is imported only when that command runs (or its help is asked for), so the
# summaries live here rather than in the modules.
SUMMARIES: dict[str, str] = {
    "play": "open the case library, or play one case (the default command)",
    "quiz": "a self-assessment quiz drawn from every case, in exam mode",
    "drill": "re-drill the decisions you answered, on a spaced schedule (due ones first)",
    "results": "export recorded answers as CSV, JSON or xAPI statements, one row per answer",
    "sync": "send your recorded answers to a learning record store (xAPI)",
    "class-report": "for an educator: a class's results and an item analysis of each decision",
    "validate": "check case files and report every problem with file, line and field",
    "schema": "print the JSON Schema of a case file",
    "new": "write a commented starter case to edit",
    "playtest": "walk every path through a case and report reachability, scores and coverage",
    "export": "write a case as a printable Markdown handout (or answer key), or an Anki deck",
    "pack": "write a case library to one zip file that --cases opens (checked first)",
    "coverage": "list the cases and decisions that teach each algorithm node and reference",
    "algorithm": "what the treatment algorithm prefers, accepts and avoids, with citations",
    "serve": "serve the tutor to web browsers, one learner per connection (for a classroom)",
}
