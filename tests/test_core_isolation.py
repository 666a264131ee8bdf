"""The core never imports Textual: each core module is imported in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import tutor.core

CORE_MODULES = sorted(
    f"tutor.core.{p.stem}"
    for p in Path(tutor.core.__file__).parent.glob("*.py")
    if p.stem != "__init__"
)


@pytest.mark.parametrize("module", [*CORE_MODULES, "tutor.cli"])
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit('textual' in sys.modules or 'rich' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
