"""A learning record store (LRS) over HTTP: xAPI 1.0.3's statements resource, with basic
authentication, using only the standard library. Which LRS to use is kept in the user config
folder (`lrs.json`) or given on the command line.

Errors are `LrsError`s in words for the learner: `Refused` for credentials the LRS does not
accept (retrying will not help), `Unreachable` for a network or server problem (it may).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tutor.paths import config_dir

VERSION = "1.0.3"
FILE_NAME = "lrs.json"
TIMEOUT_SECONDS = 20.0


class LrsError(RuntimeError):
    """The LRS did not take or give statements; the message says why."""


class Refused(LrsError):
    """The LRS refused the credentials or the statements: trying again will not help."""


class Unreachable(LrsError):
    """No answer, or a server error: worth trying again later."""


@dataclass(frozen=True)
class LrsSettings:
    url: str
    user: str = ""
    password: str = ""
    send_after_attempt: bool = False


def settings_path(folder: Path | None = None) -> Path:
    return (folder or config_dir()) / FILE_NAME


def load_settings(folder: Path | None = None) -> LrsSettings | None:
    """The saved LRS, or None when there is none (or the file is not usable)."""
    try:
        data = json.loads(settings_path(folder).read_text(encoding="utf-8"))
        return LrsSettings(
            url=str(data["url"]),
            user=str(data.get("user", "")),
            password=str(data.get("password", "")),
            send_after_attempt=bool(data.get("send_after_attempt", False)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_settings(settings: LrsSettings, folder: Path | None = None) -> Path:
    """Kept readable by the user only: it holds a password."""
    import os

    from tutor.fileio import write_text_atomic

    path = settings_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(asdict(settings), indent=2) + "\n")
    os.chmod(path, 0o600)
    return path


def statements_url(url: str) -> str:
    """The statements resource of an LRS endpoint (`http://host/xAPI/` or `.../statements`)."""
    trimmed = url.rstrip("/")
    return trimmed if trimmed.endswith("/statements") else trimmed + "/statements"


def check_url(url: str) -> str | None:
    """Why `url` cannot be an LRS endpoint, or None."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"'{url}' is not an http:// or https:// address of an LRS"
    return None


class Lrs:
    def __init__(self, url: str, user: str = "", password: str = "") -> None:
        self.url = statements_url(url)
        self._headers = {"X-Experience-API-Version": VERSION, "Content-Type": "application/json"}
        if user or password:
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def _request(self, url: str, body: bytes | None = None) -> tuple[int, bytes]:
        method = "POST" if body is not None else "GET"
        request = urllib.request.Request(url, data=body, headers=self._headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            if error.code in (401, 403):
                raise Refused(
                    f"the learning record store at {self.url} refused the user name or "
                    f"password (HTTP {error.code})"
                ) from None
            if error.code == 409:
                return 409, b""
            if error.code >= 500:
                raise Unreachable(f"the learning record store failed (HTTP {error.code})") from None
            raise Refused(
                f"the learning record store refused the statements (HTTP {error.code}: {detail})"
            ) from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Unreachable(
                f"cannot reach the learning record store at {self.url} ({reason})"
            ) from None

    def send(self, statements: list[dict[str, Any]]) -> None:
        """Store the statements. A statement the LRS already has (same id) is not an error:
        a conflict on a batch is retried one statement at a time, each taken as delivered."""
        status, _ = self._request(self.url, json.dumps(statements).encode("utf-8"))
        if status == 409 and len(statements) > 1:
            for statement in statements:
                self.send([statement])

    def statements(self, **filters: str) -> list[dict[str, Any]]:
        """Every statement matching the xAPI query filters, following `more` links."""
        query = urllib.parse.urlencode({k: v for k, v in filters.items() if v})
        url: str | None = self.url + (f"?{query}" if query else "")
        found: list[dict[str, Any]] = []
        while url:
            _, body = self._request(url)
            try:
                page = json.loads(body)
                found.extend(page["statements"])
            except (ValueError, KeyError, TypeError):
                raise Unreachable("the learning record store answered with no statements") from None
            more = page.get("more")
            url = urllib.parse.urljoin(self.url, more) if more else None
        return found
