"""The cache of context exports: same report, exports read once, anything odd read again."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from siecle_sdk.cli.check import render
from siecle_sdk.errors import UnusableInput
from siecle_sdk.rules.context_cache import ContextCache, MemoryParts
from siecle_sdk.rules.engine import check_file
from siecle_sdk.tools.synthetic import SyntheticSchool


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An import file and the five exports of the same synthetic school."""
    folder = tmp_path_factory.mktemp("school")
    synthetic = SyntheticSchool(pupils=40, seed=3)
    exports = synthetic.write_exports(folder)
    return {"import": synthetic.write_import(folder), **exports}


def _copy(school: dict[str, Path], folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: Path(shutil.copy(path, folder / path.name)) for name, path in school.items()}


def _exports(files: dict[str, Path]) -> dict[str, Path | None]:
    return {name: path for name, path in files.items() if name != "import"}


def _report(files: dict[str, Path], cache: ContextCache | None) -> str:
    return render(check_file(files["import"], _exports(files), cache=cache), "json")


def _entries(folder: Path) -> dict[str, Path]:
    return {path.name.split("-")[0]: path for path in folder.glob("*.json")}


def test_second_check_reads_the_exports_from_the_cache(
    school: dict[str, Path], tmp_path: Path
) -> None:
    uncached = _report(school, None)
    first = ContextCache(tmp_path, memory=None)
    assert _report(school, first) == uncached
    assert first.stats == {"read": 2}
    assert set(_entries(tmp_path)) == {"eleves", "responsables"}
    second = ContextCache(tmp_path, memory=None)
    assert _report(school, second) == uncached
    assert second.stats == {"disk": 2}


def test_parts_kept_in_memory_serve_the_next_check(school: dict[str, Path]) -> None:
    memory = MemoryParts()
    first, second = ContextCache(None, memory), ContextCache(None, memory)
    assert _report(school, first) == _report(school, second) == _report(school, None)
    assert first.stats == {"read": 2} and second.stats == {"memory": 2}


def test_memory_keeps_the_last_parts_used() -> None:
    memory = MemoryParts(limit=2)
    for key in ("a", "b", "c"):
        memory.put(key, {"key": key})
    assert memory.get("a") is None
    assert memory.get("b") == {"key": "b"} and memory.get("c") == {"key": "c"}


def test_changed_export_is_read_again(school: dict[str, Path], tmp_path: Path) -> None:
    files = _copy(school, tmp_path / "files")
    folder = tmp_path / "cache"
    _report(files, ContextCache(folder, memory=None))
    # one pupil of SIECLE renamed: the file has new bytes, its old entry must not serve
    text = files["eleves"].read_text(encoding="iso-8859-15")
    family = text.split("<NOM_DE_FAMILLE>", 1)[1].split("<", 1)[0]
    text = text.replace(f"<NOM_DE_FAMILLE>{family}<", "<NOM_DE_FAMILLE>AUTRENOM<", 1)
    files["eleves"].write_text(text, encoding="iso-8859-15")
    cache = ContextCache(folder, memory=None)
    assert _report(files, cache) == _report(files, None)
    assert cache.stats == {"read": 1, "disk": 1}
    assert len(list(folder.glob("eleves-*.json"))) == 2


