"""Record the line-mode transcripts that tests/test_transcripts.py replays.

    python tests/transcripts/record.py          # rewrite every transcript
    python tests/transcripts/record.py NAME     # rewrite one (NAME as in SESSIONS)

Run it after a change to a bundled case's text or to what line mode prints, then read the diff
(and the transcript, as a screen reader would say it) before committing. A transcript is what
`tutor play CASE --plain --seed 1` printed: lines starting with "> " are what the learner typed
(the prompt and the echoed answer), everything else is what the tutor printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = "1"
WIDTH = "80"

SESSIONS: dict[str, tuple[str, list[str]]] = {
    # A whole case, with every command a listener has and a wrong answer or two on the way.
    "refractory-polymyositis": (
        "refractory-polymyositis",
        [
            "help",
            "1 sure",
            "repeat",
            "labs",
            "1 2 3 4 7",
            "CASE",
            "2 unsure",
            "help",
            "60 mg",
            "1",
            "labs",
            "1",
            "5",
            "3 sure",
            "4 guessing",
            "Repeat",
            "1 2 4 5 6",
            "1 2 3 5 6 7",
        ],
    ),
    # Quit part of the way through: the attempt is kept and the way back is said.
    "refractory-polymyositis-quit": (
        "refractory-polymyositis",
        ["1", "quit"],
    ),
}


def transcript_path(name: str) -> Path:
    return HERE / f"{name}.txt"


def inputs_of(transcript: str) -> list[str]:
    """The learner's lines of a transcript: those starting with "> " (a bare ">" is an empty
    answer)."""
    return [
        line[2:] if line.startswith("> ") else ""
        for line in transcript.split("\n")
        if line.startswith("> ") or line == ">"
    ]


def replay(case_id: str, inputs: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Play `case_id` in line mode, as the plain tests do, with `inputs` on stdin."""
    env = {
        **os.environ,
        "TUTOR_DATA_DIR": str(data_dir),
        "TUTOR_CACHE_DIR": str(data_dir / "cache"),
        "COLUMNS": WIDTH,
        "LINES": "24",
    }
    return subprocess.run(
        [sys.executable, "-m", "tutor", "play", case_id, "--plain", "--seed", SEED],
        input="".join(line + "\n" for line in inputs),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def record(name: str) -> Path:
    case_id, inputs = SESSIONS[name]
    with tempfile.TemporaryDirectory() as folder:
        result = replay(case_id, inputs, Path(folder))
    if result.returncode != 0:
        raise SystemExit(f"{name}: exit {result.returncode}\n{result.stderr}")
    path = transcript_path(name)
    path.write_text(result.stdout, encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    for name in argv or list(SESSIONS):
        print(f"wrote {record(name)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
