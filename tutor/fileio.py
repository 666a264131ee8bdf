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
        # newline="": the text is written as given (a CSV's \r\n line ends stay as they are).
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())  # on disk before it takes the name
        # mkstemp makes the file private (0600): keep the mode of the file being replaced, or
        # give a new file the mode it would have had.
        with contextlib.suppress(OSError):
            os.chmod(temp, _mode_for(path))
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


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask
