"""`tutor serve`'s words at start: the addresses a room can open, and what the token means."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tutor.commands.serve import address_of, banner, reachable_hosts


def test_a_wildcard_host_is_shown_as_this_machines_name_and_addresses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "lab-pc")

    def addresses(name: str, port: object, **kwargs: object) -> list[tuple]:
        assert name == "lab-pc" and kwargs["family"] == socket.AF_INET
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.20", 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.1.1", 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", addresses)
    assert reachable_hosts("0.0.0.0") == ["lab-pc", "10.0.0.5", "192.168.1.20"]
    assert reachable_hosts("192.168.1.20") == ["192.168.1.20"]


def test_a_machine_whose_name_does_not_resolve_still_gets_its_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "lab-pc")

    def fails(*args: object, **kwargs: object) -> list[tuple]:
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", fails)
    assert reachable_hosts("::") == ["lab-pc"]


def test_the_banner_lists_every_address_with_the_token_and_warns_of_ps() -> None:
    shown = [address_of(host, 8000, "t/k") for host in ("lab-pc", "10.0.0.5", "fe80::1")]
    text = banner(shown, "t/k", Path("/srv/learners"), loopback=False, token_in_argv=True)
    assert "open http://lab-pc:8000/?token=t%2Fk" in text
    assert "  or http://10.0.0.5:8000/?token=t%2Fk" in text
    assert "  or http://[fe80::1]:8000/?token=t%2Fk" in text
    assert "TUTOR_SERVE_TOKEN keeps it out of sight" in text
    assert "0.0.0.0" not in text
    quiet = banner([address_of("127.0.0.1", 8000, None)], None, Path("/x"), loopback=True)
    assert "this machine only" in quiet and "--token" not in quiet
