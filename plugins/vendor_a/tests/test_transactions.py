"""A write of the folder is all-or-nothing: a crash at any step leaves it, once opened again,
entirely as before (crash before the journal) or entirely as written (crash after it).

The crashes are real: the write runs in a forked child that leaves with ``os._exit`` at the chosen
point, so no ``finally`` or ``except`` clause of the adapter runs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest
from siecle_sdk.errors import VendorDataError
from siecle_sdk.plugin.adapter import School
from siecle_sdk.plugin.manager import Adapter

from siecle_vendor_a import layout as L
from siecle_vendor_a import reading, sample_folder, transaction, writing
from siecle_vendor_a.transaction import JOURNAL, LOCK, NEW_SUFFIX

#: exit status of a child that crashed where it was asked to
CRASHED = 86

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def csv_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def renamed(school: School) -> School:
    """``school`` with another year, every pupil and person renamed and every grant of 5 parts:
    the first and the last files written change."""
    pupils = [
        p.model_copy(
            update={
                "prenom": f"{p.prenom}-Neuf",
                "bourses": p.bourses and [b.model_copy(update={"nb_part": 5}) for b in p.bourses],
            }
        )
        for p in school.pupils
    ]
    return dataclasses.replace(
        school,
        school_year="2025",
        persons=[p.model_copy(update={"prenom": f"{p.prenom}-Neuf"}) for p in school.persons],
        pupils=pupils,
    )


@dataclasses.dataclass
class States:
    """A folder holding ``school`` (``old``) and what writing ``renamed(school)`` makes of it."""

    folder: Path
    update: School
    old: dict[str, bytes]
    new: dict[str, bytes]

    def copy(self, target: Path) -> Path:
        shutil.copytree(self.folder, target)
        return target


@pytest.fixture
def states(school: School, tmp_path: Path) -> States:
    folder = tmp_path / "avant"
    writing.write_school(folder, school)
    done = tmp_path / "apres"
    shutil.copytree(folder, done)
    update = renamed(school)
    writing.write_school(done, update)
    old, new = csv_files(folder), csv_files(done)
    changed = {name for name in old if old[name] != new[name]}
    assert changed >= {L.FILES[0].name, L.FILES[-1].name}
    return States(folder, update, old, new)


def crash() -> NoReturn:
    os._exit(CRASHED)


def crash_while_writing(target: Path, update: School, arm: Callable[[], None]) -> None:
    """Write ``update`` into ``target`` in a forked child whose patches (``arm``) crash it."""
    pid = os.fork()
    if pid == 0:
        try:
            arm()
            writing.write_school(target, update)
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == CRASHED, "the crash point was not reached"


def crash_in_new_file(number: int) -> Callable[[], None]:
    """Crash while the ``number``-th file written (1 = first; the journal is the last) is half
    written under its temporary name."""
    real = transaction.atomic_write
    calls: list[Path] = []

    @contextmanager
    def patched(path: Path, mode: str = "wb") -> Iterator[IO[Any]]:
        calls.append(path)
        with real(path, mode) as handle:
            if len(calls) == number:
                handle.write(b"UAI;Ann")
                handle.flush()
                crash()
            yield handle

    def arm() -> None:
        transaction.atomic_write = patched  # type: ignore[assignment]

    return arm


def crash_before_journal() -> None:
    real = transaction.atomic_write

    def patched(path: Path, mode: str = "wb") -> Any:
        if Path(path).name == JOURNAL:
            crash()
        return real(path, mode)

    transaction.atomic_write = patched  # type: ignore[assignment]


def crash_after_moves(moves: int) -> Callable[[], None]:
    """Crash when ``moves`` files have been moved into place (0: right after the journal)."""
    real = os.replace
    done: list[str] = []

    def patched(source: Any, target: Any) -> None:
        if str(target).endswith(".csv"):
            if len(done) == moves:
                crash()
            done.append(str(target))
        real(source, target)

    def arm() -> None:
        os.replace = patched

    return arm


def crash_before_journal_is_deleted() -> None:
    real = Path.unlink

    def patched(self: Path, missing_ok: bool = False) -> None:
        if self.name == JOURNAL:
            crash()
        real(self, missing_ok=missing_ok)

    Path.unlink = patched  # type: ignore[method-assign]


CASES: list[tuple[str, Callable[[], None], str]] = [
    ("step 1, second file half written", crash_in_new_file(2), "old"),
    ("after step 1", crash_before_journal, "old"),
    ("step 2, journal half written", crash_in_new_file(len(L.FILES) + 1), "old"),
    ("after step 2", crash_after_moves(0), "new"),
    ("step 3, after one move", crash_after_moves(1), "new"),
    ("step 3, after five moves", crash_after_moves(5), "new"),
    ("after step 3", crash_before_journal_is_deleted, "new"),
]


def open_for_reading(adapter: Adapter, folder: Path) -> None:
    school = adapter.read_school(folder)
    assert len(list(school.pupils)) == 4


def open_for_writing(adapter: Adapter, folder: Path) -> None:
    with transaction.writing(folder):
        pass


@needs_fork
@pytest.mark.parametrize("opening", [open_for_reading, open_for_writing])
@pytest.mark.parametrize(("case", "arm", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_crash_leaves_the_old_or_the_new_folder(
    adapter: Adapter,
    states: States,
    tmp_path: Path,
    case: str,
    arm: Callable[[], None],
    expected: str,
    opening: Callable[[Adapter, Path], None],
) -> None:
    target = states.copy(tmp_path / "essai")
    crash_while_writing(target, states.update, arm)
    assert (target / JOURNAL).exists() == (expected == "new")
    if case.startswith("step 3"):
        assert csv_files(target) not in (states.old, states.new), "a mixed folder before opening"
    opening(adapter, target)
    assert csv_files(target) == (states.old if expected == "old" else states.new)
    assert {p.name for p in target.iterdir()} == {LOCK, *states.old}


@pytest.mark.parametrize("moves", [1, 3, 5])
def test_a_failing_move_is_finished_at_the_next_opening(
    adapter: Adapter, states: States, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moves: int
) -> None:
    target = states.copy(tmp_path / "essai")
    real = os.replace
    done: list[str] = []

    def failing(source: Any, destination: Any) -> None:
        if str(destination).endswith(".csv"):
            if len(done) == moves:
                raise OSError("disque débranché")
            done.append(str(destination))
        real(source, destination)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError, match="disque débranché"):
        writing.write_school(target, states.update)
    monkeypatch.undo()
    on_disk = csv_files(target)
    assert on_disk not in (states.old, states.new), "the failure should leave a mixed folder"
    assert (target / JOURNAL).exists()
    open_for_reading(adapter, target)
    assert csv_files(target) == states.new
    assert {p.name for p in target.iterdir()} == {LOCK, *states.old}


def test_stray_new_files_without_journal_are_dropped(
    adapter: Adapter, states: States, tmp_path: Path
) -> None:
    target = states.copy(tmp_path / "essai")
    (target / f"eleves.csv{NEW_SUFFIX}").write_bytes(b"N\xb0 \xe9l\xe8ve\r\n")
    (target / f".personnes.csv{NEW_SUFFIX}.x1y2.part").write_bytes(b"N")
    open_for_reading(adapter, target)
    assert csv_files(target) == states.old
    assert {p.name for p in target.iterdir()} == {LOCK, *states.old}


@pytest.mark.parametrize("names", [["../eleves.csv"], ["/etc/passwd"], "eleves.csv", [3], []])
def test_a_journal_naming_other_files_is_refused(
    adapter: Adapter, states: States, tmp_path: Path, names: object
) -> None:
    target = states.copy(tmp_path / "essai")
    (target / JOURNAL).write_text(json.dumps({"files": names}), encoding="utf-8")
    if names == []:
        open_for_reading(adapter, target)
        assert not (target / JOURNAL).exists()
        return
    with pytest.raises(VendorDataError, match="journal d'écriture illisible"):
        transaction.read_consistent(target, reading.load)
    assert csv_files(target) == states.old


def test_a_folder_never_written_is_read_without_a_lock_file(tmp_path: Path) -> None:
    folder = shutil.copytree(sample_folder(), tmp_path / "demo")
    before = sorted(p.name for p in folder.iterdir())
    transaction.read_consistent(folder, reading.load)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_reader_waits_for_the_writer(states: States, tmp_path: Path) -> None:
    target = states.copy(tmp_path / "essai")
    read: list[reading.Folder] = []
    reader = threading.Thread(
        target=lambda: read.append(transaction.read_consistent(target, reading.load))
    )
    with transaction.writing(target):
        reader.start()
        reader.join(0.3)
        assert reader.is_alive() and not read
        transaction.commit(target, states.new)
    reader.join()
    assert [folder.school_year for folder in read] == ["2025"]
