"""CSV cells that a spreadsheet shows as text: the one rule for every CSV the tutor writes."""

from __future__ import annotations

import json
import re
from typing import Any

# OWASP's CSV-injection advice: a cell a spreadsheet could run as a formula begins with one of
# these, at the start of the text or after any separator a spreadsheet might split it on
# (comma, semicolon, tab, pipe, a line break), so each such character gets a leading quote.
_FORMULA = re.compile(r"(\A|[,;\t|\r\n])([=+\-@\t\r])")


def cell(value: Any) -> str:
    """CSV text for one value; text that a spreadsheet would run as a formula is quoted off."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, int | float):
        return str(value)
    return _FORMULA.sub(r"\1'\2", str(value))
