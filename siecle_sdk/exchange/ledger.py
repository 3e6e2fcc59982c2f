"""The exchange history: every file pulled, checked or pushed, and the send numbers used.

The history (the "ledger") is a small SQLite database on the user's disk, shaped after SIECLE's
"Historique import du privé" screen: one line per file with its name, the date, the number of
responsables and pupils read and the number of SIECLE pupils absent from the file, plus the result
of the local pre-check.

It also keeps, per school, the ``NUM_ENVOI`` sequence (one per UAI and school year) and the
``LOGICIEL`` name used in earlier sends, which SIECLE requires to stay the same.

Several ``siecle`` commands may run at once on the same ledger: the database is in WAL mode (readers
never block the writer), every write is one short transaction, and a command that finds the ledger
busy waits (``busy_timeout``) instead of failing. A process killed mid-write leaves no trace: SQLite
rolls the unfinished transaction back the next time the file is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ..errors import SiecleError, sqlite_environment
from ..folders import data_folder
from ..io.sqlite import immediate, patiently, wal

if TYPE_CHECKING:
    from ..rules.engine import Report

__all__ = [
    "Entry",
    "Ledger",
    "LedgerError",
    "SoftwareChanged",
    "Status",
    "default_path",
    "entry_from_report",
    "sha256_of",
]

#: environment variable naming the ledger file
ENV_VAR = "SIECLE_LEDGER"
#: file name inside the user's data folder
FILE_NAME = "historique.sqlite"
#: version of the schema below, stored in ``PRAGMA user_version``
SCHEMA_VERSION = 1
#: how long a command waits for another one holding the ledger, in seconds
DEFAULT_TIMEOUT = 60.0
#: largest ``NUM_ENVOI`` the import schema accepts
MAX_SEND_NUMBER = 99999
#: ``PRAGMA application_id`` of a ledger ("SIEH"): tells it from any other SQLite file
APPLICATION_ID = 0x53494548
#: the tables of a ledger
_TABLES = ("entries", "sends", "schools")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    command TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT,
    uai TEXT NOT NULL,
    school_year TEXT NOT NULL,
    responsables INTEGER,
    eleves INTEGER,
    absents INTEGER,
    send_number INTEGER,
    findings TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_school ON entries (uai, school_year, at);
CREATE TABLE IF NOT EXISTS sends (
    uai TEXT NOT NULL,
    school_year TEXT NOT NULL,
    number INTEGER NOT NULL,
    software TEXT NOT NULL,
    reserved_at TEXT NOT NULL,
    PRIMARY KEY (uai, school_year, number)
);
CREATE TABLE IF NOT EXISTS schools (
    uai TEXT PRIMARY KEY,
    software TEXT NOT NULL,
    since TEXT NOT NULL
);
"""


class LedgerError(SiecleError):
    """The ledger cannot be opened or used (not a SQLite file, newer schema, disk problem)."""


class SoftwareChanged(SiecleError):
    """A send would use another ``LOGICIEL`` than the earlier sends of the same school."""

    def __init__(self, uai: str, previous: str, requested: str) -> None:
        super().__init__(
            f"SIECLE exige que le nom du logiciel (LOGICIEL) reste le même d'un envoi à l'autre "
            f"pour un établissement : les envois précédents de l'UAI {uai} ont été faits avec "
            f"« {previous} », celui-ci le serait avec « {requested} ». Aucun numéro d'envoi n'a "
            f"été attribué. Pour garder l'ancien nom, relancez avec --logiciel {previous}. Si "
            f"l'établissement a réellement changé de logiciel, enregistrez le nouveau nom avec "
            f"« siecle history --changer-logiciel {uai} {requested} », puis relancez."
        )
        self.uai = uai
        self.previous = previous
        self.requested = requested


