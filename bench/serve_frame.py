"""Time from a browser's connection to the first frame, through a textual-serve server.

Two servers run side by side for the whole measurement: `tutor serve` (our middleware, our
served command) and textual-serve's own `Server` serving a bare Textual app with one widget.
Each sample opens the page's websocket (`/ws?width=..&height=..`, as textual.js does), reads
the terminal output the server relays, and stops the clock when the app's first screen has
been drawn: its text appears in the output with the escape sequences taken out (the browser
tests detect the first frame the same way, from the terminal's text). Connections alternate
between the two servers (A B A B ...); each connection starts a fresh copy of the app, which
is what a student's browser waits for. The tutor's first frame when served is the name prompt
that leads to the library.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from measure import Figure, median_and_spread

PYTHON = sys.executable
WIDTH, HEIGHT = 100, 32
TUTOR_MARK = "Type your name"
BARE_MARK = "bare app ready"
_ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-_])")

BARE_APP = f"""
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static({BARE_MARK!r})

Bare().run()
"""

REFERENCE_SERVER = """
import sys
from textual_serve.server import Server
Server(sys.argv[1], host="127.0.0.1", port=int(sys.argv[2])).serve()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(args: list[str], port: int, env: dict[str, str]) -> Iterator[int]:
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(10)


async def first_frame(port: int, mark: str) -> float:
    """Seconds from opening the websocket until `mark` has been drawn."""
    import aiohttp

    wanted = mark.encode()
    started = time.perf_counter()
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"http://127.0.0.1:{port}/ws?width={WIDTH}&height={HEIGHT}"
        ) as websocket,
    ):
        output = b""
        async for message in websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                output += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                output += message.data.encode()
            else:
                break
            if wanted in _ESCAPES.sub(b"", output):
                return time.perf_counter() - started
    raise RuntimeError(f"the first frame ({mark!r}) never came on port {port}")


def samples(root: Path, repeat: int) -> tuple[list[float], list[float]]:
    """(tutor serve, textual-serve with a bare app), one connection each per round."""
    bare = root / "bare_app.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    env = dict(os.environ)
    env["TUTOR_DATA_DIR"] = str(root / "data-serve")
    env["TUTOR_CACHE_DIR"] = str(root / "cache-serve")
    env.pop("TUTOR_SERVE_TOKEN", None)
    ours_port, reference_port = free_port(), free_port()
    ours_args = [PYTHON, "-m", "tutor", "serve", "--port", str(ours_port)]
    reference_args = [PYTHON, "-c", REFERENCE_SERVER, f"{PYTHON} {bare}", str(reference_port)]
    ours, reference = [], []
    with running(ours_args, ours_port, env), running(reference_args, reference_port, env):
        asyncio.run(first_frame(ours_port, TUTOR_MARK))  # warm: the library cache is written
        asyncio.run(first_frame(reference_port, BARE_MARK))
        for _ in range(repeat):
            ours.append(asyncio.run(first_frame(ours_port, TUTOR_MARK)))
            reference.append(asyncio.run(first_frame(reference_port, BARE_MARK)))
    return ours, reference


def served_first_frame(root: Path, repeat: int) -> Figure:
    """A browser's connection to the first frame, tutor serve against textual-serve serving a
    bare Textual app, alternating (see `samples`)."""
    ours, reference_samples = samples(root, repeat)
    value, spread = median_and_spread(ours)
    reference, _ = median_and_spread(reference_samples)
    return Figure(
        "tutor serve: browser connection to first frame",
        value,
        spread,
        "s",
        f"textual-serve, bare app: {reference:.3f} s",
        value / reference,
        "<= 1.2x bare",
        value / reference <= 1.2,
    )
