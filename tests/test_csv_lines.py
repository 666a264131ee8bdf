"""The CSV export writes its lines itself (issue 17: the cells shared by an attempt, a grade or a
decision are written once): every line is exactly what csv.writer(quoting=csv.QUOTE_ALL) makes
of the answer's values, each passed through tutor.spreadsheet.cell, hostile text included."""

from __future__ import annotations

import csv
import io
import json
import random
import sqlite3
from pathlib import Path

from tutor.core.algorithm.scoring_types import Confidence
from tutor.core.progress.store import FILE_NAME, Store
from tutor.core.records.answer_rows import COLUMNS, Rows, write_csv
from tutor.core.records.identity import make_learner
from tutor.spreadsheet import cell

HOSTILE = [
    "plain",
    'a "quoted" word',
    "comma, inside",
    "=SUM(A1:A9)",
    "+1",
    "-2",
    "@cmd",
    "line\nbreak",
    "cr\r\nlf",
    "tab\there",
    "x;=1",
    "pipe|@x",
    '"',
    "",
    "ümlaut — ✓",
]
LEARNERS = [
    None,
    json.dumps({"name": '=Ann "A"', "email": "ann@example.org"}),
    json.dumps({"name": "Bo, B", "student_id": "-42"}),
    "{not json",
]


def hostile_store(folder: Path, seed: int) -> Store:
    rng = random.Random(seed)
    Store.open(folder).close()
    conn = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    conn.execute("BEGIN")
    for attempt in range(1, 40):
        moment = f"2026-04-{1 + attempt % 28:02d}T{attempt % 24:02d}:00:00.000Z"
        conn.execute(
            "INSERT INTO attempts (id, case_id, case_version, case_title, mode, seed, started_at,"
            " finished_at, registration, learner) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
            (
                attempt,
                rng.choice(HOSTILE) or "case",
                rng.randint(1, 3),
                rng.choice(HOSTILE),
                rng.choice(("practice", "exam")),
                moment,
                rng.choice((None, moment)),
                rng.choice((None, f"r-{attempt}")),
                rng.choice(LEARNERS),
            ),
        )
        for seq in range(1, rng.randint(1, 6)):
            max_points = rng.choice((0.0, 1.0, 2.0, 1 / 3, 1e-7, 123456789.0))
            conn.execute(
                "INSERT INTO answers (attempt_id, seq, step_id, response, answer_text, verdict,"
                " points, max_points, harmful, seconds, confidence, answered_at, explored)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt,
                    seq,
                    rng.choice(HOSTILE),
                    json.dumps({"choices": rng.sample(range(5), 2), "value": rng.random()}),
                    rng.choice(HOSTILE),
                    rng.choice(("preferred", "acceptable", "suboptimal", "harmful")),
                    rng.choice((0.0, max_points / 2, max_points)),
                    max_points,
                    rng.choice((0, 0, 1, 2)),
                    rng.choice((0.0, 5.0, 12.35, 12.25, 0.05, 99999.95, rng.uniform(0, 600))),
                    rng.choice((None, "sure", "unsure", "guessing")),
                    moment,
                    int(rng.random() < 0.1),
                ),
            )
    conn.execute("COMMIT")
    conn.close()
    return Store.open(folder)


def test_csv_lines_are_what_csv_writer_makes_of_the_cells(tmp_path: Path) -> None:
    current = make_learner("Now = playing", None, "+7")
    for seed in range(3):
        with hostile_store(tmp_path / str(seed), seed) as store:
            rows = list(store.export_rows())
            written = io.StringIO(newline="")
            count = write_csv(written, iter(rows), Rows(current, Confidence.guessing))
        expected = io.StringIO(newline="")
        csv.writer(expected).writerow(COLUMNS)
        reference = csv.writer(expected, quoting=csv.QUOTE_ALL)
        values = Rows(current, Confidence.guessing)
        for row in rows:
            reference.writerow([cell(value) for value in values.values(row).values()])
        assert count == len(rows) > 50
        assert written.getvalue() == expected.getvalue()


def test_an_empty_export_is_the_header_alone(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        written = io.StringIO(newline="")
        assert write_csv(written, store.export_rows(), Rows(None, Confidence.sure)) == 0
    assert written.getvalue() == ",".join(COLUMNS) + "\r\n"
