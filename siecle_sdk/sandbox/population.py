"""Creating a sandbox from a school's SIECLE exports.

Nomenclature, Structures and Communs (required; Géographique and Établissements optional) are
stored as they were received and used as the context of every deposit. Élèves and Responsables
(optional) give the base its initial population, with SIECLE's own ids (``ELEVE_ID``,
``PERSONNE_ID``, ``ADRESSE_ID``), INE, schooling, options, groups, bourses, addresses and links.
Every export must be of the same school and school year.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from ..errors import UnusableInput
from ..io.reader import open_document
from ..io.source import open_source
from ..models import eleves as ex
from ..models import responsables as rx
from ..models.adresse import Adresse as ExportAdresse
from ..rules.reconcile import private_key
from .store import ADDRESS_COLUMNS, Store, iso

__all__ = ["OPTIONAL", "REFERENCE_KINDS", "REQUIRED", "load_exports"]

#: exports a sandbox cannot be created without
REQUIRED = ("nomenclature", "structures", "communs")
#: exports stored as they are and used as the context of the rules
REFERENCE_KINDS = (*REQUIRED, "geographique", "etablissements")
#: exports that give the initial population
OPTIONAL = ("eleves", "responsables")
_LABELS = {
    "nomenclature": "Nomenclature",
    "structures": "Structures",
    "communs": "Communs",
    "geographique": "Géographique",
    "etablissements": "Établissements",
    "eleves": "Élèves",
    "responsables": "Responsables",
}
_DEFAULT_CIVILITIES = {"1": ["M.", "MONSIEUR"], "2": ["MME", "MADAME"]}


def _read_bytes(path: Path) -> bytes:
    """The XML of an export (the one member of a zip, read safely)."""
    chunks = []
    with open_source(path) as (stream, _info):
        while chunk := stream.read(1 << 16):
            chunks.append(chunk)
    return b"".join(chunks)


def _flag(value: object) -> int | None:
    return int(value) if isinstance(value, bool) else None


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() else None


def _text(value: str | None) -> str | None:
    return value if value not in (None, "") else None


def _header(exports: Mapping[str, Path]) -> tuple[str, str, dict[str, str | None]]:
    """UAI, school year and version of the exports, after checking kinds and consistency."""
    unknown = sorted(set(exports) - set(REFERENCE_KINDS) - set(OPTIONAL))
    if unknown:
        raise UnusableInput(f"Export(s) non gérés par le bac à sable : {', '.join(unknown)}.")
    missing = [_LABELS[k] for k in REQUIRED if k not in exports]
    if missing:
        raise UnusableInput(
            "Il manque les exports " + ", ".join(missing) + " : le bac à sable ne peut "
            "pas être créé sans Nomenclature, Structures et Communs."
        )
    seen: dict[tuple[str, str], list[str]] = {}
    versions: dict[str, str | None] = {}
    for kind, path in exports.items():
        with open_document(path) as doc:
            if doc.kind != kind:
                raise UnusableInput(
                    f"{path} est un export {doc.format.title}, pas un export {_LABELS[kind]}."
                )
            key = (doc.uai or "?", doc.school_year or "?")
            versions[kind] = doc.version
        seen.setdefault(key, []).append(_LABELS[kind])
    if len(seen) > 1:
        parts = [
            f"{', '.join(kinds)} : établissement {uai}, année {year}"
            for (uai, year), kinds in seen.items()
        ]
        raise UnusableInput(
            "Les exports ne sont pas tous du même établissement et de la même année scolaire ("
            + " ; ".join(parts)
            + ") : le bac à sable simule la base d'un seul établissement pour une année."
        )
    ((uai, year),) = seen
    return uai, year, versions


def _civilities(path: Path) -> dict[str, list[str]]:
    from ..models.nomenclature import Nomenclature

    rows = Nomenclature.load(path).code_list("CIVILITES")
    found = {code: [row.libelle_court or "", row.libelle_long or ""] for code, row in rows.items()}
    return found or dict(_DEFAULT_CIVILITIES)


def _address_values(row: ExportAdresse) -> dict[str, object]:
    return {c: getattr(row, c) for c in ADDRESS_COLUMNS if c != "adresse_id"}


def _pupil_values(row: ex.Eleve) -> dict[str, object]:
    previous = row.scolarite_an_dernier
    return {
        "eleve_id": int(row.eleve_id or 0),
        "elenoet": int(row.elenoet_attr or row.elenoet or 0) or None,
        "id_prv_ele": private_key(row.id_prv_ele),
        "id_national": _text(row.id_national),
        "ine_bea": _text(row.ine_bea),
        "ine_rnie": _text(row.ine_rnie),
        "nom_de_famille": row.family_name or "",
        "nom_usage": _text(row.nom_usage),
        "prenom": row.prenom or "",
        "prenom2": _text(row.prenom2),
        "prenom3": _text(row.prenom3),
        "date_naiss": iso(row.date_naiss),
        "code_sexe": _text(row.code_sexe),
        "code_pays": _text(row.code_pays),
        "code_pays_nat": _text(row.code_pays_nat),
        "code_departement_naiss": _text(row.code_departement_naiss),
        "code_commune_insee_naiss": _text(row.code_commune_insee_naiss),
        "ville_naiss": row.ville_naiss,
        "date_entree": iso(row.date_entree),
        "tel_personnel": _text(row.tel_personnel),
        "tel_professionnel": _text(row.tel_professionnel),
        "tel_portable": _text(row.tel_portable),
        "accepte_sms": _flag(row.accepte_sms),
        "mel": _text(row.mel),
        "adhesion_transport": _flag(row.adhesion_transport),
        "code_regime": _text(row.code_regime),
        "doublement": _flag(row.doublement),
        "adresse_id": _int(row.adresse_id),
        "code_mef": _text(row.code_mef),
        "code_statut": _text(row.code_statut),
        "code_motif_sortie": _text(row.code_motif_sortie),
        "date_sortie": iso(row.date_sortie),
        "code_provenance": _text(row.code_provenance),
        "previous": previous.model_dump_json(exclude_none=True, exclude={"unknown"})
        if previous is not None
        else None,
        "date_modification": iso(row.date_modification),
    }


def _load_eleves(store: Store, path: Path) -> int:
    count = 0
    with open_document(path) as doc:
        for _, record in doc.typed():
            if isinstance(record, ex.Eleve) and (record.eleve_id or "").isdigit():
                store.upsert("pupil", "eleve_id", _pupil_values(record))
                count += 1
            elif isinstance(record, ex.OptionsEleve) and record.eleve_id:
                for n, option in enumerate(record.options_eleve or (), start=1):
                    store.db.execute(
                        "INSERT OR IGNORE INTO pupil_option VALUES (?, ?, ?, ?)",
                        (
                            int(record.eleve_id),
                            option.num_option if isinstance(option.num_option, int) else n,
                            option.code_modalite_elect or "",
                            option.code_matiere or "",
                        ),
                    )
            elif isinstance(record, ex.StructuresEleve) and record.eleve_id:
                store.db.execute(
                    "UPDATE pupil SET code_division = ? WHERE eleve_id = ?",
                    (record.division, int(record.eleve_id)),
                )
                for group in record.groupes:
                    store.db.execute(
                        "INSERT OR IGNORE INTO pupil_group VALUES (?, ?)",
                        (int(record.eleve_id), group),
                    )
            elif isinstance(record, ex.BourseEleve) and record.eleve_id:
                for n, code in enumerate(record.code_bourse or (), start=1):
                    store.db.execute(
                        "INSERT OR IGNORE INTO pupil_bourse VALUES (?, ?, ?, NULL)",
                        (int(record.eleve_id), n, code),
                    )
            elif isinstance(record, ExportAdresse) and (record.adresse_id or "").isdigit():
                values = {**_address_values(record), "adresse_id": int(record.adresse_id or 0)}
                store.upsert("address", "adresse_id", values)
    return count


def _load_responsables(store: Store, path: Path, civilities: dict[str, list[str]]) -> int:
    by_label = {}
    for code, (court, long) in civilities.items():
        by_label[court.strip().upper()] = code
        by_label[long.strip().upper()] = code
    pupils = {int(r[0]) for r in store.db.execute("SELECT eleve_id FROM pupil")}
    persons: set[int] = set()
    positions: dict[int, int] = {}
    with open_document(path) as doc:
        for _, record in doc.typed():
            if isinstance(record, rx.Personne) and (record.personne_id or "").isdigit():
                label = (record.lc_civilite or record.ll_civilite or "").strip().upper()
                personne_id = int(record.personne_id or 0)
                store.upsert(
                    "person",
                    "personne_id",
                    {
                        "personne_id": personne_id,
                        "id_prv_per": private_key(record.id_prv_per),
                        "code_civilite": by_label.get(label),
                        "nom_de_famille": record.family_name or "",
                        "nom_usage": _text(record.nom_usage),
                        "prenom": record.prenom or "",
                        "adresse_id": _int(record.adresse_id),
                        "communication_adresse": _flag(record.communication_adresse),
                        "code_profession": _text(record.code_profession),
                        "tel_personnel": _text(record.tel_personnel),
                        "tel_professionnel": _text(record.tel_professionnel),
                        "tel_portable": _text(record.tel_portable),
                        "accepte_sms": _flag(record.accepte_sms),
                        "mel": _text(record.mel),
                    },
                )
                persons.add(personne_id)
            elif isinstance(record, rx.ResponsableEleve):
                eleve, person, level = _int(record.eleve_id), _int(record.personne_id), record.level
                if eleve not in pupils or person not in persons or level is None:
                    continue
                assert eleve is not None
                positions[eleve] = positions.get(eleve, 0) + 1
                store.db.execute(
                    "INSERT OR IGNORE INTO link VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        eleve,
                        person,
                        level,
                        positions[eleve],
                        record.parente_code_2,
                        _flag(
                            record.paie_frais_scolaires
                            if record.paie_frais_scolaires is not None
                            else record.resp_financier
                        ),
                        _flag(record.percoit_les_aides),
                        _flag(record.heberge_eleve),
                        _flag(record.a_contacter_en_priorite),
                    ),
                )
            elif isinstance(record, ExportAdresse) and (record.adresse_id or "").isdigit():
                store.db.execute(
                    f"INSERT OR IGNORE INTO address ({', '.join(ADDRESS_COLUMNS)}) "
                    f"VALUES ({', '.join('?' for _ in ADDRESS_COLUMNS)})",
                    [int(record.adresse_id or 0), *_address_values(record).values()],
                )
    return len(persons)


def load_exports(store: Store, exports: Mapping[str, Path]) -> tuple[str, str, dict[str, int]]:
    """Fill a new store from the exports; returns the UAI, the school year and the counts."""
    uai, year, versions = _header(exports)
    store.create_schema()
    store.set_meta("uai", uai)
    store.set_meta("school_year", year)
    for kind in REFERENCE_KINDS:
        if kind in exports:
            store.put_reference(kind, versions[kind], _read_bytes(exports[kind]))
    civilities = _civilities(exports["nomenclature"])
    store.set_meta("civilities", json.dumps(civilities, ensure_ascii=False))
    store.db.execute("PRAGMA defer_foreign_keys = ON")
    counts = {"eleves": 0, "responsables": 0}
    if "eleves" in exports:
        counts["eleves"] = _load_eleves(store, exports["eleves"])
    if "responsables" in exports:
        counts["responsables"] = _load_responsables(store, exports["responsables"], civilities)
    store.db.execute(
        "UPDATE pupil SET adresse_id = NULL "
        "WHERE adresse_id NOT IN (SELECT adresse_id FROM address)"
    )
    store.db.execute(
        "UPDATE person SET adresse_id = NULL "
        "WHERE adresse_id NOT IN (SELECT adresse_id FROM address)"
    )
    store.db.execute("DELETE FROM pupil_option WHERE eleve_id NOT IN (SELECT eleve_id FROM pupil)")
    store.db.execute("DELETE FROM pupil_bourse WHERE eleve_id NOT IN (SELECT eleve_id FROM pupil)")
    store.db.execute("DELETE FROM pupil_group WHERE eleve_id NOT IN (SELECT eleve_id FROM pupil)")
    store.init_sequences()
    return uai, year, counts
