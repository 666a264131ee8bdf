"""`tutor serve`: textual-serve's server, with an access token and a command fixed by us.

textual-serve runs one copy of the served command per browser connection (a websocket), with
Textual's web driver, and relays the terminal to xterm.js in the page. What we add:

- the command is built once, here, from our own arguments (`served_command`); nothing from a
  request ever reaches it (textual-serve runs it through a shell, hence `shlex.join`);
- an access token, checked by a middleware on every route (the page, the websocket, the
  static files): given as `?token=` on the page's address, then remembered in an HttpOnly,
  SameSite=Strict cookie that the browser sends with the websocket's handshake;
- the page's websocket address follows the address the browser used, so a room reaching the
  machine by its LAN address connects back to it (textual-serve's default is the bind host).
"""

from __future__ import annotations

import re
import secrets
import shlex
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

TOKEN_COOKIE = "tutor_token"
TITLE = "Myositis tutor"
# A Host header is request data: only a plain host[:port] is echoed back into the page.
_PLAIN_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def served_command(cases: Path | None, learners: Path) -> str:
    """The shell command textual-serve runs per connection: this Python, this tutor."""
    argv = [sys.executable, "-m", "tutor", "play", "--serve-learners", str(learners.resolve())]
    if cases is not None:
        argv += ["--cases", str(cases.resolve())]
    return shlex.join(argv)


class TutorServer(Server):
    def __init__(
        self, command: str, *, host: str, port: int, token: str | None, banner: str
    ) -> None:
        super().__init__(command, host=host, port=port, title=TITLE)
        self.token = token
        self.banner = banner

    def _allowed(self, request: web.Request) -> bool:
        if self.token is None:
            return True
        offered = request.query.get("token") or request.cookies.get(TOKEN_COOKIE) or ""
        return secrets.compare_digest(offered.encode(), self.token.encode())

    @web.middleware
    async def _require_token(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self._allowed(request):
            raise web.HTTPForbidden(text="tutor serve: this address needs the access token.\n")
        response = await handler(request)
        if self.token is not None and request.query.get("token") and not response.prepared:
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict")
        return response

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._require_token)
        return app

    async def on_startup(self, app: web.Application) -> None:
        print(self.banner, flush=True)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """textual-serve's page, with its addresses taken from the one the browser used."""
        host = request.host if _PLAIN_HOST.match(request.host) else f"{self.host}:{self.port}"
        scheme = "https" if request.secure else "http"
        ws_scheme = "wss" if request.secure else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_scheme}://{host}/ws",
            "config": {"static": {"url": f"{scheme}://{host}/static/"}},
            "application": {"name": TITLE},
        }
