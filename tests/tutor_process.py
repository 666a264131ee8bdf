"""`tutor` run as a learner runs it: a separate process, its own standard input and output."""

from __future__ import annotations

import os
import subprocess
import sys

# The whole of refractory-polymyositis in line mode (as in tests/transcripts).
WHOLE_CASE_ANSWERS = "1 sure\n1 2 3 4 7\n2 unsure\n60 mg\n1\n1\n1\n1\n1\n1\n1\n"


def run_tutor(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
