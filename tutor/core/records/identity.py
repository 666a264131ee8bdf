"""The learner's identity: a display name and, optionally, an email or a student id.

Asked for once and kept in the user config folder (`learner.json`); `--learner` and
$TUTOR_LEARNER override it for one run (a shared machine, `tutor serve`'s one learner per
connection). The store's older `learner_name` setting (`tutor results --name`) is the last
fallback, so a name set before identities existed still reaches every export.

In an xAPI statement the learner is an Agent with exactly one identifier: `mbox` for an email,
otherwise an `account` on the project's home page named by the student id (or, lacking one,
the display name).
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutor.paths import config_dir

ENV_LEARNER = "TUTOR_LEARNER"
FILE_NAME = "learner.json"
MAX_TEXT = 100
ACCOUNT_HOME = "https://myositis-tutor.example/learners"
"""The `account.homePage` of a learner known by a student id or a name (a reserved domain:
the tutor has no web site of its own)."""


class IdentityError(ValueError):
    """A name, email or student id that cannot be used; the message says why, for the learner."""


@dataclass(frozen=True)
class Learner:
    name: str
    email: str | None = None
    student_id: str | None = None

    def actor(self) -> dict[str, Any]:
        """The xAPI Agent for this learner."""
        agent: dict[str, Any] = {"objectType": "Agent", "name": self.name}
        if self.email:
            agent["mbox"] = f"mailto:{self.email}"
        else:
            agent["account"] = {"homePage": ACCOUNT_HOME, "name": self.student_id or self.name}
        return agent

    @property
    def key(self) -> str:
        """What matches one learner across exports and the LRS: the identifier of the actor."""
        if self.email:
            return f"mailto:{self.email.lower()}"
        return f"{ACCOUNT_HOME}|{self.student_id or self.name}"

    def label(self) -> str:
        extra = self.email or self.student_id
        return f"{self.name} ({extra})" if extra else self.name

    def to_json(self) -> str:
        data = {"name": self.name, "email": self.email, "student_id": self.student_id}
        return json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False)

    @classmethod
    def from_data(cls, data: Any) -> Learner:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            raise IdentityError("a learner needs a name")
        email, student_id = data.get("email"), data.get("student_id")
        return make_learner(
            data["name"],
            email if isinstance(email, str) else None,
            student_id if isinstance(student_id, str) else None,
        )

    @classmethod
    def from_actor(cls, actor: Any) -> Learner:
        """The learner a statement's actor names (for the class report)."""
        if not isinstance(actor, dict):
            raise IdentityError("a statement's actor is not an Agent")
        name = actor.get("name") if isinstance(actor.get("name"), str) else None
        mbox = actor.get("mbox")
        if isinstance(mbox, str) and mbox.startswith("mailto:"):
            return cls(name or mbox[7:], email=mbox[7:])
        account = actor.get("account")
        if isinstance(account, dict) and isinstance(account.get("name"), str):
            account_name = account["name"]
            student_id = None if account_name == name else account_name
            return cls(name or account_name, student_id=student_id)
        raise IdentityError("a statement's actor has no mbox or account")


def _clean(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_TEXT or any(unicodedata.category(c).startswith("C") for c in cleaned):
        raise IdentityError(f"the {what} must be at most {MAX_TEXT} printable characters")
    return cleaned


def make_learner(name: str, email: str | None = None, student_id: str | None = None) -> Learner:
    """A checked identity. Raises IdentityError with the reason."""
    name = _clean(name, "name")
    if not name:
        raise IdentityError("the name is empty")
    email = _clean(email, "email") if email else None
    if email and (" " in email or email.count("@") != 1 or email.startswith("@")):
        raise IdentityError(f"'{email}' is not an email address (name@example.org)")
    student_id = _clean(student_id, "student id") if student_id else None
    return Learner(name, email or None, student_id or None)


def parse_learner(text: str) -> Learner:
    """`NAME` or `NAME,EMAIL` or `NAME,STUDENT-ID` (as `--learner` and $TUTOR_LEARNER take it)."""
    name, _, extra = text.partition(",")
    extra = extra.strip()
    if "@" in extra:
        return make_learner(name, email=extra)
    return make_learner(name, student_id=extra or None)


def saved_path(folder: Path | None = None) -> Path:
    return (folder or config_dir()) / FILE_NAME


def load_saved(folder: Path | None = None) -> Learner | None:
    """The identity saved on first use, or None (never asked, or the file is unusable)."""
    try:
        return Learner.from_data(json.loads(saved_path(folder).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def save(learner: Learner, folder: Path | None = None) -> Path:
    from tutor.fileio import write_text_atomic

    path = saved_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, learner.to_json() + "\n")
    return path


def resolve(
    explicit: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    folder: Path | None = None,
    stored_name: str | None = None,
) -> Learner | None:
    """Who is playing: `--learner`, else $TUTOR_LEARNER, else the saved identity, else the
    store's learner name. Raises IdentityError for an override that cannot be used."""
    environ = os.environ if environ is None else environ
    for override in (explicit, environ.get(ENV_LEARNER)):
        if override:
            return parse_learner(override)
    saved = load_saved(folder)
    if saved is not None:
        return saved
    return make_learner(stored_name) if stored_name and stored_name.strip() else None