def _rewrite_payload(entry: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the part kept at ``entry`` and give it a matching checksum (a well-formed entry
    holding values the SDK never writes)."""
    header_line, payload = entry.read_bytes().split(b"\n", 1)
    part = json.loads(payload)
    change(part)
    payload = json.dumps(part).encode("utf-8")
    header = json.loads(header_line)
    header["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    header["payload_bytes"] = len(payload)
    entry.write_bytes(json.dumps(header).encode("ascii") + b"\n" + payload)


def _header(entry: Path, **changes: object) -> None:
    header_line, payload = entry.read_bytes().split(b"\n", 1)
    header = json.loads(header_line)
    header.update(changes)
    entry.write_bytes(json.dumps(header).encode("ascii") + b"\n" + payload)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "truncated": lambda entry: entry.write_bytes(entry.read_bytes()[:-100]),
    "empty": lambda entry: entry.write_bytes(b""),
    "not JSON": lambda entry: entry.write_bytes(b"\x80\x04\x95 pickled?\n"),
    "payload altered": lambda entry: entry.write_bytes(
        entry.read_bytes().replace(b'"20', b'"19', 1)
    ),
    "another SDK version": lambda entry: _header(entry, sdk="0.0.0-other"),
    "another cache format": lambda entry: _header(entry, version=999),
    "another export's content": lambda entry: _header(entry, source_sha256="0" * 64),
    "rows of another shape": lambda entry: _rewrite_payload(
        entry, lambda part: part["pupils"].__setitem__(0, [1, 2, 3])
    ),
    "date that is not a date": lambda entry: _rewrite_payload(
        entry, lambda part: part["pupils"][0].__setitem__(8, "2009-13-45")
    ),
    "payload not an object": lambda entry: _rewrite_payload(entry, lambda part: part.clear()),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_damaged_or_foreign_entry_is_ignored_and_rebuilt(
    school: dict[str, Path], tmp_path: Path, damage: str
) -> None:
    _report(school, ContextCache(tmp_path, memory=None))
    entry = _entries(tmp_path)["eleves"]
    DAMAGES[damage](entry)
    cache = ContextCache(tmp_path, memory=None)
    assert _report(school, cache) == _report(school, None)
    assert cache.stats == {"ignored": 1, "read": 1, "disk": 1}
    again = ContextCache(tmp_path, memory=None)
    _report(school, again)
    assert again.stats == {"disk": 2}


def test_entry_of_another_export_is_not_used(school: dict[str, Path], tmp_path: Path) -> None:
    _report(school, ContextCache(tmp_path, memory=None))
    entries = _entries(tmp_path)
    shutil.copy(entries["responsables"], entries["eleves"])
    cache = ContextCache(tmp_path, memory=None)
    assert _report(school, cache) == _report(school, None)
    assert cache.stats["ignored"] == 1


def test_cached_export_of_another_year_is_still_refused(
    school: dict[str, Path], tmp_path: Path
) -> None:
    files = _copy(school, tmp_path / "files")
    text = files["eleves"].read_text(encoding="iso-8859-15")
    year = text.split("<ANNEE_SCOLAIRE>", 1)[1].split("<", 1)[0]
    text = text.replace(f"<ANNEE_SCOLAIRE>{year}<", f"<ANNEE_SCOLAIRE>{int(year) - 1}<", 1)
    files["eleves"].write_text(text, encoding="iso-8859-15")
    for _ in range(2):
        cache = ContextCache(tmp_path / "cache", memory=None)
        with pytest.raises(UnusableInput, match="année scolaire"):
            check_file(files["import"], _exports(files), cache=cache)


def test_unwritable_cache_leaves_the_check_unchanged(
    school: dict[str, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    cache = ContextCache(blocker / "cache", memory=None)
    assert _report(school, cache) == _report(school, None)
    assert cache.stats == {"read": 2}


def test_cli_fills_the_cache_and_no_cache_leaves_it_alone(
    school: dict[str, Path], run_cli: Callable[..., Any], private_cache: Path
) -> None:
    options = [
        argument
        for name, path in _exports(school).items()
        for argument in (f"--{name}", path)
        if path is not None
    ]
    bare = run_cli("check", school["import"], *options, "--no-cache")
    assert bare.code in (0, 1), bare.err
    assert not list(private_cache.iterdir())
    first = run_cli("check", school["import"], *options)
    second = run_cli("check", school["import"], *options)
    assert first.out == second.out == bare.out
    assert set(_entries(private_cache)) == {"eleves", "responsables"}
