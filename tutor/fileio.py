"""Writing output files safely: never a half-written file, never a silent overwrite.

The text goes to a temporary file in the target folder first and is then moved into place in
one step (`os.replace`), so a reader sees either the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write `text` (UTF-8) to `path` atomically.

    With `overwrite=False`, raise FileExistsError if `path` exists, without touching it.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not overwrite and path.exists():
        raise FileExistsError(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        # mkstemp makes the file private (0600); give it the mode a new file would have.
        with contextlib.suppress(OSError):
            os.chmod(temp, 0o666 & ~_umask())
        if overwrite:
            os.replace(temp, path)
        else:
            _move_exclusive(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _move_exclusive(temp: Path, path: Path) -> None:
    """Move into place only if nothing is there yet (a hard link fails if the name exists)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links: check, then replace (a tiny race, but no link).
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temp, path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
