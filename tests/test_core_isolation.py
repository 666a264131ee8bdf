"""The core, line mode and the commands that draw no screen never import Textual or Rich.

Each module is imported in a fresh interpreter; the non-UI commands are also run end to end
there (line mode answering a whole case from stdin), so a lazy import that only happens at run
time is caught too. `lint-imports` checks the same layering statically (pyproject.toml).
"""

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
NON_UI_MODULES = [
    "tutor.cli",
    "tutor.plain",
    "tutor.schema",
    "tutor.collector",
    "tutor.exit_codes",
    *(f"tutor.commands.{name}" for name in ("common", "export", "new", "playtest")),
    *(f"tutor.commands.{name}" for name in ("play", "quiz", "results", "schema", "validate")),
]
CASE = "refractory-polymyositis"
CHECK = "sys.exit('textual' in sys.modules or 'rich' in sys.modules)"


@pytest.mark.parametrize("module", [*CORE_MODULES, *NON_UI_MODULES])
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; {CHECK}"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["schema"],
        ["validate"],
        ["playtest", f"cases/{CASE}.yaml"],
        ["export", CASE, "--format", "markdown", "--answers"],
        ["results", "--format", "json"],
        ["new", "isolated-case", "-o", "{tmp}/isolated-case.yaml"],
        ["play", CASE, "--plain", "--seed", "1"],
        ["quiz", "--plain", "--count", "2", "--seed", "1"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_non_ui_commands_run_without_textual(argv: list[str], tmp_path: Path) -> None:
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    code = (
        "import sys; from tutor.cli import main; "
        f"code = main({args!r}); sys.stdout.flush(); "
        "sys.exit(3 if 'textual' in sys.modules or 'rich' in sys.modules else code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input="1\n" * 40,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[1],
        env={**__import__("os").environ, "TUTOR_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.returncode != 3, "Textual or Rich was imported"
    assert result.returncode == 0, result.stderr[-2000:]
