"""`-o FILE` never destroys what is there: links are followed, FIFOs and devices are streams."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.fileio import write_text_atomic


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_text_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "new\n"


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "later.csv")
    write_text_atomic(link, "new\n")
    assert link.is_symlink()
    assert (tmp_path / "later.csv").read_text(encoding="utf-8") == "new\n"


def test_a_fifo_is_written_as_a_stream_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # The reading end is open first (without blocking), so the write never waits for a reader.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text_atomic(fifo, "through the pipe\n")
        received = os.read(reader, 1024)
    finally:
        os.close(reader)
    assert received == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


def test_a_device_is_written_not_replaced(tmp_path: Path) -> None:
    # A private copy of /dev/null's node, never the real one: a failing writer would replace it.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs root (or CAP_MKNOD)")
    write_text_atomic(device, "discarded\n")
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_dash_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_text_atomic(Path("-"), "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n"
    assert not (tmp_path / "-").exists()


def test_no_overwrite_refuses_a_link_too(tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(FileExistsError):
        write_text_atomic(link, "x", overwrite=False)
    assert not (tmp_path / "nowhere.yaml").exists()


def test_export_through_a_symlink_keeps_the_link(write_case, tmp_path: Path) -> None:
    from tutor.commands import export
    from tutor.commands.common import Parser

    case = write_case(MINIMAL_CASE)
    target = tmp_path / "handout-real.md"
    target.write_text("stale\n", encoding="utf-8")
    link = tmp_path / "handout.md"
    link.symlink_to(target)
    parser = Parser(prog="tutor")
    export.register(parser.add_subparsers(parser_class=Parser))
    args = parser.parse_args(["export", str(case), "-o", str(link)])
    assert args.run(args) == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8").startswith("#")
