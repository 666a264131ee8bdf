"""Where the bundled case library lives: inside the wheel, or beside the source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_cases_dir() -> Path:
    packaged = _PACKAGE / "bundled_cases"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "cases"
