"""The sandbox's SQLite database: the school, its reference exports, pupils, persons, links,
addresses, id sequences and the import history.

One connection per sandbox, WAL journal, foreign keys on. Every operation that writes runs in one
``BEGIN IMMEDIATE`` transaction (:meth:`Store.transaction`): a failed deposit leaves the base as it
was. Dates are stored as ISO text, flags as 0/1, SIECLE ids as integers.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import UnusableInput, sqlite_environment
from ..io.sqlite import connect, immediate, wal

__all__ = [
    "ADDRESS_COLUMNS",
    "BLOCKED",
    "DATABASE",
    "SEQUENCE_STARTS",
    "Store",
    "from_iso",
    "iso",
]

#: file name of the database inside the sandbox folder
DATABASE = "bee.sqlite"
SCHEMA_VERSION = "2"
#: seconds a write waits for another process holding the base
LOCK_TIMEOUT = 30.0
#: first value of each id sequence (raised above the ids of the initial exports)
SEQUENCE_STARTS = {
    "eleve_id": 1_000_001,
    "personne_id": 2_000_001,
    "adresse_id": 3_000_001,
    "elenoet": 1,
    "ine": 900_000_001,
}

#: SQL condition on a ``pupil`` row: it blocks the transfer to the BEA, being in error itself or
#: linked to a responsable in error
BLOCKED = (
    "(pupil.blocking = 1 OR EXISTS (SELECT 1 FROM link JOIN person USING (personne_id) "
    "WHERE link.eleve_id = pupil.eleve_id AND person.blocking = 1))"
)

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE reference_export (
    kind TEXT PRIMARY KEY,
    version TEXT,
    content BLOB NOT NULL
);
CREATE TABLE sequence (name TEXT PRIMARY KEY, next_value INTEGER NOT NULL);
CREATE TABLE address (
    adresse_id INTEGER PRIMARY KEY,
    ligne1_adresse TEXT, ligne2_adresse TEXT, ligne3_adresse TEXT, ligne4_adresse TEXT,
    boite_postale TEXT, commune_etrangere TEXT, code_postal TEXT, code_pays TEXT,
    code_commune_insee TEXT, ll_pays TEXT, code_departement TEXT, libelle_postal TEXT
);
CREATE TABLE pupil (
    eleve_id INTEGER PRIMARY KEY,
    elenoet INTEGER,
    id_prv_ele TEXT,
    id_national TEXT, ine_bea TEXT, ine_rnie TEXT,
    nom_de_famille TEXT NOT NULL, nom_usage TEXT,
    prenom TEXT NOT NULL, prenom2 TEXT, prenom3 TEXT,
    date_naiss TEXT, code_sexe TEXT, code_pays TEXT, code_pays_nat TEXT,
    code_departement_naiss TEXT, code_commune_insee_naiss TEXT, ville_naiss TEXT,
    date_entree TEXT,
    tel_personnel TEXT, tel_professionnel TEXT, tel_portable TEXT, accepte_sms INTEGER, mel TEXT,
    adhesion_transport INTEGER, code_regime TEXT, doublement INTEGER,
    adresse_id INTEGER REFERENCES address (adresse_id),
    code_mef TEXT, code_division TEXT, code_statut TEXT, date_deb_sco TEXT, date_fin_sco TEXT,
    code_motif_sortie TEXT, date_sortie TEXT,
    code_provenance TEXT,
    previous TEXT,
    blocking INTEGER NOT NULL DEFAULT 0,
    error_codes TEXT NOT NULL DEFAULT '',
    date_modification TEXT
);
CREATE INDEX pupil_private ON pupil (id_prv_ele);
CREATE TABLE pupil_option (
    eleve_id INTEGER NOT NULL REFERENCES pupil (eleve_id) ON DELETE CASCADE,
    num_option INTEGER NOT NULL,
    code_modalite_elect TEXT NOT NULL,
    code_matiere TEXT NOT NULL,
    PRIMARY KEY (eleve_id, num_option)
);
CREATE TABLE pupil_bourse (
    eleve_id INTEGER NOT NULL REFERENCES pupil (eleve_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code_bourse TEXT NOT NULL,
    nb_part INTEGER,
    PRIMARY KEY (eleve_id, position)
);
CREATE TABLE pupil_group (
    eleve_id INTEGER NOT NULL REFERENCES pupil (eleve_id) ON DELETE CASCADE,
    code_structure TEXT NOT NULL,
    PRIMARY KEY (eleve_id, code_structure)
);
CREATE TABLE person (
    personne_id INTEGER PRIMARY KEY,
    id_prv_per TEXT,
    code_civilite TEXT,
    nom_de_famille TEXT NOT NULL, nom_usage TEXT, prenom TEXT NOT NULL,
    adresse_id INTEGER REFERENCES address (adresse_id),
    communication_adresse INTEGER,
    code_profession TEXT,
    tel_personnel TEXT, tel_professionnel TEXT, tel_portable TEXT, accepte_sms INTEGER, mel TEXT,
    enfant_a_charge INTEGER,
    blocking INTEGER NOT NULL DEFAULT 0,
    error_codes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_private ON person (id_prv_per);
CREATE TABLE link (
    eleve_id INTEGER NOT NULL REFERENCES pupil (eleve_id) ON DELETE CASCADE,
    personne_id INTEGER NOT NULL REFERENCES person (personne_id) ON DELETE CASCADE,
    niveau INTEGER NOT NULL CHECK (niveau IN (1, 2, 3)),
    position INTEGER NOT NULL,
    code_parente TEXT,
    paie_frais INTEGER, percoit_aides INTEGER, heberge INTEGER, a_contacter INTEGER,
    PRIMARY KEY (eleve_id, personne_id)
);
CREATE TABLE import_history (
    id INTEGER PRIMARY KEY,
    file_name TEXT NOT NULL,
    processed TEXT NOT NULL,
    software TEXT,
    responsables_read INTEGER NOT NULL,
    eleves_read INTEGER NOT NULL,
    absents INTEGER NOT NULL,
    counts TEXT NOT NULL,
    report_text TEXT,
    report_html TEXT
);
"""