class Status(StrEnum):
    """Outcome of a recorded command."""

    #: done; nothing SIECLE would reject or flag as an anomaly
    OK = "ok"
    #: records SIECLE would import with anomalies (they block the transfer to the BEA)
    ANOMALIES = "anomalies"
    #: records SIECLE would reject
    REJECTS = "rejets"
    #: the deposit itself would be refused (XSD), or the command refused to produce the file
    REFUSED = "refusé"
    #: the command failed
    ERROR = "erreur"


def _utc_now() -> dt.datetime:
    """The current time, UTC (one place, so that tests can stop the clock)."""
    return dt.datetime.now(dt.UTC)


def now_utc() -> str:
    """The current time, UTC, ISO 8601 to the second (``2019-09-05T12:30:12+00:00``)."""
    return _utc_now().isoformat(timespec="seconds")


def _sleep_past(moment: dt.datetime) -> None:
    """Wait until the clock is past ``moment``'s second."""
    while _utc_now().replace(microsecond=0) <= moment:
        time.sleep(max(0.01, 1.0 - _utc_now().microsecond / 1e6))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


@dataclass
class Entry:
    """One line of the history."""

    #: ``pull``, ``push``, ``check``, ``sandbox``...
    command: str
    #: name of the file (no folder), as SIECLE's history shows it
    file_name: str
    uai: str
    #: rentrée year, ``2019`` for 2019-2020
    school_year: str
    status: Status = Status.OK
    #: short French explanation
    detail: str = ""
    #: SHA-256 of the file, hexadecimal (``None``: file not available)
    sha256: str | None = None
    #: responsables read (``None``: not computed)
    responsables: int | None = None
    #: pupils read
    eleves: int | None = None
    #: pupils present in SIECLE but absent from the file (``None``: no Élèves export to compare)
    absents: int | None = None
    #: ``NUM_ENVOI`` (push only)
    send_number: int | None = None
    #: compte-rendu section (1-8) -> number of lines; sections not determined are left out
    findings: dict[int, int] = field(default_factory=dict)
    #: when, UTC ISO 8601
    at: str = field(default_factory=now_utc)
    #: row id once recorded
    id: int | None = None

    def __post_init__(self) -> None:
        self.status = Status(self.status)

    @property
    def rejects(self) -> int:
        """Lines of sections 1 and 4."""
        return self.findings.get(1, 0) + self.findings.get(4, 0)

    @property
    def anomalies(self) -> int:
        """Lines of sections 2 and 5."""
        return self.findings.get(2, 0) + self.findings.get(5, 0)

    @property
    def notes(self) -> int:
        """Lines of sections 3 and 6."""
        return self.findings.get(3, 0) + self.findings.get(6, 0)

    @property
    def checked(self) -> bool:
        """Whether the entry carries the result of a pre-check."""
        return bool(self.findings)

    def result(self) -> str:
        """The outcome in a few French words: ``4 rejets, 12 anomalies, 3 notes``."""
        if self.status is Status.ERROR or (self.status is Status.REFUSED and not self.checked):
            return f"{self.status.value} : {self.detail}" if self.detail else self.status.value
        if self.status is Status.REFUSED and not (self.rejects or self.anomalies or self.notes):
            return "dépôt refusé"
        if not self.checked:
            return self.detail or self.status.value
        parts = [
            _plural(count, word)
            for count, word in (
                (self.rejects, "rejet"),
                (self.anomalies, "anomalie"),
                (self.notes, "note"),
            )
            if count
        ]
        return ", ".join(parts) if parts else "aucune anomalie"

    def to_json(self) -> dict[str, Any]:
        """The entry as a JSON-ready object (sections keyed by their number as text)."""
        return {
            "id": self.id,
            "at": self.at,
            "command": self.command,
            "file_name": self.file_name,
            "sha256": self.sha256,
            "uai": self.uai,
            "school_year": self.school_year,
            "responsables": self.responsables,
            "eleves": self.eleves,
            "absents": self.absents,
            "send_number": self.send_number,
            "findings": {str(k): v for k, v in sorted(self.findings.items())},
            "status": self.status.value,
            "detail": self.detail,
            "result": self.result(),
        }


