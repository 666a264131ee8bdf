"""Ralph, a real learning record store, for the tests: installed once in its own virtual
environment (cached under ~/.cache/tutor-test-ralph, or $TUTOR_TEST_RALPH_VENV) and started on
127.0.0.1 at a free port, storing statements in a folder (its file system backend)."""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SPEC = "ralph-malph[cli,lrs,backend-fs]"
USER, PASSWORD = "teacher", "correct-horse"
READY_SECONDS = 90.0
# Ralph 5's file system backend creates its statements file on the first POST and refuses every
# later one ("already exists and overwrite is not allowed"): it is meant for one-off imports.
# The server here is Ralph's own application, run by uvicorn in one process, with that backend
# appending instead; validation, authentication and de-duplication by id stay Ralph's.
SERVE = """
import sys
import uvicorn
from ralph.backends.data import fs
fs.FSDataBackend.default_operation_type = fs.BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def venv_dir() -> Path:
    explicit = os.environ.get("TUTOR_TEST_RALPH_VENV")
    return Path(explicit) if explicit else Path.home() / ".cache" / "tutor-test-ralph"


def install() -> Path | str:
    """The `ralph` program, installing it the first time; a reason string when it cannot be."""
    folder = venv_dir()
    ralph = folder / "bin" / "ralph"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / "tutor-test-ralph.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers take turns; the first one installs
        marker = folder / "installed.txt"
        if ralph.exists() and marker.exists() and marker.read_text() == SPEC:
            return ralph
        steps = (
            [sys.executable, "-m", "venv", "--clear", str(folder)],
            [str(folder / "bin" / "python"), "-m", "pip", "install", "-q", SPEC, "requests"],
        )
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900)
            if done.returncode != 0:
                return f"Ralph could not be installed ({' '.join(step[:4])}): {done.stderr[-400:]}"
        marker.write_text(SPEC)
    return ralph


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Ralph:
    """One LRS with its own data folder; stop() kills it, start() brings it back on the same
    port with the same statements."""

    def __init__(self, program: Path, folder: Path) -> None:
        self.program = program
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.process: subprocess.Popen[bytes] | None = None
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
        }
        (folder / "data").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(program), "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M",
             "mailto:teacher@example.org", "-w"],
            env=self.env, check=True, capture_output=True, timeout=120, cwd=self.folder,
        )  # fmt: skip

    def start(self) -> None:
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 - the server's, until stop
        python = self.program.parent / "python"
        self.process = subprocess.Popen(
            [str(python), "-c", SERVE, str(self.port)],
            env=self.env, stdout=log, stderr=log, start_new_session=True, cwd=self.folder,
        )  # fmt: skip
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, urllib.error.URLError):
                self.get("statements?limit=1")
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.3)
        raise RuntimeError(
            f"Ralph did not start: {(self.folder / 'server.log').read_text()[-800:]}"
        )

    def stop(self) -> None:
        """SIGKILL: no chance to finish anything."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def get(self, path: str) -> dict:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(
            self.url + path,
            headers={"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            return json.loads(response.read())

    def statements(self) -> list[dict]:
        found, page = [], self.get("statements?limit=500")
        found += page["statements"]
        while page.get("more"):
            page = self.get(page["more"].split("/xAPI/", 1)[-1])
            found += page["statements"]
        return found
