"""Shared fixtures: a small valid case written as YAML text, helpers to write variants, and a
real learning record store (Ralph) for the tests that need one."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Run in parallel by default (`-n auto`) when pytest-xdist is there and no `-n` was given.

    Set here rather than in `addopts`, so `-p no:xdist` (or `-n 0`) still runs the suite serially.
    Runs before xdist's own hook of the same name, which turns "auto" into a worker count. A
    worker runs this hook too: it must never start workers of its own.
    """
    if hasattr(config, "workerinput") or not config.pluginmanager.hasplugin("xdist"):
        return
    if config.getoption("numprocesses") is None:
        config.option.numprocesses = "auto"


MINIMAL_CASE = """\
# yaml-language-server: $schema=case.schema.json
id: mini-pm
title: A small polymyositis case
summary: Work-up, then first line, then a dose.
tags: [PM]
objectives:
  - Confirm the diagnosis before treating.
difficulty: introductory
minutes: 5
author: tests
version: 1
reviewed: 2026-11-24
patient:
  phenotype: PM
vignette:
  presentation: A 50-year-old with proximal weakness.
  examination: Symmetric proximal weakness.
  investigations:
    - name: CK
      value: 4000
      unit: U/L
      low: 30
      high: 200
steps:
  - id: workup
    kind: single
    node: confirm-diagnosis
    prompt: What next?
    options:
      - text: Muscle biopsy
        therapies: [muscle_biopsy]
        verdict: preferred
        feedback: Confirms the diagnosis.
        cite: [oracle-antibody-2025]
      - text: Start rituximab now
        therapies: [rituximab]
        verdict: harmful
        feedback: Antibody therapy before a diagnosis.
        cite: [oracle-antibody-2025]
        next: detour
      - text: Wait and see
        verdict: suboptimal
        feedback: Delays care.
        cite: [oracle-dm-2025]
    next: first-line
  - id: detour
    kind: single
    prompt: The biopsy is back. Now?
    options:
      - text: Go on to first line
        verdict: preferred
        feedback: Right.
        cite: [oracle-dm-2025]
      - text: Stay on rituximab alone
        verdict: suboptimal
        feedback: Not first line.
        cite: [oracle-dm-2025]
  - id: first-line
    kind: multiple
    node: first-line
    prompt: Select all that belong to first-line treatment.
    options:
      - text: Prednisone
        therapies: [prednisone]
        verdict: preferred
        feedback: Mainstay.
        cite: [oracle-dm-2025]
      - text: Methotrexate
        therapies: [methotrexate]
        verdict: preferred
        feedback: Steroid sparing.
        cite: [oracle-dm-2025]
      - text: No treatment for now
        therapies: [no_change]
        verdict: harmful
        feedback: Leaves active myositis untreated.
        cite: [dm-options-article]
      - text: Wait and see
        verdict: suboptimal
        feedback: No.
        cite: [oracle-dm-2025]
    reveal:
      text: Eight weeks later CK is still high.
      investigations:
        - name: CK
          value: 3500
          unit: U/L
          high: 200
  - id: dose
    kind: numeric
    node: first-line
    prompt: Prednisone starting dose?
    points: 2
    numeric:
      unit: mg/kg/day
      tolerance: 0.01
      bands:
        - min: 0.5
          max: 1
          verdict: preferred
          feedback: Within 0.5-1 mg/kg/day.
          cite: [oracle-dm-2025]
        - min: 1.01
          max: 2
          verdict: acceptable
          feedback: One source gives up to 2.
          cite: [dm-options-article]
        - min: 5
          max: 100
          verdict: harmful
          feedback: No source supports this.
          cite: [oracle-dm-2025]
      otherwise: Outside every source's range.
      otherwise_cite: [oracle-dm-2025]
    sources_differ:
      - note: Sources give 0.5-1 or 1-2 mg/kg/day.
        cite: [oracle-dm-2025, dm-options-article]
"""


def line_of(text: str, marker: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `marker`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if marker in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{marker!r} not in text")


@pytest.fixture
def write_case(tmp_path: Path):
    """Write YAML text to a case file in a fresh folder and return its path."""

    def write(text: str = MINIMAL_CASE, name: str = "case.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def ralph_program() -> Path:
    """Ralph, a real LRS, installed once; the test is skipped, with the reason, if it cannot be."""
    from ralph_lrs import install

    found = install()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture
def ralph(ralph_program: Path, tmp_path: Path):
    """A running Ralph with its own statements, on 127.0.0.1 (tests/ralph_lrs.py)."""
    from ralph_lrs import Ralph

    server = Ralph(ralph_program, tmp_path / "ralph")
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Never touch the learner's real progress store or cache from a test."""
    monkeypatch.setenv("TUTOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("TUTOR_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("TUTOR_LEARNER", raising=False)