#: version 2: the holding area of deposits waiting for the night's integration, and the kind of
#: each history line (a file integrated, a file replaced, the INE coming back)
_DDL_2 = """
CREATE TABLE held_deposit (
    id INTEGER PRIMARY KEY,
    zip_name TEXT NOT NULL,
    xml_name TEXT NOT NULL,
    deposited TEXT NOT NULL,
    content BLOB NOT NULL
);
ALTER TABLE import_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'import';
ALTER TABLE import_history ADD COLUMN deposited TEXT;
ALTER TABLE import_history ADD COLUMN replaced_by TEXT;
"""

#: columns of ``address``, in the export's order
ADDRESS_COLUMNS = (
    "adresse_id",
    "ligne1_adresse",
    "ligne2_adresse",
    "ligne3_adresse",
    "ligne4_adresse",
    "boite_postale",
    "commune_etrangere",
    "code_postal",
    "code_pays",
    "code_commune_insee",
    "ll_pays",
    "code_departement",
    "libelle_postal",
)


def iso(value: object) -> str | None:
    """A date as stored (``yyyy-mm-dd``), or ``None``."""
    return value.isoformat() if isinstance(value, dt.date) else None


def from_iso(value: str | None) -> dt.date | None:
    """A stored date back to a date."""
    return dt.date.fromisoformat(value) if value else None


