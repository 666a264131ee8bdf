"""One progress folder per learner under a serving machine's data folder (`tutor serve`).

A learner is known only by the name typed at the start of a browser session. The folder's
name is derived from it and safe whatever was typed: lowercase ASCII letters, digits and
hyphens, plus a short hash of the name, so "Anna B" and "anna-b" (one slug) stay two learners
while "Anna B" and " anna  b " (one person retyping) stay one. No name can reach outside the
root: there are no separators, dots or drive letters left to climb with.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

MAX_NAME = 60
"""Characters of a display name; longer is refused rather than silently cut."""
_SLUG_LENGTH = 24
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """The name as it is kept and shown: NFKC, spaces collapsed, ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip()


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a learner's name, in the learner's words; None when it can."""
    kept = normalise_name(name)
    if not kept:
        return "Type your name first."
    if len(kept) > MAX_NAME:
        return f"A name has at most {MAX_NAME} characters."
    if any(unicodedata.category(char).startswith("C") for char in kept):
        return "A name cannot hold control characters."
    return None


def learner_folder(root: Path, name: str) -> Path:
    """The folder of `name`'s progress store under `root` (raises ValueError for a name
    `name_problem` refuses)."""
    problem = name_problem(name)
    if problem is not None:
        raise ValueError(problem)
    kept = normalise_name(name).casefold()
    ascii_name = unicodedata.normalize("NFKD", kept).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_name).strip("-")[:_SLUG_LENGTH].strip("-") or "learner"
    digest = hashlib.sha256(kept.encode("utf-8")).hexdigest()[:10]
    return root / f"{slug}-{digest}"
