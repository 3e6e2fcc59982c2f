"""The database layout, its migrations, and how a connection is opened and written.

The schema version is SQLite's ``PRAGMA user_version``; ``PRAGMA application_id`` marks the file
as a vendor_b database. Opening a database applies the pending migrations, in order, in one
transaction; a database written by a newer version of the adapter is refused, untouched.

Conventions: dates are ISO text (``yyyy-mm-dd``; ``''`` when the value is known to be empty),
booleans are 0/1 with ``NULL`` for "not given", private ids are unique, every table that belongs
to a pupil is deleted with it (``ON DELETE CASCADE``). An address row may be shared (siblings
living with a parent): the adapter never changes a shared row in place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from siecle_sdk.errors import UnusableInput
from siecle_sdk.io import sqlite

__all__ = [
    "APPLICATION_ID",
    "LATEST",
    "MIGRATIONS",
    "SchemaTooNew",
    "connect",
    "database",
    "insert",
    "migrate",
    "open_database",
    "snapshot",
    "transaction",
    "update",
]

#: ``PRAGMA application_id`` of a vendor_b database ("SIEB")
APPLICATION_ID = 0x53494542

_ROLES = "'LEGAL', 'PERSONNE_EN_CHARGE', 'CONTACT', 'LEGAL1', 'LEGAL2'"


def _flag(column: str, *, required: bool = False) -> str:
    """A 0/1 column (``NULL`` allowed unless ``required``)."""
    null = " NOT NULL" if required else ""
    return f"{column} INTEGER{null} CHECK ({column} IN (0, 1))"


_SCHEMA_1: tuple[str, ...] = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE school (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        uai TEXT NOT NULL,
        school_year TEXT NOT NULL,
        software TEXT
    )""",
    """CREATE TABLE address (
        id INTEGER PRIMARY KEY,
        line1 TEXT,
        line2 TEXT,
        line3 TEXT,
        line4 TEXT,
        postal_code TEXT,
        postal_label TEXT,
        foreign_town TEXT,
        country_code TEXT NOT NULL
    )""",
    f"""CREATE TABLE person (
        id INTEGER PRIMARY KEY,
        id_prv_per TEXT NOT NULL UNIQUE,
        personne_id TEXT UNIQUE,
        civility_code TEXT NOT NULL,
        family_name TEXT NOT NULL,
        usual_name TEXT,
        first_name TEXT NOT NULL,
        address_id INTEGER REFERENCES address (id),
        {_flag("share_address")},
        profession_code TEXT NOT NULL,
        phone_home TEXT,
        phone_work TEXT,
        phone_mobile TEXT,
        {_flag("accepts_sms")},
        email TEXT,
        dependent_children INTEGER CHECK (dependent_children >= 0)
    )""",
    f"""CREATE TABLE pupil (
        id INTEGER PRIMARY KEY,
        id_prv_ele TEXT NOT NULL UNIQUE,
        eleve_id TEXT UNIQUE,
        ine TEXT,
        ine_bea TEXT,
        ine_rnie TEXT,
        family_name TEXT NOT NULL,
        usual_name TEXT,
        first_name TEXT NOT NULL,
        first_name2 TEXT,
        first_name3 TEXT,
        nationality_code TEXT,
        birth_date TEXT NOT NULL,
        sex_code TEXT,
        birth_country_code TEXT NOT NULL,
        birth_insee_code TEXT,
        birth_town TEXT,
        entry_date TEXT,
        address_id INTEGER REFERENCES address (id),
        phone_home TEXT,
        phone_work TEXT,
        phone_mobile TEXT,
        {_flag("accepts_sms")},
        email TEXT,
        {_flag("school_transport", required=True)},
        regime_code TEXT NOT NULL,
        {_flag("repeating", required=True)},
        leaving_reason_code TEXT,
        leaving_date TEXT,
        grants_listed INTEGER NOT NULL DEFAULT 0 CHECK (grants_listed IN (0, 1)),
        links_listed INTEGER NOT NULL DEFAULT 0 CHECK (links_listed IN (0, 1))
    )""",
    f"""CREATE TABLE pupil_person (
        pupil_id INTEGER NOT NULL REFERENCES pupil (id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES person (id),
        role TEXT NOT NULL CHECK (role IN ({_ROLES})),
        position INTEGER NOT NULL CHECK (position >= 1),
        relationship_code TEXT NOT NULL,
        {_flag("financier")},
        {_flag("pays_fees")},
        {_flag("hosts_pupil")},
        {_flag("receives_aid")},
        {_flag("contact_first")},
        PRIMARY KEY (pupil_id, role, position),
        UNIQUE (pupil_id, role, person_id)
    )""",
    """CREATE TABLE class (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('division', 'groupe')),
        code TEXT NOT NULL,
        label TEXT,
        contract_code TEXT,
        uai TEXT,
        UNIQUE (kind, code)
    )""",
    """CREATE TABLE class_mef (
        class_id INTEGER NOT NULL REFERENCES class (id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 1),
        mef_code TEXT NOT NULL,
        PRIMARY KEY (class_id, position)
    )""",
    """CREATE TABLE group_division (
        group_id INTEGER NOT NULL REFERENCES class (id) ON DELETE CASCADE,
        division_id INTEGER NOT NULL REFERENCES class (id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 1),
        PRIMARY KEY (group_id, division_id)
    )""",
    f"""CREATE TABLE enrolment (
        pupil_id INTEGER PRIMARY KEY REFERENCES pupil (id) ON DELETE CASCADE,
        mef_code TEXT NOT NULL,
        class_id INTEGER REFERENCES class (id),
        status_code TEXT NOT NULL,
        start_date TEXT NOT NULL,
        end_date TEXT,
        {_flag("training_stopped")}
    )""",
    """CREATE TABLE pupil_option (
        pupil_id INTEGER NOT NULL REFERENCES pupil (id) ON DELETE CASCADE,
        year TEXT NOT NULL CHECK (year IN ('current', 'previous')),
        rank INTEGER NOT NULL CHECK (rank >= 1),
        subject_code TEXT NOT NULL,
        election_mode TEXT CHECK (year = 'previous' OR election_mode IS NOT NULL),
        PRIMARY KEY (pupil_id, year, rank)
    )""",
    """CREATE TABLE "grant" (
        pupil_id INTEGER NOT NULL REFERENCES pupil (id) ON DELETE CASCADE,
        position INTEGER NOT NULL CHECK (position >= 1),
        grant_code TEXT NOT NULL,
        shares INTEGER NOT NULL CHECK (shares >= 0),
        PRIMARY KEY (pupil_id, position)
    )""",
    """CREATE TABLE previous_school (
        pupil_id INTEGER PRIMARY KEY REFERENCES pupil (id) ON DELETE CASCADE,
        uai TEXT,
        department_code TEXT,
        provenance_code TEXT NOT NULL,
        mef_code TEXT,
        mef_type TEXT,
        division_code TEXT,
        status_code TEXT,
        start_date TEXT,
        end_date TEXT
    )""",
    f"""CREATE TABLE mef (
        code TEXT PRIMARY KEY,
        formation TEXT,
        speciality TEXT,
        long_label TEXT,
        edition_label TEXT,
        status TEXT,
        attached_mef TEXT,
        mefstat_code TEXT,
        compulsory_options INTEGER,
        minimum_options INTEGER,
        {_flag("language_reinforcement")},
        {_flag("school_enrolment")},
        {_flag("origin")},
        {_flag("selected")},
        {_flag("selected_origin")},
        opening_date TEXT,
        closing_date TEXT
    )""",
    f"""CREATE TABLE subject (
        code TEXT PRIMARY KEY,
        management_code TEXT,
        short_label TEXT,
        long_label TEXT,
        edition_label TEXT,
        {_flag("etp")},
        national_code TEXT
    )""",
    """CREATE TABLE programme (
        id INTEGER PRIMARY KEY,
        mef_code TEXT NOT NULL,
        subject_code TEXT NOT NULL,
        election_mode TEXT,
        weekly_hours TEXT
    )""",
    """CREATE TABLE compulsory_option (
        id INTEGER PRIMARY KEY,
        mef_code TEXT NOT NULL,
        subject_code TEXT NOT NULL,
        rank INTEGER
    )""",
    """CREATE TABLE code_list (
        list_name TEXT NOT NULL,
        position INTEGER NOT NULL CHECK (position >= 1),
        code TEXT,
        short_label TEXT,
        long_label TEXT,
        attributes TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (list_name, position)
    )""",
)

