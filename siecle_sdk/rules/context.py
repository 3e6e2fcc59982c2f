"""The SIECLE context of a check: what the school's own exports say, indexed for the rules.

Built from the exports the school already has (Nomenclature, Structures, Communs, and optionally
Géographique, Établissements, Élèves and Responsables). Every file must be of the same school and
school year as the file checked: codes of structures, MEFs and options change between years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnusableInput
from ..models.import_eleves import Eleve
from .reconcile import Match, PupilIndex, private_key

__all__ = ["CONTEXT_FILES", "Context", "display_name", "load_context"]

#: context file names, in the order the report lists them
CONTEXT_FILES = (
    "nomenclature",
    "structures",
    "communs",
    "geographique",
    "etablissements",
    "eleves",
    "responsables",
)


def display_name(family: str, first: str) -> str:
    """A name as SIECLE prints it: ``DUPONT Marie-Anne``."""

    def cap(part: str) -> str:
        return "-".join(p[:1].upper() + p[1:].lower() for p in part.split("-"))

    return f"{family.upper()} {' '.join(cap(p) for p in first.split(' '))}".strip()


@dataclass
class Context:
    """Everything rules may look up, and where the findings' identifiers come from."""

    uai: str
    school_year: str
    #: names of the context files given (``nomenclature``...)
    available: set[str] = field(default_factory=set)
    #: file given for each context name
    files: dict[str, Path] = field(default_factory=dict)

    # Nomenclature
    mefs: dict[str, object] = field(default_factory=dict)
    mefs_enrolment: set[str] = field(default_factory=set)
    mefs_origin: set[str] = field(default_factory=set)
    matieres: set[str] = field(default_factory=set)
    programmes: set[tuple[str, str, str]] = field(default_factory=set)
    compulsory: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    compulsory_count: dict[str, int] = field(default_factory=dict)
    mef_open: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)
    codes: dict[str, set[str]] = field(default_factory=dict)
    # Structures
    divisions: dict[str, set[str]] = field(default_factory=dict)
    groups: set[str] = field(default_factory=set)
    # Communs
    year_start: dt.date | None = None
    year_end: dt.date | None = None
    # Géographique, Établissements
    countries: set[str] = field(default_factory=set)
    communes: set[str] = field(default_factory=set)
    departements: set[str] = field(default_factory=set)
    establishments: set[str] = field(default_factory=set)
    # Élèves, Responsables
    pupils: PupilIndex | None = None
    person_ids: dict[str, str] = field(default_factory=dict)

    # filled while a file is checked
    #: person private id -> list of (role, CODE_PARENTE) of its links
    links: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    #: pupil private id -> its match in the Élèves export
    matches: dict[str, Match] = field(default_factory=dict)
    #: person private ids of the file
    persons_in_file: set[str] = field(default_factory=set)

    def has(self, names: frozenset[str]) -> bool:
        """Whether every context file in ``names`` was given."""
        return names <= self.available

    def in_programme(self, mef: str, matiere: str, modalite: str) -> bool:
        """Whether the MEF's programme offers the matière with that election modality (a line
        with modality ``N``, compulsory or optional, offers both)."""
        return bool({(mef, matiere, modalite), (mef, matiere, "N")} & self.programmes)

    def code_list(self, block: str) -> set[str]:
        """Codes of a Nomenclature list (``REGIMES``, ``MOTIFS_SORTIE``...)."""
        return self.codes.get(block, set())

    # --- finding identity ---------------------------------------------------------------
    def pupil_identity(self, eleve: Eleve) -> dict[str, str | None]:
        """``private_id``, ``siecle_id``, ``name`` and ``division`` of a pupil for a finding."""
        match = self.matches.get(eleve.id_prv_ele)
        scolarite = eleve.scolarite_active
        return {
            "private_id": eleve.id_prv_ele,
            "siecle_id": match.eleve_id if match else None,
            "name": display_name(eleve.nom_de_famille, eleve.prenom),
            "division": scolarite.code_division if scolarite else None,
        }


def _same_school(kind: str, path: Path, uai: str | None, year: str | None, ctx: Context) -> None:
    if uai and uai != ctx.uai:
        raise UnusableInput(
            f"L'export {kind} {path} concerne l'établissement {uai}, le fichier "
            f"contrôlé l'établissement {ctx.uai} : contexte refusé."
        )
    if year and year != ctx.school_year:
        raise UnusableInput(
            f"L'export {kind} {path} est de l'année scolaire {year}, le fichier contrôlé de "
            f"l'année {ctx.school_year} : les codes (structures, MEF, options) changent d'une "
            "année à l'autre, contexte refusé."
        )


def load_context(uai: str, school_year: str, files: Mapping[str, Path | None]) -> Context:
    """Load the given exports (``{"nomenclature": path, ...}``) into a context."""
    ctx = Context(uai=uai, school_year=school_year)
    for name, path in files.items():
        if path is None:
            continue
        if name not in CONTEXT_FILES:
            raise ValueError(f"unknown context file {name}")
        loader = _LOADERS[name]
        loader(path, ctx)
        ctx.available.add(name)
        ctx.files[name] = path
    return ctx


