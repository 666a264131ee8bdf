"""Numbers typed for a dose question: read one way only, in the unit asked, never guessed."""

from __future__ import annotations

import pytest

from tutor.core.algorithm.scoring_types import InvalidResponse
from tutor.core.play.typed_number import parse_number


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("0.75", "mg/kg/day", 0.75),
        ("0,75", "mg/kg/day", 0.75),
        (" 1 mg/kg/day ", "mg/kg/day", 1.0),
        ("1 MG / kg/day", "mg/kg/day", 1.0),
        ("1,5", "g/kg", 1.5),
        ("1,000.5", "mg/day", 1000.5),
        ("1000", "mg/day", 1000.0),
        ("12,345,678", "mg/day", 12345678.0),
        ("0,500", "g/kg", 0.5),
        ("60 mg", "mg/day", 60.0),
        ("60 mg/d", "mg/day", 60.0),
        ("60 mg a day", "mg/day", 60.0),
        ("60 mg daily", "mg/day", 60.0),
        ("15 mg/week", "mg/week", 15.0),
        ("15 mg weekly", "mg/week", 15.0),
        ("15 mg/m²/week", "mg/m2/week", 15.0),
    ],
)
def test_a_number_in_the_unit_asked_is_read(text: str, unit: str, value: float) -> None:
    assert parse_number(text, unit) == value


def test_a_lone_grouping_comma_is_refused_with_both_readings() -> None:
    with pytest.raises(InvalidResponse) as refused:
        parse_number("1,000", "mg/day")
    message = str(refused.value)
    assert "could mean 1000 or 1.000" in message


@pytest.mark.parametrize("text", ["1,2,3", "1.2.3", "1.000,5", "1,00.5"])
def test_a_number_that_reads_more_than_one_way_is_refused(text: str) -> None:
    with pytest.raises(InvalidResponse, match="not a number"):
        parse_number(text, "mg/day")


@pytest.mark.parametrize("text", ["60 mg", "1 g/kg", "lots", ""])
def test_other_units_and_non_numbers_are_refused_naming_the_unit(text: str) -> None:
    with pytest.raises(InvalidResponse, match="mg/kg/day"):
        parse_number(text, "mg/kg/day")


def test_the_hint_shows_the_unit_of_the_question() -> None:
    with pytest.raises(InvalidResponse) as refused:
        parse_number("lots", "g/kg")
    assert "for example '1.5 g/kg'" in str(refused.value)
