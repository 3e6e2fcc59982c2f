"""SQLite files kept by the SDK and its adapters (the history, the sandbox base, a vendor's
database), all opened and written the same way.

Write-ahead log (readers never wait for a writer), a busy wait instead of an immediate "database
is locked", every write in one ``BEGIN IMMEDIATE`` transaction (the lock is taken before the
first read, so two processes never both read then write), and the schema version in
``PRAGMA user_version``, brought up to date by ordered migrations.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

__all__ = ["connect", "immediate", "migrate", "patiently", "user_version", "wal"]

T = TypeVar("T")


def connect(path: Path, *, timeout: float) -> sqlite3.Connection:
    """A connection with explicit transactions only, rows by column name, and a busy wait of
    ``timeout`` seconds."""
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    return connection


def wal(connection: sqlite3.Connection) -> None:
    """Put the database in WAL mode (once for all: the mode is kept in the file)."""
    if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        connection.execute("PRAGMA journal_mode = WAL")


def patiently(step: Callable[[], T], timeout: float) -> T:
    """Run ``step``, again while another process holds the database, for up to ``timeout``
    seconds.

    SQLite's busy handler does not cover every wait: switching a new database to WAL, or opening
    one while another process recovers it, may answer "database is locked" at once.
    """
    deadline = time.monotonic() + timeout
    pause = 0.005
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


@contextmanager
def immediate(connection: sqlite3.Connection, timeout: float) -> Iterator[None]:
    """One write transaction, taken at once (``BEGIN IMMEDIATE``, waiting up to ``timeout``
    seconds for another process to finish its own): committed, or rolled back on any error.

    A rollback that fails (SQLite already undid the transaction, after a full disk for example)
    leaves the first error to be reported.
    """
    patiently(lambda: connection.execute("BEGIN IMMEDIATE"), timeout)
    try:
        yield
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


def user_version(connection: sqlite3.Connection) -> int:
    """The schema version written in the file (0 for a new one)."""
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(
    connection: sqlite3.Connection,
    migrations: Sequence[Sequence[str]],
    *,
    current: int,
    target: int | None = None,
) -> int:
    """Run ``migrations[n - 1]`` for every version ``n`` from ``current + 1`` to ``target``
    (the last by default), inside the caller's transaction; returns the version reached."""
    target = len(migrations) if target is None else target
    for version in range(current + 1, target + 1):
        for statement in migrations[version - 1]:
            connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {version}")
    return max(current, target)
