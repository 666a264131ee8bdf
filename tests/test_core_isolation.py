"""The core never imports Textual: each core module is imported in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tutor.core

CORE_DIR = Path(tutor.core.__file__).parent
CORE_MODULES = sorted(
    "tutor.core." + ".".join(p.relative_to(CORE_DIR).with_suffix("").parts)
    for p in CORE_DIR.rglob("*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("module", [*CORE_MODULES, "tutor.cli"])
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit('textual' in sys.modules or 'rich' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
