"""Every folder the tutor reads or writes, in one place: the bundled case library (inside the
wheel, or beside the source checkout), the user data folder (progress), the user config folder
(the learner's identity, the learning record store to send to) and the cache folder (checked
case files)."""

from __future__ import annotations

import os
from pathlib import Path

ENV_DATA_DIR = "TUTOR_DATA_DIR"
ENV_CACHE_DIR = "TUTOR_CACHE_DIR"
ENV_CONFIG_DIR = "TUTOR_CONFIG_DIR"

_PACKAGE = Path(__file__).resolve().parent


def bundled_cases_dir() -> Path:
    packaged = _PACKAGE / "bundled_cases"
    return packaged if packaged.is_dir() else _PACKAGE.parent / "cases"


def data_dir(explicit: Path | str | None = None) -> Path:
    """The folder of the progress file: the caller's choice, else $TUTOR_DATA_DIR, else the
    platform's user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("tutor", appauthor=False))


def config_dir() -> Path:
    """The folder of the learner's settings: $TUTOR_CONFIG_DIR, else the user config folder."""
    explicit = os.environ.get(ENV_CONFIG_DIR)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("tutor", appauthor=False))


def cache_dir() -> Path:
    """The folder of the checked-files cache: $TUTOR_CACHE_DIR, else the user cache folder."""
    explicit = os.environ.get(ENV_CACHE_DIR)
    if explicit:
        return Path(explicit)
    import platformdirs

    return Path(platformdirs.user_cache_dir("tutor"))


def packs_dir() -> Path:
    """Where case packs (--cases library.zip) are unpacked, one folder per pack content."""
    return cache_dir() / "packs"
