"""docs/authoring.md cannot drift from the format: every YAML snippet in it is validated.

A ```yaml block is a complete case unless its first line is `# snippet: KIND`; then it is
validated as that part of the format (a list snippet, item by item). Citations must resolve,
and a step that names an algorithm node must agree with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from tutor.core.algorithm.algorithm import Algorithm
from tutor.core.algorithm.case_checks import verdict_conflict
from tutor.core.cases.model import (
    Investigation,
    NumericAnswer,
    Option,
    Patient,
    ReferenceLibrary,
    Reveal,
    SingleStep,
    SourcesDiffer,
    Step,
    Vignette,
)
from tutor.core.cases.vocabulary import Feature, Tag, Therapy, Verdict
from tutor.core.cases.yaml_reader import read_yaml
from tutor.core.library.library import load_algorithm, load_library, load_references

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")

SNIPPET_MODELS: dict[str, object] = {
    "step": Step,
    "option": Option,
    "numeric": NumericAnswer,
    "reveal": Reveal,
    "investigation": Investigation,
    "vignette": Vignette,
    "patient": Patient,
    "sources_differ": SourcesDiffer,
    "references": ReferenceLibrary,
}
_MARKER = re.compile(r"#\s*snippet:\s*(\w+)\s*$")


def fenced_blocks(language: str) -> list[tuple[int, str]]:
    """(line number, body) of every ```language block in the guide."""
    blocks = []
    pattern = re.compile(rf"^```{language}\n(.*?)^```$", re.DOTALL | re.MULTILINE)
    for match in pattern.finditer(TEXT):
        blocks.append((TEXT.count("\n", 0, match.start()) + 2, match.group(1)))
    return blocks


YAML_BLOCKS = fenced_blocks("yaml")


def _kind(body: str) -> str:
    match = _MARKER.match(body.splitlines()[0])
    return match.group(1) if match else "case"


def test_the_guide_has_a_complete_case_and_snippets_of_every_part() -> None:
    kinds = [_kind(body) for _, body in YAML_BLOCKS]
    assert "case" in kinds
    assert {"step", "option", "numeric", "reveal", "sources_differ", "references"} <= set(kinds)
    assert set(kinds) <= {"case", *SNIPPET_MODELS}, "unknown snippet kind"


@pytest.mark.parametrize(
    ("line", "body"),
    [b for b in YAML_BLOCKS if _kind(b[1]) == "case"],
    ids=lambda v: f"line-{v}" if isinstance(v, int) else "",
)
def test_complete_cases_load_without_errors_or_warnings(
    tmp_path: Path, line: int, body: str
) -> None:
    path = tmp_path / f"guide-line-{line}.yaml"
    path.write_text(body, encoding="utf-8")
    library = load_library([path])
    assert [str(d) for d in library.diagnostics] == [], f"docs/authoring.md line {line}"
    assert len(library.cases) == 1


def _cites(value: object) -> list[str]:
    """Every citation id in a snippet's data, wherever it is."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("cite", "otherwise_cite") and isinstance(item, list):
                found.extend(item)
            else:
                found.extend(_cites(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_cites(item))
    return found


def _check_against_node(step: object, algorithm: Algorithm) -> None:
    node_id = getattr(step, "node", None)
    if node_id is None:
        return
    node = algorithm.node(node_id)
    assert node is not None, f"no algorithm node '{node_id}'"
    for option in getattr(step, "options", []):
        assert verdict_conflict(option, node) is None, option.text


@pytest.mark.parametrize(
    ("line", "body"),
    [b for b in YAML_BLOCKS if _kind(b[1]) != "case"],
    ids=lambda v: f"line-{v}" if isinstance(v, int) else "",
)
def test_snippets_are_valid_parts_of_the_format(line: int, body: str) -> None:
    kind = _kind(body)
    data = read_yaml(body).data
    adapter = TypeAdapter(SNIPPET_MODELS[kind])
    items = data if isinstance(data, list) and kind != "references" else [data]
    algorithm, _ = load_algorithm()
    references = load_references().by_id
    for item in items:
        try:
            model = adapter.validate_python(item)
        except ValidationError as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"docs/authoring.md line {line}: not a valid {kind}:\n{exc}")
        if kind == "step":
            _check_against_node(model, algorithm)
    if kind != "references":
        unknown = [ref for ref in _cites(data) if ref not in references]
        assert unknown == [], f"docs/authoring.md line {line} cites unknown ids"
    else:
        for entry in data["references"]:
            assert references[entry["id"]].model_dump(exclude_defaults=True) == entry, (
                "the guide quotes references.yaml: keep the entries identical"
            )


def test_a_single_step_snippet_is_recognised_by_its_kind() -> None:
    steps = [body for _, body in YAML_BLOCKS if _kind(body) == "step"]
    assert steps
    model = TypeAdapter(Step).validate_python(read_yaml(steps[0]).data)
    assert isinstance(model, SingleStep)


@pytest.mark.parametrize(("line", "body"), fenced_blocks("json"))
def test_json_snippets_parse(line: int, body: str) -> None:
    json.loads(body)


def test_every_vocabulary_word_and_algorithm_node_is_documented() -> None:
    algorithm, _ = load_algorithm()
    words = [
        *(t.value for t in Therapy),
        *(f.value for f in Feature),
        *(t.value for t in Tag),
        *(v.value for v in Verdict),
        *(n.id for n in algorithm.nodes),
    ]
    missing = [w for w in words if f"`{w}`" not in TEXT]
    assert missing == []


def test_every_reference_id_is_listed() -> None:
    missing = [ref for ref in load_references().by_id if f"`{ref}`" not in TEXT]
    assert missing == []


def test_internal_links_point_at_headings() -> None:
    anchors = {
        re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
        for heading in re.findall(r"^#+ (.+)$", TEXT, re.MULTILINE)
    }
    links = re.findall(r"\]\(#([^)]+)\)", TEXT)
    assert links and [link for link in links if link not in anchors] == []
