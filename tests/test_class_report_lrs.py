"""Done means (issue 19): two learners play in line mode with different identities, one
offline (their statements reach the educator as a file) and one synced to a real LRS (Ralph);
`tutor class-report FILE --lrs URL` reports both learners, each answer once."""

from __future__ import annotations

import json
from pathlib import Path

from ralph_lrs import PASSWORD, USER, Ralph
from tutor_process import WHOLE_CASE_ANSWERS, run_tutor

from tutor.core.records.lrs import Lrs

CASE = "refractory-polymyositis"


def play(learner: str, data: Path) -> None:
    done = run_tutor(
        "play", CASE, "--plain", "--seed", "1", "--learner", learner,
        stdin=WHOLE_CASE_ANSWERS, env={"TUTOR_DATA_DIR": str(data)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_an_offline_learner_and_a_synced_one_are_each_reported_once(
    ralph: Ralph, tmp_path: Path
) -> None:
    offline, synced = tmp_path / "offline", tmp_path / "synced"
    play("Ada Lovelace,ada@example.org", offline)
    play("Grace Hopper,S-1906", synced)
    login = ("--lrs", ralph.url, "--user", USER, "--password", PASSWORD)
    sent = run_tutor("sync", *login, env={"TUTOR_DATA_DIR": str(synced)})
    assert sent.returncode == 0, sent.stderr
    ada_file, grace_file = tmp_path / "ada.json", tmp_path / "grace.json"
    for data, path, kind in ((offline, ada_file, "xapi"), (synced, grace_file, "json")):
        done = run_tutor(
            "results", "--format", kind, "-o", str(path), env={"TUTOR_DATA_DIR": str(data)}
        )
        assert done.returncode == 0, done.stderr
    # Grace's answers come twice: in her own export and from the LRS.
    done = run_tutor("class-report", str(ada_file), str(grace_file), *login, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["learners"] == 2 and report["duplicates"] == 10
    (section,) = report["cases"]
    assert section["case_id"] == CASE
    assert sorted((a["learner"], a["answered"], a["counted"]) for a in section["attempts"]) == [
        ("Ada Lovelace (ada@example.org)", 10, True),
        ("Grace Hopper (S-1906)", 10, True),
    ]
    assert [d["stats"]["n"] for d in section["decisions"]] == [2] * len(section["decisions"])
    assert len(section["decisions"]) == 10
    text = run_tutor("class-report", str(ada_file), *login).stdout
    assert "Ada Lovelace (ada@example.org)" in text and "Grace Hopper (S-1906)" in text
    # What the report reads from an LRS arrives across pages (the LRS's `more` links).
    assert len(Lrs(ralph.url, USER, PASSWORD).statements(limit="5")) == 12