def _load_nomenclature(path: Path, ctx: Context) -> None:
    from ..models.nomenclature import Nomenclature

    data = Nomenclature.load(path)
    _same_school("Nomenclature", path, data.uai, data.school_year, ctx)
    for mef in data.mefs:
        code = mef.code_mef or ""
        ctx.mefs[code] = mef
        if mef.inscription_etab is True or mef.mef_selectionne is True:
            ctx.mefs_enrolment.add(code)
        if mef.mef_origine is True or mef.mef_selorig is True:
            ctx.mefs_origin.add(code)
        if isinstance(mef.nb_opt_oblig, int):
            ctx.compulsory_count[code] = mef.nb_opt_oblig
        opening = mef.date_ouverture if isinstance(mef.date_ouverture, dt.date) else None
        closing = mef.date_fermeture if isinstance(mef.date_fermeture, dt.date) else None
        ctx.mef_open[code] = (opening, closing)
    ctx.matieres = {m.code_matiere or "" for m in data.matieres}
    ctx.programmes = {
        (p.code_mef or "", p.code_matiere or "", p.code_modalite_elect or "")
        for p in data.programmes
    }
    for option in data.options_obligatoires:
        if isinstance(option.rang_option, int):
            key = (option.code_mef or "", option.rang_option)
            ctx.compulsory.setdefault(key, set()).add(option.code_matiere or "")
    for block in data.codes:
        ctx.codes[block] = {(row.code or "").strip() for row in data.code_list(block).values()}


def _load_structures(path: Path, ctx: Context) -> None:
    from ..models.structures import Structures

    data = Structures.load(path)
    _same_school(
        "Structures", path, data.parameters.get("UAJ"), data.parameters.get("ANNEE_SCOLAIRE"), ctx
    )
    for division in data.divisions:
        ctx.divisions[division.code_structure or ""] = set(division.mef_codes)
    ctx.groups = {g.code_structure or "" for g in data.groupes}


def _load_communs(path: Path, ctx: Context) -> None:
    from ..models.communs import Communs

    data = Communs.load(path)
    _same_school(
        "Communs", path, data.parameters.get("UAJ"), data.parameters.get("ANNEE_SCOLAIRE"), ctx
    )
    ctx.year_start = data.school_year_start
    ctx.year_end = data.school_year_end


def _load_geographique(path: Path, ctx: Context) -> None:
    from ..io.reader import open_document
    from ..models.geographique import Commune, Departement, PaysNationalite

    with open_document(path) as doc:
        if doc.kind != "geographique":
            raise UnusableInput(f"{path} n'est pas un export Géographique ({doc.format.title}).")
        for _, record in doc.typed():
            if isinstance(record, PaysNationalite):
                ctx.countries.add(record.code_pays or "")
            elif isinstance(record, Commune):
                ctx.communes.add(record.code_commune_insee or "")
            elif isinstance(record, Departement):
                for code in (record.code_departement_men, record.code_departement_insee):
                    if code:
                        ctx.departements.add(code)


def _load_etablissements(path: Path, ctx: Context) -> None:
    from ..io.reader import open_document
    from ..models.etablissements import EtablissementRef

    with open_document(path) as doc:
        if doc.kind != "etablissements":
            raise UnusableInput(f"{path} n'est pas un export Établissements ({doc.format.title}).")
        for _, record in doc.typed():
            if isinstance(record, EtablissementRef) and record.code_rne:
                ctx.establishments.add(record.code_rne)


def _load_eleves(path: Path, ctx: Context) -> None:
    from ..io.reader import open_document

    with open_document(path) as doc:
        if doc.kind != "eleves":
            raise UnusableInput(f"{path} n'est pas un export Élèves ({doc.format.title}).")
        _same_school("Élèves", path, doc.uai, doc.school_year, ctx)
        ctx.pupils = PupilIndex.from_document(doc)


def _load_responsables(path: Path, ctx: Context) -> None:
    from ..io.reader import open_document
    from ..models.responsables import Personne as ExportPersonne

    with open_document(path) as doc:
        if doc.kind != "responsables":
            raise UnusableInput(f"{path} n'est pas un export Responsables ({doc.format.title}).")
        _same_school("Responsables", path, doc.uai, doc.school_year, ctx)
        for _, record in doc.typed():
            if isinstance(record, ExportPersonne) and record.id_prv_per and record.personne_id:
                ctx.person_ids[private_key(record.id_prv_per) or ""] = record.personne_id


_LOADERS = {
    "nomenclature": _load_nomenclature,
    "structures": _load_structures,
    "communs": _load_communs,
    "geographique": _load_geographique,
    "etablissements": _load_etablissements,
    "eleves": _load_eleves,
    "responsables": _load_responsables,
}
