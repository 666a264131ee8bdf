"""The library cache: unchanged files are not re-read, changed ones are, and it never lies."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import MINIMAL_CASE

from tutor.core.library import library as library_module
from tutor.core.library.library import load_library
from tutor.paths import cache_dir


@pytest.fixture
def folder(write_case) -> Path:
    for index in range(3):
        write_case(MINIMAL_CASE.replace("id: mini-pm", f"id: mini-{index}"), name=f"c{index}.yaml")
    write_case("id: [\n", name="broken.yaml")
    return write_case(name="c0.yaml").parent


def load(folder: Path):
    return load_library([folder], keep_models=False, use_cache=True)


def checked_files(monkeypatch, folder: Path) -> list[str]:
    """Load with the cache and return the names of the files actually read."""
    seen: list[str] = []
    real = library_module.check_file

    def spy(path, *args, **kwargs):
        seen.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(library_module, "check_file", spy)
    load(folder)
    monkeypatch.setattr(library_module, "check_file", real)
    return sorted(seen)


def test_second_load_reads_nothing_and_reports_the_same(monkeypatch, folder) -> None:
    first = load(folder)
    assert checked_files(monkeypatch, folder) == []
    second = load(folder)
    assert [s.id for s in second.summaries] == [s.id for s in first.summaries]
    assert [str(d) for d in second.diagnostics] == [str(d) for d in first.diagnostics]
    assert [f.path.name for f in second.failed] == ["broken.yaml"]


def test_a_changed_file_is_read_again(monkeypatch, folder) -> None:
    load(folder)
    changed = folder / "c1.yaml"
    changed.write_text(
        MINIMAL_CASE.replace("id: mini-pm", "id: mini-1").replace(
            "title: A small", "title: A changed"
        )
    )
    os.utime(changed, ns=(1, 1))  # a different modification time, whatever the clock
    assert checked_files(monkeypatch, folder) == ["c1.yaml"]
    assert any(s.title.startswith("A changed") for s in load(folder).summaries)


def test_references_change_invalidates_everything(monkeypatch, folder) -> None:
    load(folder)
    bundled = (Path(__file__).parents[1] / "cases" / "references.yaml").read_text()
    (folder / "references.yaml").write_text(bundled)
    assert len(checked_files(monkeypatch, folder)) == 4


def test_unreadable_cache_is_ignored(monkeypatch, folder) -> None:
    load(folder)
    for file in [*cache_dir().glob("*.json"), *cache_dir().glob("*.listing")]:
        file.write_text("{not json")
    assert len(checked_files(monkeypatch, folder)) == 4
    assert len(load(folder).summaries) == 3


def test_a_warm_load_lists_from_the_index_without_the_cache_entries(monkeypatch, folder) -> None:
    """While the index holds, a load reads neither a case file nor the cache's entries (the
    cost of a warm start or a quiz does not grow with them), and lists what a full load does."""
    from tutor.core.library import library_cache

    full = load(folder)
    monkeypatch.setattr(library_cache.OutcomeCache, "_read", None)  # any use of the entries fails
    assert checked_files(monkeypatch, folder) == []
    warm = load(folder)
    assert warm.indexed and warm.count() == 3
    assert warm.summaries == full.summaries and warm.failed == full.failed
    assert warm.diagnostics == full.diagnostics


def test_find_rereads_a_case_not_kept_in_memory(folder) -> None:
    library = load(folder)
    assert library.cases == []
    loaded = library.find("mini-2")
    assert loaded is not None and loaded.model.id == "mini-2"
    assert library.find("no-such-case") is None


def test_cached_listing_needs_the_cache_and_then_matches_the_full_load(folder) -> None:
    from tutor.core.library.library_cache import cached_listing

    assert cached_listing([folder]) is None  # nothing cached yet
    full = load(folder)
    quick = cached_listing([folder])
    assert quick is not None
    assert quick.summaries == full.summaries
    assert [str(d) for d in quick.diagnostics] == [str(d) for d in full.diagnostics]
    (folder / "c2.yaml").write_text(MINIMAL_CASE.replace("id: mini-pm", "id: mini-9"))
    os.utime(folder / "c2.yaml", ns=(2, 2))
    # A file changed: the others are listed, in order; it is listed once it has been checked.
    partial = cached_listing([folder])
    assert partial is not None
    assert [s.path.name for s in partial.summaries] == ["c0.yaml", "c1.yaml"]
    assert [f.path.name for f in partial.failed] == ["broken.yaml"]


def test_the_quick_path_imports_no_yaml_parser_or_models() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tutor.core.library.library_cache import cached_listing; "
        "heavy = [m for m in ('pydantic', 'yaml', 'tutor.core.cases.model') if m in sys.modules]; "
        "sys.exit(1 if heavy else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_listing_index_gives_the_full_load_listing_and_steps_aside_when_it_is_gone(
    folder,
) -> None:
    from tutor.core.library.library_cache import OutcomeCache, cached_listing

    full = load(folder)
    quick = cached_listing([folder])
    assert quick is not None and quick.indexed  # read from the index written by the full load
    assert quick.count() == 3 and quick.first(2) == full.summaries[:2]
    assert quick.summaries == full.summaries
    assert [(f.path, f.diagnostics) for f in quick.failed] == [
        (f.path, f.diagnostics) for f in full.failed
    ]
    index = OutcomeCache.key_of([folder]).with_suffix(".listing")
    index.write_text("{not json")
    fallback = cached_listing([folder])  # the cache's entries still say the same
    assert fallback is not None and not fallback.indexed
    assert fallback.summaries == full.summaries


def test_a_removed_file_is_not_listed_from_the_index(folder) -> None:
    from tutor.core.library.library_cache import cached_listing

    load(folder)
    (folder / "c1.yaml").unlink()
    quick = cached_listing([folder])
    assert quick is not None
    assert [s.id for s in quick.summaries] == ["mini-pm", "mini-2"]  # c0 holds mini-pm
    assert [s.id for s in quick.summaries] == [s.id for s in load(folder).summaries]


def test_an_added_file_is_listed_once_checked(folder, write_case) -> None:
    from tutor.core.library.library_cache import cached_listing

    load(folder)
    write_case(MINIMAL_CASE.replace("id: mini-pm", "id: mini-7"), name="c7.yaml")
    quick = cached_listing([folder])
    assert quick is not None
    assert [s.id for s in quick.summaries] == ["mini-pm", "mini-1", "mini-2"]
    assert [s.id for s in load(folder).summaries] == ["mini-pm", "mini-1", "mini-2", "mini-7"]
