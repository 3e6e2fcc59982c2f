"""All-or-nothing writes of a school folder: a roll-forward journal and a lock.

A write of several files (:func:`commit`) goes in four steps:

1. every new file is written as ``<name>.nouveau`` (flushed and fsynced), then the folder is synced;
2. the journal ``.transaction.json``, listing the files, is written atomically and the folder
   synced: this is the commit point;
3. each ``<name>.nouveau`` is moved over ``<name>`` (``os.replace``), then the folder is synced;
4. the journal is deleted.

Every opening of the folder, for reading (:func:`read_consistent`) or for writing
(:func:`writing`), first finishes an interrupted write (:func:`recover`): with a journal, the moves
it lists are done (roll forward) and the journal deleted; without one, the ``*.csv.nouveau`` files
are leftovers of step 1 and are deleted, with the temporary files of step 1. A crash thus leaves
the folder as it was before the write or as the write makes it, never a mix of both.

Writers and readers hold the lock of ``.verrou`` (``filelock``: ``flock`` on POSIX, ``msvcrt`` on
Windows; the file is created by the first write and kept), so a reader waits for a writer to
finish. A folder without ``.verrou`` has never been written by this adapter: it is read without
lock, and read again under the lock if a writer created ``.verrou`` meanwhile.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from filelock import FileLock
from siecle_sdk.errors import VendorDataError
from siecle_sdk.io.writer import atomic_write

__all__ = ["JOURNAL", "LOCK", "NEW_SUFFIX", "commit", "read_consistent", "recover", "writing"]

JOURNAL = ".transaction.json"
LOCK = ".verrou"
NEW_SUFFIX = ".nouveau"

T = TypeVar("T")

if sys.platform == "win32":

    def _sync_folder(folder: Path) -> None:
        return None

else:

    def _sync_folder(folder: Path) -> None:
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _is_leftover(path: Path) -> bool:
    """A ``*.csv.nouveau`` file, or a temporary file of :func:`~siecle_sdk.io.writer.atomic_write`
    writing one or the journal (``.eleves.csv.nouveau.XXXX.part``,
    ``..transaction.json.XXXX.part``)."""
    name = path.name
    if name.endswith(f".csv{NEW_SUFFIX}"):
        return True
    return (
        name.startswith(".")
        and name.endswith(".part")
        and (f"{NEW_SUFFIX}." in name or name.startswith(f".{JOURNAL}."))
    )


def _interrupted(folder: Path) -> bool:
    return (folder / JOURNAL).exists() or any(_is_leftover(p) for p in folder.iterdir())


def _journal_names(folder: Path) -> list[str]:
    path = folder / JOURNAL
    try:
        names = json.loads(path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError):
        names = None
    if not isinstance(names, list) or not all(
        isinstance(name, str) and name not in ("", ".", "..") and Path(name).name == name
        for name in names
    ):
        raise VendorDataError(
            f"{path} : journal d'écriture illisible ; l'écriture interrompue ne peut pas être "
            "terminée (supprimez ce fichier et les fichiers *.nouveau pour garder l'état "
            "d'avant l'écriture)."
        )
    return names


def _roll_forward(folder: Path, names: list[str]) -> None:
    """Steps 3 and 4: move the new files listed by the journal into place, delete the journal."""
    for name in names:
        new = folder / f"{name}{NEW_SUFFIX}"
        if new.exists():
            os.replace(new, folder / name)
    _sync_folder(folder)
    (folder / JOURNAL).unlink()
    _sync_folder(folder)


def recover(folder: Path) -> None:
    """Finish a write interrupted after its commit point, or drop one interrupted before it.

    The caller holds the exclusive lock.
    """
    if not _interrupted(folder):
        return
    if (folder / JOURNAL).exists():
        _roll_forward(folder, _journal_names(folder))
    for path in folder.iterdir():
        if _is_leftover(path):
            path.unlink(missing_ok=True)
    _sync_folder(folder)


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Hold ``folder`` (created when missing) for a write: locked, any interrupted write
    finished."""
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(folder / LOCK):
        recover(folder)
        yield


def commit(folder: Path, contents: Mapping[str, bytes]) -> None:
    """Replace the files of ``contents`` (name -> bytes) all together, inside :func:`writing`.

    A failure before the commit point removes the new files (the folder is as before); a failure
    after it leaves the journal, and the next opening of the folder finishes the write.
    """
    names = list(contents)
    try:
        for name, data in contents.items():
            with atomic_write(folder / f"{name}{NEW_SUFFIX}") as handle:
                handle.write(data)
        _sync_folder(folder)
        with atomic_write(folder / JOURNAL) as handle:
            handle.write(json.dumps({"files": names}).encode("utf-8"))
    except BaseException:
        for name in names:
            (folder / f"{name}{NEW_SUFFIX}").unlink(missing_ok=True)
        raise
    _sync_folder(folder)
    _roll_forward(folder, names)


def read_consistent(folder: Path, load: Callable[[Path], T]) -> T:
    """``load(folder)``, never while a write is under way and after any interrupted write is
    finished."""
    if not (folder / LOCK).exists():
        try:
            result = load(folder)
        except VendorDataError:
            if not (folder / LOCK).exists():
                raise
        else:
            if not (folder / LOCK).exists():
                return result
    with FileLock(folder / LOCK):
        if _interrupted(folder):
            try:
                recover(folder)
            except OSError as exc:
                raise VendorDataError(
                    f"{folder} : une écriture interrompue n'a pas pu être terminée ({exc})."
                ) from None
        return load(folder)
