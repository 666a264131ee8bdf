"""One module per `tutor` subcommand. Each defines `register(commands)`, which adds its parser
and sets `run`, a function from the parsed arguments to an exit code.

Modules here import only argparse-level things at the top; heavy imports (Textual above all)
happen inside `run`, so that `tutor --help` and the plain commands start fast.
"""

from __future__ import annotations

# Order in `tutor --help`; a module not listed here is shown after these.
ORDER = ("play", "quiz", "results", "validate", "schema", "new", "playtest", "export")
