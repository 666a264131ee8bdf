"""`tutor results`: one row per answer as CSV or JSON, --since, --name, atomic -o, exit codes."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor import fileio
from tutor.commands import results
from tutor.commands.common import Parser
from tutor.core.algorithm.scoring_types import Confidence, Response
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case
from tutor.core.play.attempts import start_logged_session
from tutor.core.progress.store import Store

CASE: Case = parse_text(MINIMAL_CASE, Path("mini.yaml"), Case)[0].model
DAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = DAY

    def __call__(self) -> datetime.datetime:
        self.now += datetime.timedelta(seconds=1)
        return self.now


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A progress file with a finished attempt on 1 March and a half-done one on 5 March."""
    folder = tmp_path / "data"
    clock = Clock()
    with Store.open(folder, clock=clock) as store:
        session = start_logged_session(store, CASE, None, "practice", seed=1)
        session.submit(Response("workup", (1,), confidence=Confidence.sure))  # harmful
        session.submit(Response("detour", (0,)))
        session.submit(Response("first-line", (0, 1)))
        session.submit(Response("dose", value=0.75))
        clock.now = DAY + datetime.timedelta(days=4)
        start_logged_session(store, CASE, None, "exam", seed=2).submit(Response("workup", (0,)))
    return folder


def run(*args: str) -> int:
    parser = Parser(prog="tutor")
    results.register(parser.add_subparsers(parser_class=Parser))
    parsed = parser.parse_args(["results", *args])
    return parsed.run(parsed)