def sha256_of(path: str | Path) -> str:
    """SHA-256 of a file, read in chunks (hexadecimal)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def entry_from_report(
    command: str, file: str | Path, report: Report, send_number: int | None = None
) -> Entry:
    """The history line of a checked file (``file``: the file to name and hash, e.g. the zip)."""
    from ..report import section_rows

    path = Path(file)
    grouped = section_rows(report)
    findings = {
        number: len(lines)
        for number, lines in grouped.items()
        if not (number == 7 and report.absent is None)
        and not (number == 8 and report.changes is None)
    }
    entry = Entry(
        command=command,
        file_name=path.name,
        uai=report.uai,
        school_year=report.school_year,
        sha256=sha256_of(path) if path.is_file() else None,
        responsables=report.counts.get("responsables"),
        eleves=report.counts.get("eleves"),
        absents=None if report.absent is None else len(report.absent),
        send_number=send_number,
        findings=findings,
    )
    if report.refused:
        entry.status = Status.REFUSED
        entry.detail = (
            f"SIECLE refuserait le dépôt ({_plural(report.deposit_count, 'raison')}) : "
            f"{report.deposit_errors[0]}"
        )[:300]
    elif entry.rejects:
        entry.status = Status.REJECTS
    elif entry.anomalies:
        entry.status = Status.ANOMALIES
    if not entry.detail:
        entry.detail = entry.result()
        if entry.absents:
            entry.detail += f" ; {entry.absents} élève(s) de SIECLE absent(s) du fichier"
        if report.disabled:
            entry.detail += f" ; règles non contrôlées : {', '.join(sorted(report.disabled))}"
    return entry


def default_path() -> Path:
    """Where the ledger lives: ``$SIECLE_LEDGER``, else the user's data folder of the system
    (``platformdirs``: ``~/.local/share`` or ``$XDG_DATA_HOME``, ``%APPDATA%``,
    ``~/Library/Application Support``)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser()
    return data_folder() / FILE_NAME


_COLUMNS = (
    "at, command, file_name, sha256, uai, school_year, responsables, eleves, absents, "
    "send_number, findings, status, detail"
)


_TEXT_COLUMNS = ("at", "command", "file_name", "uai", "school_year", "status", "detail")
_COUNT_COLUMNS = ("responsables", "eleves", "absents", "send_number")


class _Damaged(Exception):
    """A row of the history whose values are not those the SDK writes."""


def _row_to_entry(row: sqlite3.Row) -> Entry:
    """The entry of a row; :class:`_Damaged` naming the column when a value is not what the SDK
    writes (the file was changed by another program, or damaged)."""
    for name in _TEXT_COLUMNS:
        if not isinstance(row[name], str):
            raise _Damaged(f"colonne {name} : {row[name]!r} n'est pas un texte")
    for name in _COUNT_COLUMNS:
        if row[name] is not None and (not isinstance(row[name], int) or row[name] < 0):
            raise _Damaged(f"colonne {name} : {row[name]!r} n'est pas un nombre")
    if row["sha256"] is not None and not isinstance(row["sha256"], str):
        raise _Damaged(f"colonne sha256 : {row['sha256']!r} n'est pas un texte")
    try:
        stored = json.loads(row["findings"])
        findings = {int(k): v for k, v in stored.items()}
    except (TypeError, ValueError, AttributeError):
        raise _Damaged(f"colonne findings : {row['findings']!r} illisible") from None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in findings.values()):
        raise _Damaged(f"colonne findings : {row['findings']!r} illisible")
    try:
        status = Status(row["status"])
    except ValueError:
        status = Status.ERROR
    return Entry(
        command=row["command"],
        file_name=row["file_name"],
        uai=row["uai"],
        school_year=row["school_year"],
        status=status,
        detail=row["detail"],
        sha256=row["sha256"],
        responsables=row["responsables"],
        eleves=row["eleves"],
        absents=row["absents"],
        send_number=row["send_number"],
        findings=findings,
        at=row["at"],
        id=row["id"],
    )


