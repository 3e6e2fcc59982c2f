"""The generic XML exports of the sandbox's current state, laid out as SIECLE writes them.

Élèves (``BEE_ELEVES`` 3.0, "avec adresses") and Responsables (``BEE_RESPONSABLES`` 2.1, links of
the new generation) are built from the database with the export models (``.to_node()``) and written
through the ``bee_export.xml`` template, like every other file of the SDK. Nomenclature, Structures
and Communs (and Géographique, Établissements when given) are the stored reference exports
re-written through the same template with a new ``PARAMETRES`` (export date and time). Each file is
zipped alone as ``ExportXML_<Name>.zip``, atomically. As in real files, a person's unknown phones
and a pupil's birth town (born in France) are written present and empty.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .. import french
from ..formats.builtin import template_of
from ..io.nodes import Node, leaf
from ..io.reader import BLOCK_END, BLOCK_START, RECORD, open_document
from ..io.writer import Block, write_bee_document, zip_alone
from ..models import eleves as ex
from ..models import responsables as rx
from ..models.adresse import Adresse
from .store import ADDRESS_COLUMNS, Store, from_iso

__all__ = ["EXPORT_NAMES", "write_exports", "write_references"]

#: kind -> name of the XML (and of the zip, prefixed with ``ExportXML_``)
EXPORT_NAMES = {
    "eleves": "ElevesAvecAdresses",
    "responsables": "ResponsablesAvecAdresses",
    "structures": "Structures",
    "nomenclature": "Nomenclature",
    "communs": "Communs",
    "geographique": "Geographique",
    "etablissements": "Etablissements",
}
ELEVES_VERSION = "3.0"
RESPONSABLES_VERSION = "2.1"


def parametres(uai: str, year: str, when: dt.datetime) -> Node:
    """``PARAMETRES`` of an export taken at ``when``."""
    return {
        "tag": "PARAMETRES",
        "children": [
            leaf("UAJ", uai),
            leaf("ANNEE_SCOLAIRE", year),
            leaf("DATE_EXPORT", french.date(when.date())),
            leaf("HORODATAGE", f"{french.date(when.date())} {when:%H:%M:%S}"),
        ],
    }


def _bool(value: object) -> bool | None:
    return bool(value) if value is not None else None


def _id(value: object) -> str | None:
    return str(value) if value is not None else None


# --- Élèves -------------------------------------------------------------------------------


def _grouped(store: Store, query: str) -> dict[int, list[sqlite3.Row]]:
    grouped: dict[int, list[sqlite3.Row]] = defaultdict(list)
    for row in store.db.execute(query):
        grouped[int(row["eleve_id"])].append(row)
    return grouped


def _eleve(row: sqlite3.Row, uai: str) -> ex.Eleve:
    elenoet = row["elenoet"]
    previous = (
        ex.ScolariteAnDernier.model_validate(json.loads(row["previous"]))
        if row["previous"]
        else None
    )
    return ex.Eleve(
        eleve_id=str(row["eleve_id"]),
        elenoet_attr=_id(elenoet),
        id_national=row["id_national"],
        ine_bea=row["ine_bea"],
        ine_rnie=row["ine_rnie"],
        elenoet=_id(elenoet),
        id_eleve_etab=f"{int(elenoet):05d}{uai[1:7]}" if elenoet is not None else None,
        id_prv_ele=row["id_prv_ele"],
        nom_de_famille=row["nom_de_famille"],
        nom_usage=row["nom_usage"],
        prenom=row["prenom"],
        prenom2=row["prenom2"],
        prenom3=row["prenom3"],
        date_naiss=from_iso(row["date_naiss"]),
        doublement=_bool(row["doublement"]),
        tel_professionnel=row["tel_professionnel"],
        code_pays=row["code_pays"],
        accepte_sms=_bool(row["accepte_sms"]),
        date_modification=from_iso(row["date_modification"]),
        date_sortie=from_iso(row["date_sortie"]),
        mel=row["mel"],
        code_regime=row["code_regime"],
        date_entree=from_iso(row["date_entree"]),
        ville_naiss=row["ville_naiss"] or "",
        adresse_id=_id(row["adresse_id"]),
        code_motif_sortie=row["code_motif_sortie"],
        tel_personnel=row["tel_personnel"],
        code_sexe=row["code_sexe"],
        tel_portable=row["tel_portable"],
        code_pays_nat=row["code_pays_nat"],
        code_statut=row["code_statut"],
        code_mef=row["code_mef"],
        code_departement_naiss=row["code_departement_naiss"],
        code_commune_insee_naiss=row["code_commune_insee_naiss"],
        adhesion_transport=_bool(row["adhesion_transport"]),
        code_provenance=row["code_provenance"],
        scolarite_an_dernier=previous,
    )


def _addresses(store: Store, owner: str) -> Iterator[Node]:
    query = (
        f"SELECT * FROM address WHERE adresse_id IN (SELECT adresse_id FROM {owner}) "
        "ORDER BY adresse_id"
    )
    for row in store.db.execute(query):
        values = {c: row[c] for c in ADDRESS_COLUMNS}
        values["adresse_id"] = str(values["adresse_id"])
        yield Adresse(**values).to_node()


def _eleves_blocks(store: Store, uai: str) -> list[Block]:
    options = _grouped(store, "SELECT * FROM pupil_option ORDER BY eleve_id, num_option")
    bourses = _grouped(store, "SELECT * FROM pupil_bourse ORDER BY eleve_id, position")
    groups = _grouped(store, "SELECT * FROM pupil_group ORDER BY eleve_id, code_structure")
    pupils = store.db.execute("SELECT * FROM pupil ORDER BY eleve_id").fetchall()

    def attrs(row: sqlite3.Row) -> dict[str, str | None]:
        return {"eleve_id": str(row["eleve_id"]), "elenoet": _id(row["elenoet"])}

    def option_nodes() -> Iterator[Node]:
        for row in pupils:
            rows = options.get(int(row["eleve_id"]))
            if rows:
                yield ex.OptionsEleve(
                    **attrs(row),
                    options_eleve=[
                        ex.OptionEleve(
                            num_option=o["num_option"],
                            code_modalite_elect=o["code_modalite_elect"],
                            code_matiere=o["code_matiere"],
                        )
                        for o in rows
                    ],
                ).to_node()

    def structure_nodes() -> Iterator[Node]:
        for row in pupils:
            rows = [ex.Structure(code_structure=row["code_division"], type_structure="D")]
            rows = rows if row["code_division"] else []
            rows += [
                ex.Structure(code_structure=g["code_structure"], type_structure="G")
                for g in groups.get(int(row["eleve_id"]), [])
            ]
            if rows:
                yield ex.StructuresEleve(**attrs(row), structure=rows).to_node()

    def bourse_nodes() -> Iterator[Node]:
        for row in pupils:
            rows = bourses.get(int(row["eleve_id"]))
            if rows:
                yield ex.BourseEleve(
                    **attrs(row), code_bourse=[b["code_bourse"] for b in rows]
                ).to_node()

    return [
        Block("ELEVES", (_eleve(row, uai).to_node() for row in pupils)),
        Block("OPTIONS", option_nodes()),
        Block("STRUCTURES", structure_nodes()),
        Block("BOURSES", bourse_nodes()),
        Block("ADRESSES", _addresses(store, "pupil")),
    ]


# --- Responsables -------------------------------------------------------------------------


def _responsables_blocks(store: Store) -> list[Block]:
    civilities: dict[str, list[str]] = store.meta_json("civilities") or {}

    def persons() -> Iterator[Node]:
        for row in store.db.execute("SELECT * FROM person ORDER BY personne_id"):
            court, long = civilities.get(row["code_civilite"] or "", [None, None])
            yield rx.Personne(
                personne_id=str(row["personne_id"]),
                id_prv_per=row["id_prv_per"],
                lc_civilite=court,
                ll_civilite=long,
                nom_de_famille=row["nom_de_famille"],
                nom_usage=row["nom_usage"],
                prenom=row["prenom"],
                tel_personnel=row["tel_personnel"] or "",
                tel_portable=row["tel_portable"] or "",
                accepte_sms=_bool(row["accepte_sms"]),
                tel_professionnel=row["tel_professionnel"] or "",
                mel=row["mel"],
                communication_adresse=_bool(row["communication_adresse"]),
                adresse_id=_id(row["adresse_id"]),
                code_profession=row["code_profession"],
            ).to_node()

    def links() -> Iterator[Node]:
        query = "SELECT * FROM link ORDER BY eleve_id, position"
        for row in store.db.execute(query):
            yield rx.ResponsableEleve(
                eleve_id=str(row["eleve_id"]),
                personne_id=str(row["personne_id"]),
                niveau_responsabilite=str(row["niveau"]),
                code_parente=row["code_parente"],
                paie_frais_scolaires=bool(row["paie_frais"]),
                percoit_les_aides=bool(row["percoit_aides"]),
                heberge_eleve=bool(row["heberge"]),
                a_contacter_en_priorite=bool(row["a_contacter"]),
            ).to_node()

    return [
        Block("PERSONNES", persons()),
        Block("RESPONSABLES", links()),
        Block("ADRESSES", _addresses(store, "person")),
    ]


# --- reference exports --------------------------------------------------------------------


def write_references(store: Store, folder: Path) -> dict[str, Path]:
    """The stored reference exports, byte for byte, as ``<kind>.xml`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for kind, content in store.references().items():
        path = folder / f"{kind}.xml"
        path.write_bytes(content)
        written[kind] = path
    return written


def _rewrite_reference(
    source: Path, target: Path, header: Node, kind: str, template_dirs: tuple[Path, ...]
) -> None:
    """Re-write a stored export through its format's template, with a new ``PARAMETRES``."""
    blocks: list[Block] = []
    rows: list[Node] = []
    with open_document(source) as doc:
        for event in doc.events():
            if event[0] == BLOCK_START:
                rows = []
                blocks.append(Block(event[1], rows, dict(event[2])))
            elif event[0] == RECORD:
                rows.append(event[2])
            elif event[0] == BLOCK_END and blocks:
                blocks[-1].text = event[2]
        before = [header if node["tag"] == "PARAMETRES" else node for node in doc.before]
        write_bee_document(
            target,
            root=doc.root,
            attrs=doc.attrs,
            before=before,
            blocks=blocks,
            after=doc.after,
            nsmap=doc.nsmap,
            template=template_of(kind),
            template_dirs=template_dirs,
        )


# --- files --------------------------------------------------------------------------------


def write_exports(
    store: Store,
    out_dir: Path,
    *,
    when: dt.datetime,
    zipped: bool = True,
    kinds: tuple[str, ...] | None = None,
    allow_empty: bool = False,
    template_dirs: tuple[Path, ...] = (),
) -> dict[str, Path]:
    """Write the exports of the current state; returns kind -> file written.

    As in SIECLE, the Élèves export is not produced when the base holds no pupil, nor the
    Responsables export without any person and link (unless ``allow_empty``, for the sandbox's
    own use as a rule context). Each export is rendered by its format's template
    (``template_dirs``: plugin folders overriding them).
    """
    uai = store.meta("uai") or ""
    year = store.meta("school_year") or ""
    header = parametres(uai, year, when)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = kinds or tuple(EXPORT_NAMES)
    written: dict[str, Path] = {}
    with store.snapshot():
        references = store.references()
        pupils = store.db.execute("SELECT COUNT(*) FROM pupil").fetchone()[0]
        links = store.db.execute("SELECT COUNT(*) FROM link").fetchone()[0]
        for kind in wanted:
            if kind not in EXPORT_NAMES or (
                kind not in ("eleves", "responsables") and kind not in references
            ):
                continue
            if not allow_empty and (
                (kind == "eleves" and not pupils) or (kind == "responsables" and not links)
            ):
                continue
            name = EXPORT_NAMES[kind]
            xml = out_dir / f"{name}.xml"
            draft = out_dir / f".{name}.{uuid.uuid4().hex[:8]}.xml" if zipped else xml
            try:
                if kind == "eleves":
                    write_bee_document(
                        draft,
                        root="BEE_ELEVES",
                        attrs={"VERSION": ELEVES_VERSION},
                        before=[header],
                        blocks=_eleves_blocks(store, uai),
                        template=template_of("eleves"),
                        template_dirs=template_dirs,
                    )
                elif kind == "responsables":
                    write_bee_document(
                        draft,
                        root="BEE_RESPONSABLES",
                        attrs={"VERSION": RESPONSABLES_VERSION},
                        before=[header],
                        blocks=_responsables_blocks(store),
                        template=template_of("responsables"),
                        template_dirs=template_dirs,
                    )
                else:
                    source = out_dir / f".{kind}.{uuid.uuid4().hex[:8]}.source.xml"
                    try:
                        source.write_bytes(references[kind])
                        _rewrite_reference(source, draft, header, kind, template_dirs)
                    finally:
                        source.unlink(missing_ok=True)
                target = xml
                if zipped:
                    target = out_dir / f"ExportXML_{name}.zip"
                    zip_alone(draft, target, xml.name, when)
            finally:
                if zipped:
                    draft.unlink(missing_ok=True)
            written[kind] = target
    return written
