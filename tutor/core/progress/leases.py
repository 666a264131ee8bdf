"""Which running tutor owns an attempt: a lease, held as an OS file lock, per attempt.

Two tutors on one progress file must not answer into one attempt. The process that opens an
attempt takes its lease (an exclusive `flock` on a small file beside the progress file) and keeps
it until the attempt finishes or the process ends; the operating system releases it when the
process dies, however it dies, so a killed tutor never leaves a case locked. A second process
that finds the lease taken is told the attempt is open elsewhere (`open_attempt` then starts it
a new attempt instead).

Where file locks are not available (Windows has no `fcntl`), or progress lives in memory, every
lease is granted: the behaviour is then that of a single tutor.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LEASE_FOLDER = "leases"

_held: dict[Path, int] = {}
"""Lease file -> the open descriptor holding its lock, for the leases this process holds."""
_lock = threading.Lock()


def lease_path(progress_file: Path, attempt_id: int) -> Path:
    return progress_file.parent / LEASE_FOLDER / f"attempt-{attempt_id}.lock"


def take(progress_file: Path, attempt_id: int) -> bool:
    """Take the attempt's lease for this process: True if it is ours (now or already), False if
    another running process holds it."""
    if fcntl is None:
        return True
    path = lease_path(progress_file, attempt_id)
    with _lock:
        if path in _held:
            return True
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True  # no lease can be kept here: behave as a single tutor
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            return False
        _held[path] = descriptor
        return True


def release(progress_file: Path, attempt_id: int) -> None:
    """Give the lease back (the attempt finished); nothing if this process does not hold it."""
    path = lease_path(progress_file, attempt_id)
    with _lock:
        descriptor = _held.pop(path, None)
    if descriptor is not None:
        # Closing releases the lock. The file stays: removing it could let two processes lock
        # two different files of the same name.
        os.close(descriptor)
