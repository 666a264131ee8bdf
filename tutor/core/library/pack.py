"""A case library as one zip file: `tutor pack DIR -o library.zip` writes it, and
`--cases library.zip` reads it wherever a library folder is accepted.

A zip may come from anyone, so opening one is defensive: it is unpacked once into the cache
(keyed by the zip's content, so an unchanged pack is not unpacked again) after every member is
checked. Refused: absolute paths and `..` (zip slip), links and other non-regular members,
names that are not UTF-8 text or hold control characters, too many members, a member or a
total over the size limits, and a compression ratio no case file has (a zip bomb). The
limits are checked against the sizes the zip declares and again against the bytes actually
read, since a hostile zip can lie about the first."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from tutor.core.cases.files import CASE_SUFFIXES, show_folder_as

PACK_SUFFIX = ".zip"
# Case files are limited to 1 MiB when read (see loader.read_text); a pack may hold many.
MAX_MEMBERS = 20_000
MAX_MEMBER_BYTES = 1 << 20
MAX_TOTAL_BYTES = 256 << 20
MAX_RATIO = 200  # YAML compresses well, but no honest case file compresses 200 to 1
PACKED_SUFFIXES = (*CASE_SUFFIXES, ".json")
_UNPACKED_MARK = ".unpacked"


class PackError(Exception):
    """A pack that cannot be written or opened, said in words for the person who gave it."""


@dataclass(frozen=True)
class Packed:
    path: Path
    files: int


def is_pack(path: Path) -> bool:
    return path.suffix.lower() == PACK_SUFFIX and not path.is_dir()


def library_files(folder: Path) -> list[Path]:
    """The files of a library folder that a pack carries: the case files, its references.yaml
    and any JSON (the schemas a case's first line points to), in a stable order."""
    found = [
        path
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink() and path.suffix in PACKED_SUFFIXES
    ]
    return sorted(found, key=lambda path: path.relative_to(folder).as_posix())


def write_pack(folder: Path, out: Path) -> Packed:
    """Zip `folder`'s library files into `out`, replacing it only once the zip is complete."""
    files = library_files(folder)
    if not files:
        raise PackError(f"{folder}: no case files (*.yaml, *.yml) in this folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, path.relative_to(folder).as_posix())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Packed(out, len(files))


def open_pack(pack: Path, cache_root: Path) -> Path:
    """The folder holding `pack`'s files, unpacked under `cache_root` (once per content).
    Raises PackError for a zip that is unreadable or refused."""
    try:
        digest = _digest(pack)
    except OSError as error:
        raise PackError(f"{pack}: cannot be read ({error.strerror or error})") from None
    folder = cache_root / digest
    if not (folder / _UNPACKED_MARK).is_file():
        _unpack(pack, folder)
    show_folder_as(folder, str(pack))
    return folder


def _digest(path: Path) -> str:
    hashed = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            hashed.update(block)
    return hashed.hexdigest()[:32]


def _unpack(pack: Path, folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".unpacking-"))
    try:
        try:
            with zipfile.ZipFile(pack) as archive:
                members = _checked_members(pack, archive)
                total = 0
                for member, name in members:
                    total += _extract(pack, archive, member, staging / name, total)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as error:
            raise PackError(f"{pack}: not a readable zip file ({error})") from None
        except OSError as error:
            raise PackError(f"{pack}: cannot be read ({error.strerror or error})") from None
        if not any(name.suffix in CASE_SUFFIXES for _, name in members):
            raise PackError(f"{pack}: no case files (*.yaml, *.yml) in this zip")
        (staging / _UNPACKED_MARK).write_text("complete\n", encoding="utf-8")
        try:
            staging.rename(folder)
        except OSError:
            if not (folder / _UNPACKED_MARK).is_file():  # another copy did not finish it
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _checked_members(
    pack: Path, archive: zipfile.ZipFile
) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackError(f"{pack}: {len(infos):,} members; a pack holds at most {MAX_MEMBERS:,}")
    declared = sum(info.file_size for info in infos)
    if declared > MAX_TOTAL_BYTES:
        raise PackError(
            f"{pack}: unpacks to {declared:,} bytes; a pack unpacks to at most {MAX_TOTAL_BYTES:,}"
        )
    members: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    for info in infos:
        name = _safe_name(pack, info)
        if name is not None:
            members.append((info, name))
    return members


def _safe_name(pack: Path, info: zipfile.ZipInfo) -> PurePosixPath | None:
    """The member's relative path, None for a folder entry or a file a library does not use;
    PackError for a member no pack should hold."""
    if not info.flag_bits & 0x800 and not info.filename.isascii():
        # Without the UTF-8 flag, zipfile decoded the name as CP437: not a name we can trust.
        raise PackError(f"{pack}: a member name is not UTF-8 text ({info.filename!r})")
    shown = repr(info.filename)
    if any(ord(c) < 32 or ord(c) == 127 for c in info.filename):
        raise PackError(f"{pack}: the member name {shown} holds control characters")
    name = PurePosixPath(info.filename.replace("\\", "/"))
    parts = name.parts
    if not parts or name.is_absolute() or ".." in parts or ":" in parts[0]:
        raise PackError(f"{pack}: the member {shown} points outside the pack")
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip says nothing of it
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise PackError(f"{pack}: the member {shown} is a link or device, not a file")
    if info.is_dir():
        return None
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackError(
            f"{pack}: the member {shown} unpacks to {info.file_size:,} bytes; a case file is "
            f"at most {MAX_MEMBER_BYTES:,}"
        )
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise PackError(f"{pack}: the member {shown} is compressed {MAX_RATIO}+ to 1 (a zip bomb?)")
    if name.suffix not in PACKED_SUFFIXES:
        return None
    return name


def _extract(
    pack: Path, archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, total: int
) -> int:
    """Copy one member, counting the bytes really read against the limits; returns them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(member) as source, target.open("wb") as sink:
        for block in _blocks(source):
            written += len(block)
            if written > MAX_MEMBER_BYTES or total + written > MAX_TOTAL_BYTES:
                raise PackError(
                    f"{pack}: the member {member.filename!r} unpacks to more than it declares"
                )
            sink.write(block)
    return written


def _blocks(stream: IO[bytes]) -> Iterator[bytes]:
    while block := stream.read(1 << 16):
        yield block
