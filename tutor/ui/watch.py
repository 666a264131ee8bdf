"""Polling a file for changes (`tutor play PATH --watch`): no dependency, no threads."""

from __future__ import annotations

from pathlib import Path

Stamp = tuple[int, int]


def file_stamp(path: Path) -> Stamp | None:
    """Modification time and size; None while the file is missing (mid-save, or deleted)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size)


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
