"""A synthetic case library for the benchmark: valid cases of realistic size (~30 KB each)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tutor.paths import bundled_cases_dir

_WORDS = [
    "proximal",
    "weakness",
    "creatine",
    "kinase",
    "biopsy",
    "prednisone",
    "methotrexate",
    "azathioprine",
    "rituximab",
    "immunoglobulin",
    "dysphagia",
    "aspiration",
    "interstitial",
    "lung",
    "disease",
    "taper",
    "monitoring",
    "response",
    "refractory",
    "myositis",
    "dermatomyositis",
    "polymyositis",
    "enzymes",
    "inflammatory",
    "markers",
    "swallowing",
]
_REFS = ["oracle-dm-2025", "oracle-antibody-2025", "ytterberg-2006", "dm-options-article"]


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return ">-\n" + "\n".join(pad + text[i : i + 90] for i in range(0, len(text), 90))


def case_yaml(index: int, rng: random.Random) -> str:
    lines = [
        "# yaml-language-server: $schema=case.schema.json",
        f"id: synthetic-{index:05d}",
        f"title: Synthetic case {index}",
        "summary: A generated case for the benchmark.",
        "tags: [PM]",
        "objectives:",
        "  - Walk the algorithm.",
        "difficulty: intermediate",
        "minutes: 15",
        "author: bench",
        "version: 1",
        "reviewed: 2026-11-24",
        "patient:",
        "  phenotype: PM",
        "vignette:",
        f"  presentation: {_block(_prose(rng, 90), 4)}",
        f"  examination: {_block(_prose(rng, 90), 4)}",
        "  investigations:",
    ]
    for n in range(12):
        lines += [
            f"    - name: Test {n}",
            f"      value: {rng.randint(1, 5000)}",
            "      unit: U/L",
            "      low: 10",
            "      high: 200",
        ]
    lines.append("steps:")
    for s in range(8):
        lines += [
            f"  - id: step-{s}",
            "    kind: single" if s % 3 else "    kind: multiple",
            "    node: first-line",
            f"    prompt: {_prose(rng, 20)}",
            "    options:",
        ]
        for o in range(5):
            verdict = "preferred" if o == 0 else ("suboptimal" if o < 4 else "acceptable")
            therapy = "prednisone" if o == 0 else ("no_change" if o < 4 else "folic_acid")
            lines += [
                f"      - text: Option {o} {_prose(rng, 6)}",
                f"        verdict: {verdict}",
                f"        therapies: [{therapy}]",
                f"        feedback: {_block(_prose(rng, 35), 10)}",
                f"        cite: [{rng.choice(_REFS)}, {rng.choice(_REFS)}]",
            ]
        lines += [
            "    sources_differ:",
            f"      - note: {_prose(rng, 30)}",
            f"        cite: [{_REFS[0]}, {_REFS[3]}]",
        ]
    return "\n".join(lines) + "\n"


def write_library(folder: Path, count: int, seed: int = 1) -> Path:
    """`count` valid cases plus the bundled references and algorithm, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("references.yaml", "algorithm.yaml", "case.schema.json"):
        shutil.copy(bundled_cases_dir() / name, folder / name)
    rng = random.Random(seed)
    for index in range(count):
        (folder / f"synthetic-{index:05d}.yaml").write_text(case_yaml(index, rng))
    return folder


# Mistakes an author makes, one per broken file: a wrong type, a misspelt field, a duplicate id,
# a citation to no reference.
_MISTAKES = (
    ("minutes: 15", "minutes: fifteen"),
    ("difficulty: intermediate", "dificulty: intermediate"),
    ("id: synthetic-", "id: synthetic-00000  # was synthetic-"),
    (f"cite: [{_REFS[0]}", "cite: [no-such-reference"),
)


def break_some(folder: Path, every: int = 10) -> int:
    """Put one mistake into every `every`-th case of a library written by `write_library`, so
    that validation has errors to report (and two runs have output to compare). Returns how
    many files were broken."""
    broken = 0
    for number, path in enumerate(sorted(folder.glob("synthetic-*.yaml"))):
        if number % every != every - 1:
            continue
        old, new = _MISTAKES[broken % len(_MISTAKES)]
        text = path.read_text()
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1))
        broken += 1
    return broken