class Store:
    """The open database of one sandbox."""

    def __init__(self, folder: Path, *, create: bool = False) -> None:
        self.folder = folder
        self.path = folder / DATABASE
        if create:
            if self.path.exists():
                raise UnusableInput(
                    f"Un bac à sable existe déjà dans {folder} : choisissez un autre dossier."
                )
            folder.mkdir(parents=True, exist_ok=True)
            # created here, so that a folder where nothing can be written says why (read-only,
            # full, permission) instead of SQLite's "unable to open database file"
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        elif not self.path.is_file():
            raise UnusableInput(
                f"Aucun bac à sable dans {folder} : créez-le avec « siecle sandbox init "
                f"--base {folder} EXPORTS... »."
            )
        try:
            self.db = connect(self.path, timeout=LOCK_TIMEOUT)
            wal(self.db)
            self.db.execute("PRAGMA foreign_keys=ON")
        except sqlite3.OperationalError as exc:
            raise sqlite_environment(exc, self.path) or exc from None
        if not create and self.meta("schema_version") == "1":
            with self.transaction():
                self._run(_DDL_2)
                self.set_meta("schema_version", SCHEMA_VERSION)
        if not create and self.meta("schema_version") != SCHEMA_VERSION:
            self.db.close()
            raise UnusableInput(
                f"Le bac à sable {folder} a un format inconnu : recréez-le avec "
                "« siecle sandbox init »."
            )

    def create_schema(self) -> None:
        """Create the tables (inside the caller's transaction)."""
        self._run(_DDL)
        self._run(_DDL_2)
        self.set_meta("schema_version", SCHEMA_VERSION)

    def _run(self, script: str) -> None:
        for statement in script.split(";"):
            if statement.strip():
                self.db.execute(statement)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    # --- transactions -------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed if the block succeeds, else undone."""
        try:
            with immediate(self.db, LOCK_TIMEOUT):
                yield self.db
        except sqlite3.OperationalError as exc:
            raise sqlite_environment(exc, self.path) or exc from None

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query of the block sees the same state."""
        self.db.execute("BEGIN")
        try:
            yield self.db
        finally:
            self.db.execute("COMMIT")

    # --- school and reference exports ---------------------------------------------------
    def meta(self, key: str) -> str | None:
        """A value of the ``meta`` table (``uai``, ``school_year``, ``software``...)."""
        try:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return str(row[0]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a value of the ``meta`` table."""
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta_json(self, key: str) -> Any:
        """A JSON value of the ``meta`` table (``None`` when absent)."""
        text = self.meta(key)
        return json.loads(text) if text else None

    def put_reference(self, kind: str, version: str | None, content: bytes) -> None:
        """Store the XML of a reference export (Nomenclature, Structures, Communs...)."""
        self.db.execute(
            "INSERT INTO reference_export (kind, version, content) VALUES (?, ?, ?) "
            "ON CONFLICT (kind) DO UPDATE SET version = excluded.version, "
            "content = excluded.content",
            (kind, version, content),
        )

    def references(self) -> dict[str, bytes]:
        """Kind -> XML bytes of every stored reference export."""
        rows = self.db.execute("SELECT kind, content FROM reference_export ORDER BY kind")
        return {str(row[0]): bytes(row[1]) for row in rows}

    # --- sequences ----------------------------------------------------------------------
    def init_sequences(self) -> None:
        """Start every sequence above the ids already stored (initial exports)."""
        highest = {
            "eleve_id": "SELECT MAX(eleve_id) FROM pupil",
            "personne_id": "SELECT MAX(personne_id) FROM person",
            "adresse_id": "SELECT MAX(adresse_id) FROM address",
            "elenoet": "SELECT MAX(elenoet) FROM pupil",
        }
        for name, start in SEQUENCE_STARTS.items():
            query = highest.get(name)
            top = self.db.execute(query).fetchone()[0] if query else None
            value = max(start, int(top) + 1) if top is not None else start
            self.db.execute(
                "INSERT INTO sequence (name, next_value) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET next_value = excluded.next_value",
                (name, value),
            )

    def next_value(self, name: str) -> int:
        """The next value of a sequence (inside the caller's transaction)."""
        row = self.db.execute("SELECT next_value FROM sequence WHERE name = ?", (name,)).fetchone()
        value = int(row[0])
        self.db.execute("UPDATE sequence SET next_value = ? WHERE name = ?", (value + 1, name))
        return value

    # --- rows ---------------------------------------------------------------------------
    def upsert(self, table: str, key: str, values: Mapping[str, object]) -> None:
        """Insert a row, or update every given column of the row with the same ``key``."""
        columns = list(values)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
        self.db.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({key}) DO UPDATE SET {updates}",
            [values[c] for c in columns],
        )

    def row(self, table: str, key: str, value: object) -> sqlite3.Row | None:
        """The row of ``table`` whose ``key`` is ``value``."""
        row: sqlite3.Row | None = self.db.execute(
            f"SELECT * FROM {table} WHERE {key} = ?", (value,)
        ).fetchone()
        return row

    def add_address(self, values: Mapping[str, object]) -> int:
        """Store a new address row; returns its ``ADRESSE_ID``."""
        adresse_id = self.next_value("adresse_id")
        self.upsert("address", "adresse_id", {**values, "adresse_id": adresse_id})
        return adresse_id

    def drop_orphan_addresses(self) -> None:
        """Delete the addresses no pupil or person refers to any more."""
        self.db.execute(
            "DELETE FROM address WHERE adresse_id NOT IN "
            "(SELECT adresse_id FROM pupil WHERE adresse_id IS NOT NULL "
            "UNION SELECT adresse_id FROM person WHERE adresse_id IS NOT NULL)"
        )
