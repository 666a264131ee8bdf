"""Against a real learning record store (Ralph): what a played case sends arrives and reads
back equal; an LRS killed in the middle of a sync and restarted holds every statement exactly
once; a wrong password or an LRS that cannot be reached is said plainly and the queue kept."""

from __future__ import annotations

import json

from ralph_lrs import PASSWORD, USER, Ralph
from tutor_process import WHOLE_CASE_ANSWERS, run_tutor

from tutor.core.progress.store import Store
from tutor.core.records.lrs import Lrs, Unreachable
from tutor.core.records.sync import sync


def play(learner: str) -> None:
    done = run_tutor(
        "play", "refractory-polymyositis", "--plain", "--seed", "1", "--learner", learner,
        stdin=WHOLE_CASE_ANSWERS,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def queued() -> dict[str, dict]:
    with Store.open() as store:
        return {sid: json.loads(body) for sid, body in store.waiting(10_000)}


def test_a_played_case_arrives_and_reads_back_equal(ralph: Ralph) -> None:
    play("Ada Lovelace,ada@example.org")
    sent = queued()
    assert len(sent) == 12  # attempted, 10 answers, completed
    done = run_tutor("sync", "--lrs", ralph.url, "--user", USER, "--password", PASSWORD)
    assert done.returncode == 0, done.stderr
    assert "12 statement(s) delivered; nothing is waiting." in done.stderr
    stored = {s["id"]: s for s in ralph.statements()}
    assert stored.keys() == sent.keys()
    for statement_id, ours in sent.items():
        theirs = stored[statement_id]
        for key in ("actor", "verb", "object", "result", "context"):
            assert theirs.get(key) == ours.get(key), (statement_id, key)
    assert (
        run_tutor("sync", "--lrs", ralph.url, "--user", USER, "--password", PASSWORD).returncode
        == 0
    )
    assert len(ralph.statements()) == 12  # a second sync sends nothing again


class KilledAfterStoring(Lrs):
    """The LRS stores the second batch, then dies before the tutor hears back."""

    def __init__(self, server: Ralph) -> None:
        super().__init__(server.url, USER, PASSWORD)
        self.server = server
        self.batches = 0

    def send(self, statements: list[dict]) -> None:
        self.batches += 1
        super().send(statements)
        if self.batches == 2:
            self.server.stop()
            raise Unreachable("the connection broke")


def test_an_lrs_killed_mid_sync_and_restarted_holds_every_statement_once(ralph: Ralph) -> None:
    play("Ada Lovelace,ada@example.org")
    play("Grace Hopper,S-1906")
    sent = queued()
    assert len(sent) == 24
    with Store.open() as store:
        first = sync(store, KilledAfterStoring(ralph), batch=5, tries=2, pause=lambda s: None)
        assert first.sent == 5 and first.waiting == 19  # the stored batch is not taken as sent
        assert "cannot reach" in (first.problem or "")
        ralph.start()
        second = sync(store, Lrs(ralph.url, USER, PASSWORD), batch=5)
        assert (second.sent, second.waiting) == (19, 0)
    ids = [s["id"] for s in ralph.statements()]
    assert len(ids) == len(set(ids)) == 24 and set(ids) == sent.keys()


def test_a_wrong_password_or_an_unreachable_lrs_keeps_the_queue(ralph: Ralph) -> None:
    play("Ada Lovelace,ada@example.org")
    wrong = run_tutor("sync", "--lrs", ralph.url, "--user", USER, "--password", "wrong")
    assert wrong.returncode == 1
    assert "refused the user name or password (HTTP 401)" in wrong.stderr
    assert "12 still waiting" in wrong.stderr and "They are kept" in wrong.stderr
    ralph.stop()
    gone = run_tutor("sync", "--lrs", ralph.url, "--user", USER, "--password", PASSWORD)
    assert gone.returncode == 1
    assert "cannot reach the learning record store" in gone.stderr
    assert len(queued()) == 12