#: version 2: the INE return is audited, and a person's pupils are found through an index
_SCHEMA_2: tuple[str, ...] = (
    "ALTER TABLE pupil ADD COLUMN ine_updated_at TEXT",
    "CREATE INDEX pupil_person_person ON pupil_person (person_id)",
    "CREATE INDEX pupil_option_subject ON pupil_option (subject_code)",
)

#: ordered migrations: ``MIGRATIONS[n - 1]`` brings a database from version ``n - 1`` to ``n``
MIGRATIONS: tuple[tuple[str, ...], ...] = (_SCHEMA_1, _SCHEMA_2)
#: the schema version this adapter writes
LATEST = len(MIGRATIONS)


class SchemaTooNew(UnusableInput):
    """The database was written by a newer version of the adapter."""


#: seconds a hook waits for another program holding the database before giving up
LOCK_TIMEOUT = 10.0


def connect(path: Path) -> sqlite3.Connection:
    """A raw connection: explicit transactions only, foreign keys on, rows by column name."""
    conn = sqlite.connect(path, timeout=LOCK_TIMEOUT)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``; any error (or interruption) rolls everything back."""
    with sqlite.immediate(conn, LOCK_TIMEOUT):
        yield


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """A read transaction: every query inside sees the same state of the database."""
    conn.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")


def insert(conn: sqlite3.Connection, table: str, values: Mapping[str, Any]) -> int:
    """Insert a row (column name -> value); returns its ``rowid``."""
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(
        f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', tuple(values.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def update(conn: sqlite3.Connection, table: str, row_id: int, values: Mapping[str, Any]) -> None:
    """Update the row of id ``row_id`` with ``values`` (column name -> value)."""
    settings = ", ".join(f'"{name}" = ?' for name in values)
    conn.execute(f'UPDATE "{table}" SET {settings} WHERE id = ?', (*tuple(values.values()), row_id))


def _version(conn: sqlite3.Connection) -> int:
    return sqlite.user_version(conn)


def _check_known(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version, after checking the file is a vendor_b database this adapter knows."""
    try:
        version = _version(conn)
        app_id: int = conn.execute("PRAGMA application_id").fetchone()[0]
        tables: int = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise UnusableInput(f"{path} n'est pas une base SQLite lisible ({exc}).") from None
    if (app_id not in (0, APPLICATION_ID)) or (version == 0 and tables):
        raise UnusableInput(
            f"{path} est une base SQLite, mais pas une base du logiciel vendor_b : "
            "elle n'est pas modifiée."
        )
    if version > LATEST:
        raise SchemaTooNew(
            f"La base {path} est au format {version}, plus récent que celui que connaît cet "
            f"adaptateur vendor_b (format {LATEST}) : mettez à jour siecle-sdk-vendor-b. "
            "La base n'a pas été modifiée."
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path, target: int = LATEST) -> int:
    """Apply the migrations from the current version up to ``target``, in one transaction.

    :return: the version the database is at afterwards.
    """
    if _check_known(conn, path) >= target:
        return _version(conn)
    with transaction(conn):
        sqlite.migrate(conn, MIGRATIONS, current=_check_known(conn, path), target=target)
    return target


def open_database(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open the database at ``path``, migrated to :data:`LATEST`, in WAL mode.

    :param create: create the file (and its parent folders) when missing; otherwise a missing
        file is an error.
    :raises UnusableInput: the path is a folder, the file is missing (and ``create`` is false),
        is not SQLite, is another product's database, or is newer than this adapter.
    """
    if path.is_dir():
        raise UnusableInput(
            f"{path} est un dossier : l'adaptateur vendor_b attend le fichier de la base "
            "(par exemple ecole.sqlite)."
        )
    if not path.exists():
        if not create:
            raise UnusableInput(f"La base {path} est introuvable.")
        path.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(path)
    try:
        _check_known(conn, path)
        sqlite.wal(conn)
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def database(path: Path, *, create: bool) -> Iterator[sqlite3.Connection]:
    """:func:`open_database` as a context manager that closes the connection."""
    conn = open_database(path, create=create)
    try:
        yield conn
    finally:
        conn.close()