def test_csv_has_one_row_per_answer(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--data-dir", str(data)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == list(results.COLUMNS)
    assert len(rows) == 5
    first = rows[0]
    assert first["learner"] == ""  # no name set yet
    assert (first["case_id"], first["case_version"], first["mode"]) == ("mini-pm", "1", "practice")
    assert (first["step_number"], first["step_id"], first["answer"]) == (
        "1",
        "workup",
        "Start rituximab now",
    )
    assert json.loads(first["response"]) == {"choices": [1], "value": None}
    assert (first["verdict"], first["points"], first["max_points"]) == ("harmful", "0", "1")
    assert (first["harmful"], first["confidence"]) == ("1", "sure")
    assert first["started_at"] == "2026-03-01T09:00:01.000Z"
    assert first["answered_at"] == "2026-03-01T09:00:02.000Z"
    assert first["finished_at"] == "2026-03-01T09:00:06.000Z"
    assert [r["harmful"] for r in rows] == ["1", "0", "0", "0", "0"]
    assert json.loads(rows[3]["response"]) == {"choices": [], "value": 0.75}
    assert rows[4]["mode"] == "exam" and rows[4]["finished_at"] == ""
    assert rows[4]["attempt_id"] != first["attempt_id"]


def test_json_rows_keep_types(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--format", "json", "--data-dir", str(data)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and set(rows[0]) == set(results.COLUMNS)
    assert rows[0]["harmful"] is True and rows[1]["harmful"] is False
    assert rows[0]["response"] == {"choices": [1], "value": None}
    assert rows[3]["points"] == 2.0 and rows[3]["confidence"] is None
    assert rows[4]["finished_at"] is None
    for row in rows:
        parsed = datetime.datetime.fromisoformat(row["answered_at"])
        assert parsed.utcoffset() == datetime.timedelta(0)


def test_since_keeps_answers_from_that_date_on(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--format", "json", "--since", "2026-03-05", "--data-dir", str(data)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["mode"], r["step_id"]) for r in rows] == [("exam", "workup")]
    assert run("--format", "json", "--since", "2026-03-06", "--data-dir", str(data)) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert run("--format", "json", "--since", "2026-03-01", "--data-dir", str(data)) == 0
    assert len(json.loads(capsys.readouterr().out)) == 5


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01", "01/03/2026", "20260301"])
def test_a_bad_date_is_a_usage_error(
    data: Path, since: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run("--since", since, "--data-dir", str(data))
    assert exited.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_learner_name_is_set_once_and_kept(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--format", "json", "--name", "  Ana   Ruiz ", "--data-dir", str(data)) == 0
    assert {r["learner"] for r in json.loads(capsys.readouterr().out)} == {"Ana Ruiz"}
    assert run("--format", "json", "--data-dir", str(data)) == 0
    assert {r["learner"] for r in json.loads(capsys.readouterr().out)} == {"Ana Ruiz"}
    assert Store.open(data).learner_name() == "Ana Ruiz"
    for bad in ("", "   ", "bell\x07", "x" * 101):
        assert run("--name", bad, "--data-dir", str(data)) == 2
    assert Store.open(data).learner_name() == "Ana Ruiz"


def test_csv_cells_cannot_become_spreadsheet_formulas(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--name", '=HYPERLINK("http://x")', "--data-dir", str(data)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["learner"] == '\'=HYPERLINK("http://x")'


def test_output_file_is_replaced_atomically(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out" / "results.csv"
    target.parent.mkdir()
    target.write_text("old export\n", encoding="utf-8")
    replaced: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def watching_replace(source: str, destination: Path) -> None:
        # Until the rename, readers still see the whole old file.
        assert target.read_text(encoding="utf-8") == "old export\n"
        assert Path(source).parent == target.parent
        replaced.append((Path(source), Path(destination)))
        real_replace(source, destination)

    monkeypatch.setattr(fileio.os, "replace", watching_replace)
    assert run("-o", str(target), "--data-dir", str(data)) == 0
    assert replaced and replaced[0][1] == target
    assert target.read_text(encoding="utf-8").startswith("learner,case_id,")
    assert sorted(p.name for p in target.parent.iterdir()) == ["results.csv"]  # no temp left


def test_a_failed_write_leaves_the_old_file_and_no_temp(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "results.json"
    target.write_text("old", encoding="utf-8")

    def failing_replace(source: str, destination: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio.os, "replace", failing_replace)
    assert run("--format", "json", "-o", str(target), "--data-dir", str(data)) == 2
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "results.json"]


def test_output_into_a_missing_folder_is_a_usage_error(data: Path, tmp_path: Path) -> None:
    assert run("-o", str(tmp_path / "nowhere" / "r.csv"), "--data-dir", str(data)) == 2


def test_the_command_line_uses_the_environment_data_dir_and_exit_codes(data: Path) -> None:
    env = {**os.environ, "TUTOR_DATA_DIR": str(data)}

    def tutor(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tutor", "results", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )

    ok = tutor("--format", "json")
    assert ok.returncode == 0, ok.stderr
    assert len(json.loads(ok.stdout)) == 5
    bad = tutor("--since", "March")
    assert bad.returncode == 2
    assert "'March' is not a date" in bad.stderr and "Traceback" not in bad.stderr


def test_exports_carry_certainty_based_marks(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--data-dir", str(data), "--format", "json", "--summary") == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    # Harmful and sure: -6; the unmarked right answers count as guessing: +1 each.
    assert [(r["certainty_level"], r["certainty_mark"]) for r in rows[:4]] == [
        ("sure", -6),
        ("guessing", 1),
        ("guessing", 1),
        ("guessing", 1),
    ]
    assert "Certainty-based marks: -3 of a possible 12" in captured.err
    assert "Calibration: sure 0 of 1 right (0%" in captured.err
    assert "you were overconfident when sure" in captured.err
    # The learner may count unmarked answers as unsure instead; the choice is kept.
    assert run("--data-dir", str(data), "--format", "json", "--unmarked-as", "unsure") == 0
    assert [r["certainty_mark"] for r in json.loads(capsys.readouterr().out)[:4]] == [-6, 2, 2, 2]
    assert run("--data-dir", str(data), "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[1]["certainty_level"] == "unsure" and rows[1]["certainty_mark"] == "2"


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("a;=5+5", "a;'=5+5"),
        ("a,@SUM(1)", "a,'@SUM(1)"),
        ("ok|+cmd", "ok|'+cmd"),
    ],
)
def test_formulas_after_any_separator_are_neutralised_and_every_field_quoted(
    data: Path, capsys: pytest.CaptureFixture[str], name: str, stored: str
) -> None:
    assert run("--name", name, "--data-dir", str(data)) == 0
    text = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["learner"] == stored
    # Quoted, so a spreadsheet splitting on ';' (or any other separator) keeps it one cell.
    assert f'"{stored}"' in text
    for line in text.splitlines()[1:]:  # every row; the header is our own column names
        assert line.startswith('"') and line.endswith('"')


def test_results_on_a_store_from_a_newer_schema_exits_1_with_the_reason(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    conn = sqlite3.connect(data / "progress.sqlite3")
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    assert run("--data-dir", str(data)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot export results" in captured.err and "newer version" in captured.err


def test_results_name_on_a_store_that_cannot_be_written_exits_1_with_the_reason(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root writes a read-only file anyway, so the refusal sqlite would give is simulated.
    from tutor.core.progress.store import Store, StoreError

    def refuse(self: Store, name: str) -> None:
        raise StoreError("Your progress could not be saved: attempt to write a readonly database.")

    monkeypatch.setattr(Store, "set_learner_name", refuse)
    assert run("--name", "Ana", "--data-dir", str(data)) == 1
    assert "readonly database" in capsys.readouterr().err


def test_the_learner_name_is_read_once_per_export_not_per_row(
    data: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Per row it was one query per answer: 100k queries for a year of answers (issue 17).
    calls: list[None] = []
    original = Store.learner_name

    def counting(store: Store) -> str | None:
        calls.append(None)
        return original(store)

    monkeypatch.setattr(Store, "learner_name", counting)
    assert run("--format", "json", "--name", "Ana Ruiz", "--data-dir", str(data)) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5
    assert {r["learner"] for r in rows} == {"Ana Ruiz"}
    assert len(calls) == 1


def test_explored_answers_stay_out_of_every_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "data"
    with Store.open(folder, clock=Clock()) as store:
        session = start_logged_session(store, CASE, None, "practice", seed=1)
        session.submit(Response("workup", (1,), confidence=Confidence.sure))  # harmful
        session.rewind(1, "practice")
        session.submit(Response("workup", (0,)))  # explored: the biopsy
    assert run("--data-dir", str(folder)) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["step_id"], r["answer"]) for r in rows] == [("workup", "Start rituximab now")]
    assert run("--data-dir", str(folder), "--format", "xapi") == 0
    statements = json.loads(capsys.readouterr().out)
    answered = [s for s in statements if s["verb"]["id"].endswith("/answered")]
    assert len(answered) == 1  # the first answer; the explored one is not a statement


def test_a_damaged_store_is_exported_from_what_was_recovered_and_says_so(data: Path) -> None:
    import sqlite3

    from tutor.core.progress.store import FILE_NAME

    path = data / FILE_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    (number, size), *_ = conn.execute(
        "SELECT pageno, pgsize FROM dbstat WHERE name = 'outbox' AND pagetype = 'leaf'"
    ).fetchall()
    conn.close()
    damaged = bytearray(path.read_bytes())
    damaged[(number - 1) * size : number * size] = b"\xff" * size
    path.write_bytes(bytes(damaged))
    env = {**os.environ, "TUTOR_DATA_DIR": str(data)}

    def export() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tutor", "results", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )

    first = export()
    assert first.returncode == 1 and "Traceback" not in first.stderr
    (kept,) = data.glob(f"{FILE_NAME}.corrupt-*")
    assert kept.read_bytes() == bytes(damaged)
    assert (
        "Your progress file was damaged: 5 answer(s) in 2 attempt(s) were recovered into a new "
        f"one. The damaged file was kept as {kept.name} in {data}." in first.stderr
    )
    assert len(json.loads(first.stdout)) == 5  # every answer, from the recovered store
    again = export()
    assert again.returncode == 0 and again.stderr == ""
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_the_streamed_json_is_what_one_json_dump_of_the_rows_writes(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rows are written one at a time from the store's cursor (flat memory), yet the file is
    the same as dumping the whole list at once, as the export did before it streamed."""
    assert run("--data-dir", str(data), "--format", "json") == 0
    text = capsys.readouterr().out
    rows = json.loads(text)
    assert len(rows) == 5 and list(rows[0]) == list(results.COLUMNS)
    assert text == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def test_an_empty_store_exports_a_header_or_an_empty_array(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Store.open(tmp_path / "empty").close()
    assert run("--data-dir", str(tmp_path / "empty")) == 0
    assert capsys.readouterr().out == ",".join(results.COLUMNS) + "\r\n"
    assert run("--data-dir", str(tmp_path / "empty"), "--format", "json") == 0
    assert capsys.readouterr().out == "[]\n"
