"""`tutor pack DIR -o library.zip`, and `--cases library.zip` read as a folder would be; a
hostile zip is refused with a plain message and nothing written outside the cache."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tests.tutor_process import WHOLE_CASE_ANSWERS, run_tutor
from tutor.cli import main
from tutor.core.library.pack import MAX_MEMBER_BYTES, PackError, open_pack, write_pack
from tutor.paths import bundled_cases_dir


@pytest.fixture
def bundled_pack(tmp_path: Path) -> Path:
    out = tmp_path / "library.zip"
    assert main(["pack", str(bundled_cases_dir()), "-o", str(out)]) == 0
    return out


def test_a_pack_holds_the_library_and_validates_as_the_folder_does(
    bundled_pack: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = zipfile.ZipFile(bundled_pack).namelist()
    assert "refractory-polymyositis.yaml" in names and "references.yaml" in names
    capsys.readouterr()
    assert main(["validate", str(bundled_pack)]) == 0
    folder_cases = len(list(bundled_cases_dir().glob("*.yaml"))) - 2  # algorithm, references
    assert f"{folder_cases} valid, 0 invalid" in capsys.readouterr().out


def test_a_whole_case_is_played_from_a_pack_as_from_its_folder(
    bundled_pack: Path, tmp_path: Path
) -> None:
    def played(*cases: str, data: str) -> str:
        done = run_tutor(
            "play", "refractory-polymyositis", *cases, "--plain", "--seed", "1",
            stdin=WHOLE_CASE_ANSWERS, env={"TUTOR_DATA_DIR": str(tmp_path / data)},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    from_pack = played("--cases", str(bundled_pack), data="pack")
    assert "Score:" in from_pack
    assert from_pack == played(data="folder")


def test_an_invalid_library_is_not_packed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "bad.yaml").write_text(MINIMAL_CASE.replace("id: mini-pm", "id: 3"), "utf-8")
    out = tmp_path / "out.zip"
    assert main(["pack", str(folder), "-o", str(out)]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert not out.exists()


def test_pack_usage_errors(tmp_path: Path) -> None:
    assert main(["pack", str(tmp_path / "missing")]) == 2
    assert main(["pack", str(bundled_cases_dir()), "-o", str(tmp_path / "x.tar")]) == 2
    assert main(["validate", str(tmp_path / "missing.zip")]) == 2


def test_an_error_in_a_packed_case_names_the_pack_and_the_member(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "mine.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr(
            "cases/bad.yaml",
            MINIMAL_CASE.replace("difficulty: introductory", "difficulty: impossible"),
        )
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(MINIMAL_CASE.splitlines(), 1) if "difficulty" in text)
    assert f"{pack}:cases/bad.yaml:{line}:" in out


def _zip_with(path: Path, name: str, data: bytes = b"id: x\n", mode: int | None = None) -> Path:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.external_attr = mode << 16
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, data)
        archive.writestr("ok.yaml", MINIMAL_CASE)
    return path


@pytest.mark.parametrize(
    ("name", "data", "mode", "said"),
    [
        ("../escaped.yaml", b"id: x\n", None, "points outside the pack"),
        ("/tmp/absolute.yaml", b"id: x\n", None, "points outside the pack"),
        ("a/../../b.yaml", b"id: x\n", None, "points outside the pack"),
        ("link.yaml", b"/etc/passwd", stat.S_IFLNK | 0o777, "is a link"),
        ("bomb.yaml", b"\0" * (MAX_MEMBER_BYTES - 1), None, "zip bomb"),
        ("big.yaml", b"x" * (MAX_MEMBER_BYTES + 1), None, "at most"),
        ("bell\a.yaml", b"id: x\n", None, "control characters"),
    ],
    ids=["parent", "absolute", "nested-parent", "symlink", "bomb", "too-big", "control"],
)
def test_a_hostile_zip_is_refused(
    tmp_path: Path,
    name: str,
    data: bytes,
    mode: int | None,
    said: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pack = _zip_with(tmp_path / "hostile.zip", name, data, mode)
    assert main(["validate", str(pack)]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err and "\a" not in err
    assert not (tmp_path / "escaped.yaml").exists()
    assert not Path("/tmp/absolute.yaml").exists()


def test_a_member_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "cp437.zip"
    with zipfile.ZipFile(pack, "w") as archive:
        archive.writestr("cafX.yaml", MINIMAL_CASE)  # ASCII: stored without the UTF-8 flag
    pack.write_bytes(pack.read_bytes().replace(b"cafX", b"caf\x82"))
    with pytest.raises(PackError, match="not UTF-8"):
        open_pack(pack, tmp_path / "cache")


def test_a_member_that_lies_about_its_size_is_stopped_when_read(tmp_path: Path) -> None:
    pack = tmp_path / "liar.zip"
    with zipfile.ZipFile(pack, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("case.yaml", b"x" * 4096)
    raw = bytearray(pack.read_bytes())
    # Both headers declare 16 bytes; the data holds 4,096.
    size = (4096).to_bytes(4, "little")
    raw = bytearray(bytes(raw).replace(size + size, (16).to_bytes(4, "little") * 2))
    pack.write_bytes(bytes(raw))
    with pytest.raises(PackError):
        open_pack(pack, tmp_path / "cache")
    assert not list((tmp_path / "cache").glob("*/case.yaml"))


def test_an_unchanged_pack_is_unpacked_once(tmp_path: Path) -> None:
    pack = write_pack(bundled_cases_dir(), tmp_path / "lib.zip").path
    first = open_pack(pack, tmp_path / "cache")
    marker = first / "refractory-polymyositis.yaml"
    marker.write_text("changed in the cache", encoding="utf-8")
    assert open_pack(pack, tmp_path / "cache") == first
    assert marker.read_text(encoding="utf-8") == "changed in the cache"
