"""Property tests: no input, however odd, makes the loader raise; it returns diagnostics."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from conftest import MINIMAL_CASE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutor.core.cases.diagnostics import Diagnostic
from tutor.core.cases.loader import parse_text
from tutor.core.cases.model import Case

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(min_value=datetime.date(1900, 1, 1)),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=8), children, max_size=4),
    ),
    max_leaves=25,
)


def check(text: str) -> None:
    parsed, diagnostics = parse_text(text, Path("fuzz.yaml"), Case)
    assert (parsed is None) == bool(diagnostics)
    assert all(isinstance(d, Diagnostic) and d.message for d in diagnostics)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_raises(text: str) -> None:
    check(text)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_random_yaml_documents_never_raise(data: object) -> None:
    check(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=len(MINIMAL_CASE) - 1), st.text(min_size=1, max_size=8))
def test_edits_of_a_real_case_never_raise(position: int, insert: str) -> None:
    check(MINIMAL_CASE[:position] + insert + MINIMAL_CASE[position:])
