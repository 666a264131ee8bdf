"""`tutor serve [--cases DIR] [--host 127.0.0.1] [--port 8000] [--token T]`: the tutor in the
browsers of a room, one learner per connection, each with their own progress store."""

from __future__ import annotations

import argparse
import ipaddress
import secrets
import sys
from pathlib import Path
from typing import Any

from tutor.commands import SUMMARIES
from tutor.commands.common import EXIT_OK, add_cases_option, usage_error

LOOPBACK_NAMES = frozenset({"localhost"})
# Every address of the machine: a browser cannot open these, so the banner names real ones.
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
# The token's other way in: an option is visible to every user of the machine in `ps`.
ENV_TOKEN = "TUTOR_SERVE_TOKEN"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help=SUMMARIES["serve"],
        description=(
            "Serve the tutor to web browsers (with textual-serve). Each browser connection "
            "asks for the learner's name and records to that learner's own progress store, "
            "under the data folder's 'learners' folder. Binds to this machine only "
            "(127.0.0.1) unless --host says otherwise; any other host needs an access token, "
            f"generated and printed at start unless ${ENV_TOKEN} or --token gives one. Exit 0 "
            "on Ctrl+C, 2 on a usage error."
        ),
    )
    add_cases_option(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port to bind (default 8000)")
    parser.add_argument(
        "--token",
        default=None,
        help="access token browsers must present (default: $TUTOR_SERVE_TOKEN, else none on "
        "loopback, else generated). Other users of this machine can read an option in 'ps': "
        "prefer the environment variable",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        metavar="DIR",
        help="where learners' progress goes (default: $TUTOR_DATA_DIR or the user data folder)",
    )
    parser.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def reachable_hosts(host: str) -> list[str]:
    """The names a browser can use for `host`: itself, or for a wildcard this machine's name
    and its non-loopback addresses (the room's machines use one of these)."""
    if host not in WILDCARD_HOSTS:
        return [host]
    import socket

    name = socket.gethostname()
    family = socket.AF_INET if host == "0.0.0.0" else socket.AF_UNSPEC
    try:
        found = socket.getaddrinfo(name, None, family=family, type=socket.SOCK_STREAM)
    except OSError:
        found = []
    addresses = sorted(
        {str(info[4][0]) for info in found if not ipaddress.ip_address(info[4][0]).is_loopback}
    )
    return [name, *addresses]


def address_of(host: str, port: int, token: str | None) -> str:
    from urllib.parse import quote

    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{port}/"
    if token is not None:
        address += f"?token={quote(token, safe='')}"
    return address


def banner(
    addresses: list[str],
    token: str | None,
    learners: Path,
    loopback: bool,
    token_in_argv: bool = False,
) -> str:
    where = "this machine only" if loopback else "every machine that can reach it"
    first, *others = addresses
    lines = [f"tutor serve: open {first} (reachable from {where})."]
    lines += [f"  or {other}" for other in others]
    if token_in_argv:
        lines.append(
            f"The token was given with --token, which other users of this machine can read; "
            f"${ENV_TOKEN} keeps it out of sight."
        )
    if token is None:
        lines.append("No access token: anyone on this machine can connect.")
    else:
        lines.append(
            "An access token is required: a browser without it is refused. Give students the "
            "whole address above, token included."
        )
    lines += [
        f"Each learner's progress is kept under {learners}.",
        "For education only, not patient care. Press Ctrl+C to stop.",
    ]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from tutor.paths import data_dir

    if args.cases is not None and not args.cases.is_dir():
        return usage_error(f"--cases: '{args.cases}' is not a folder")
    if not 0 < args.port < 65536:
        return usage_error(f"--port must be between 1 and 65535, not {args.port}")
    import os

    loopback = is_loopback(args.host)
    token = args.token if args.token is not None else os.environ.get(ENV_TOKEN)
    if token is not None and not token:
        return usage_error(
            "--token must not be empty" if args.token is not None else f"${ENV_TOKEN} is empty"
        )
    if token is None and not loopback:
        token = secrets.token_urlsafe(16)
    learners = data_dir(args.data_dir) / "learners"
    learners.mkdir(parents=True, exist_ok=True)

    from tutor.serve import TutorServer, served_command

    addresses = [address_of(host, args.port, token) for host in reachable_hosts(args.host)]
    server = TutorServer(
        served_command(args.cases, learners),
        host=args.host,
        port=args.port,
        token=token,
        banner=banner(addresses, token, learners, loopback, token_in_argv=args.token is not None),
    )
    server.serve()
    print("tutor serve: stopped.", file=sys.stderr)
    return EXIT_OK
