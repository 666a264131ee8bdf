"""Writing output files safely: never a half-written file, never a silent overwrite, and never
a path replaced that is not a regular file.

For a regular file (or a new path) the text goes to a temporary file in the target folder first
and is then moved into place in one step (`os.replace`), so a reader sees either the old file or
the complete new one. A symbolic link is followed: its target is written (in the same way), the
link stays. A FIFO, a device or a socket is written as a stream, never renamed over. `-` is
standard output.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write `text` (UTF-8) to `path` atomically.

    With `overwrite=False`, raise FileExistsError if `path` exists (or is a link), without
    touching it.
    """
    with open_text_atomic(path, overwrite=overwrite) as handle:
        handle.write(text)


@contextlib.contextmanager
def open_text_atomic(path: Path, *, overwrite: bool = True) -> Iterator[TextIO]:
    """A text file (UTF-8) to write into bit by bit, as `write_text_atomic` writes it whole:
    it takes the name only once complete, so an export streams in flat memory."""
    if str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with _open_atomic(path, overwrite=overwrite) as binary:
        # newline="": written as is, so a CSV's \r\n line ends stay as they are.
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` atomically, as `write_text_atomic` does (a binary file such as
    an Anki deck)."""
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    with _open_atomic(path, overwrite=overwrite) as handle:
        handle.write(data)


@contextlib.contextmanager
def _open_atomic(path: Path, *, overwrite: bool) -> Iterator[BinaryIO]:
    if not overwrite and (path.is_symlink() or path.exists()):
        raise FileExistsError(path)
    # Write what the name points to: the link's target, not a new file in the link's place.
    path = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        # A FIFO, a terminal, /dev/null...: a stream to write into, never a file to replace.
        with open(path, "wb") as stream:
            yield stream
        return
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
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