class Ledger:
    """The exchange history of this computer (or of the file given as ``path``).

    Opened on first use, closed by :meth:`close` or at the end of a ``with`` block.
    """

    def __init__(self, path: Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout
        self._connection: sqlite3.Connection | None = None

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (it is reopened if used again)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    # --- opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None:
            return self._connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise LedgerError(
                f"impossible d'ouvrir l'historique des échanges {self.path} ({exc})."
            ) from None
        try:
            connection.row_factory = sqlite3.Row
            connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            patiently(lambda: self._identify(connection), self.timeout)
            patiently(lambda: wal(connection), self.timeout)
            connection.execute("PRAGMA synchronous = FULL")
            patiently(lambda: self._migrate(connection), self.timeout)
        except sqlite3.Error as exc:
            connection.close()
            raise self._failure(exc) from None
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        return connection

    def _identify(self, connection: sqlite3.Connection) -> None:
        """Refuse a SQLite file that is not a ledger (nor a new, empty file), before anything is
        written to it: another program's database is never taken over."""
        # one statement, hence one snapshot: another process may be creating the ledger
        app_id, version, names = connection.execute(
            "SELECT (SELECT application_id FROM pragma_application_id()),"
            " (SELECT user_version FROM pragma_user_version()),"
            " (SELECT group_concat(name, char(10)) FROM sqlite_master WHERE type = 'table')"
        ).fetchone()
        tables = set(str(names).split("\n")) if names else set()
        ours = app_id == APPLICATION_ID or (app_id == 0 and version >= 1 and set(_TABLES) <= tables)
        if ours or (app_id == 0 and version == 0 and not tables):
            return
        raise LedgerError(
            f"{self.path} n'est pas un historique des échanges de siecle-sdk (c'est une autre "
            "base SQLite) : il n'a été ni lu ni modifié. Indiquez le bon fichier, ou un fichier "
            "nouveau, avec --ledger ou la variable SIECLE_LEDGER."
        )

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION:
            return
        with immediate(connection, self.timeout):
            self._identify(connection)
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise LedgerError(
                    f"l'historique des échanges {self.path} a été créé par une version plus "
                    "récente de siecle-sdk : mettez siecle-sdk à jour pour l'utiliser."
                )
            if version < SCHEMA_VERSION:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _failure(self, exc: sqlite3.Error) -> LedgerError:
        """A French message for a SQLite error, saying whose fault it is and what to do."""
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return LedgerError(
                f"l'historique des échanges {self.path} est occupé par une autre commande siecle "
                f"depuis plus de {self.timeout:g} secondes ({exc}). Attendez qu'elle finisse et "
                "relancez."
            )
        if "full" in text:
            return LedgerError(
                f"l'historique des échanges {self.path} n'a pas pu être écrit : le disque est "
                "plein. Libérez de la place, puis relancez."
            )
        if "readonly" in text or "read-only" in text:
            return LedgerError(
                f"l'historique des échanges {self.path} est en lecture seule : il n'a pas pu "
                "être écrit. Donnez les droits d'écriture sur ce fichier et son dossier, ou "
                "indiquez un autre fichier avec --ledger."
            )
        if "not a database" in text:
            return LedgerError(
                f"{self.path} n'est pas un historique des échanges (ce n'est pas une base "
                "SQLite) : il n'a été ni lu ni modifié. Indiquez le bon fichier, ou un fichier "
                "nouveau, avec --ledger ou la variable SIECLE_LEDGER."
            )
        if "malformed" in text or "corrupt" in text:
            return LedgerError(
                f"l'historique des échanges {self.path} est endommagé ({exc}) : il n'a pas été "
                "modifié. Gardez-en une copie, puis indiquez un autre fichier avec --ledger ou "
                "la variable SIECLE_LEDGER."
            )
        environment = sqlite_environment(exc, self.path)
        if environment is not None:
            return LedgerError(f"historique des échanges : {environment.message}")
        return LedgerError(
            f"l'historique des échanges {self.path} n'est pas utilisable ({exc}). Indiquez un "
            "autre fichier avec --ledger ou la variable SIECLE_LEDGER."
        )

    def _damaged(self, row_id: object, why: str) -> LedgerError:
        return LedgerError(
            f"l'historique des échanges {self.path} est endommagé (ligne n° {row_id}, {why}) : "
            "il n'a pas été modifié. Gardez-en une copie, puis indiquez un autre fichier avec "
            "--ledger ou la variable SIECLE_LEDGER."
        )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        connection = self._connect()
        try:
            with immediate(connection, self.timeout):
                yield connection
        except sqlite3.Error as exc:
            raise self._failure(exc) from None

    def _read(self, query: str, params: tuple[str, ...] = ()) -> list[sqlite3.Row]:
        connection = self._connect()
        try:
            return connection.execute(query, params).fetchall()
        except sqlite3.Error as exc:
            raise self._failure(exc) from None

    def _entries(self, rows: list[sqlite3.Row]) -> list[Entry]:
        entries = []
        for row in rows:
            try:
                entries.append(_row_to_entry(row))
            except _Damaged as exc:
                raise self._damaged(row["id"], str(exc)) from None
        return entries

    # --- sends -----------------------------------------------------------------------------

    def reserve_send(self, uai: str, school_year: str, software: str) -> int:
        """The next ``NUM_ENVOI`` for ``uai`` and ``school_year`` (1, 2, 3...), now taken.

        The number is read and taken in one ``BEGIN IMMEDIATE`` transaction: two processes at
        the same time never get the same number. A number taken by a push that fails later stays
        used; the gap this leaves is harmless (SIECLE does not require consecutive numbers).

        Raises :class:`SoftwareChanged` if earlier sends of ``uai`` used another ``software``
        (see :meth:`change_software`).
        """
        with self._write() as connection:
            return self._take_number(connection, uai, school_year, software, now_utc())

    def reserve_deposit(
        self, uai: str, school_year: str, software: str, now: dt.datetime | None = None
    ) -> tuple[int, dt.datetime]:
        """The next ``NUM_ENVOI`` (as :meth:`reserve_send`) and the local time, to the second,
        that names the deposit (``now``, when given, stands for the clock: tests, demos).

        SIECLE names a deposit ``<UAI>PRIVE<year><AAMMJJhhmmss>``: two sends of a school in the
        same second would get the same name, and the second file would replace the first. The
        second is therefore taken with the number: when another send of the same school and
        year already holds it, this waits for the next second.
        """
        while True:
            moment = (now.astimezone(dt.UTC) if now else _utc_now()).replace(microsecond=0)
            stamp = moment.isoformat(timespec="seconds")
            with self._write() as connection:
                taken = connection.execute(
                    "SELECT 1 FROM sends WHERE uai = ? AND school_year = ? AND reserved_at = ?",
                    (uai, school_year, stamp),
                ).fetchone()
                if taken is None:
                    number = self._take_number(connection, uai, school_year, software, stamp)
                    local = moment.astimezone(now.tzinfo) if now else moment.astimezone()
                    return number, local.replace(tzinfo=None)
            if now is not None:
                now += dt.timedelta(seconds=1)
                continue
            _sleep_past(moment)

    @staticmethod
    def _take_number(
        connection: sqlite3.Connection, uai: str, school_year: str, software: str, stamp: str
    ) -> int:
        known = connection.execute("SELECT software FROM schools WHERE uai = ?", (uai,)).fetchone()
        if known is None:
            connection.execute(
                "INSERT INTO schools (uai, software, since) VALUES (?, ?, ?)",
                (uai, software, stamp),
            )
        elif known["software"] != software:
            raise SoftwareChanged(uai, known["software"], software)
        last = connection.execute(
            "SELECT MAX(number) FROM sends WHERE uai = ? AND school_year = ?",
            (uai, school_year),
        ).fetchone()[0]
        number = int(last or 0) + 1
        if number > MAX_SEND_NUMBER:
            raise LedgerError(
                f"plus aucun numéro d'envoi disponible pour l'UAI {uai} et l'année "
                f"{school_year} (NUM_ENVOI ne peut pas dépasser {MAX_SEND_NUMBER})."
            )
        connection.execute(
            "INSERT INTO sends (uai, school_year, number, software, reserved_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (uai, school_year, number, software, stamp),
        )
        return number

    def software(self, uai: str) -> str | None:
        """The ``LOGICIEL`` name the sends of ``uai`` use (``None``: no send yet)."""
        rows = self._read("SELECT software FROM schools WHERE uai = ?", (uai,))
        return None if not rows else str(rows[0]["software"])

    def change_software(self, uai: str, software: str) -> str | None:
        """Deliberately set the ``LOGICIEL`` name of ``uai``; returns the previous one.

        For a school that really changed software: the next sends use ``software``. The change
        is itself recorded in the history (command ``logiciel``).
        """
        with self._write() as connection:
            row = connection.execute(
                "SELECT software FROM schools WHERE uai = ?", (uai,)
            ).fetchone()
            previous = None if row is None else str(row["software"])
            if previous == software:
                return previous
            connection.execute(
                "INSERT INTO schools (uai, software, since) VALUES (?, ?, ?) "
                "ON CONFLICT (uai) DO UPDATE SET software = excluded.software, "
                "since = excluded.since",
                (uai, software, now_utc()),
            )
            detail = (
                f"nom de logiciel fixé à « {software} »"
                if previous is None
                else f"nom de logiciel changé : « {previous} » → « {software} »"
            )
            self._insert(connection, Entry("logiciel", "", uai, "", detail=detail))
        return previous

    # --- entries ---------------------------------------------------------------------------

    def record(self, entry: Entry) -> int:
        """Add ``entry`` to the history; returns its id (also set on ``entry.id``)."""
        with self._write() as connection:
            entry.id = self._insert(connection, entry)
        return entry.id

    @staticmethod
    def _insert(connection: sqlite3.Connection, entry: Entry) -> int:
        cursor = connection.execute(
            f"INSERT INTO entries ({_COLUMNS}) VALUES ({', '.join('?' * 13)})",
            (
                entry.at,
                entry.command,
                entry.file_name,
                entry.sha256,
                entry.uai,
                entry.school_year,
                entry.responsables,
                entry.eleves,
                entry.absents,
                entry.send_number,
                json.dumps({str(k): v for k, v in sorted(entry.findings.items())}),
                Status(entry.status).value,
                entry.detail,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def entries(self, uai: str | None = None, school_year: str | None = None) -> list[Entry]:
        """The history, newest first, for one school and/or one school year if given."""
        where, params = _filters(uai, school_year)
        rows = self._read(
            f"SELECT id, {_COLUMNS} FROM entries {where} ORDER BY at DESC, id DESC", params
        )
        return self._entries(rows)

    def last_check(self, uai: str, school_year: str) -> Entry | None:
        """The latest pre-check (``check`` or ``push``) of a file of ``uai`` for ``school_year``."""
        rows = self._read(
            f"SELECT id, {_COLUMNS} FROM entries WHERE uai = ? AND school_year = ? "
            "AND findings != '{}' ORDER BY at DESC, id DESC LIMIT 1",
            (uai, school_year),
        )
        found = self._entries(rows)
        return found[0] if found else None


def _filters(uai: str | None, school_year: str | None) -> tuple[str, tuple[str, ...]]:
    clauses, params = [], []
    if uai is not None:
        clauses.append("uai = ?")
        params.append(uai)
    if school_year is not None:
        clauses.append("school_year = ?")
        params.append(school_year)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)
