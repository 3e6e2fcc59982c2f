"""The SIECLE context of a check: what the school's own exports say, indexed for the rules.

Built from the exports the school already has (Nomenclature, Structures, Communs, and optionally
Géographique, Établissements, Élèves and Responsables). Every file must be of the same school and
school year as the file checked: codes of structures, MEFs and options change between years.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..errors import UnusableInput
from ..models.import_eleves import Eleve
from .reconcile import Match, PupilIndex, SieclePupil, private_key

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


def load_context(
    uai: str,
    school_year: str,
    files: Mapping[str, Path | None],
    cache: PartCache | None = None,
) -> Context:
    """Load the given exports (``{"nomenclature": path, ...}``) into a context; the large ones
    (Élèves, Responsables, Géographique, Établissements) through ``cache`` when one is given."""
    ctx = Context(uai=uai, school_year=school_year)
    for name, path in files.items():
        if path is None:
            continue
        if name not in CONTEXT_FILES:
            raise ValueError(f"unknown context file {name}")
        if name in PARTS:
            read, apply = PARTS[name]
            part = read(path) if cache is None else cache.part(name, path, read)
            apply(part, path, ctx)
        else:
            _LOADERS[name](path, ctx)
        ctx.available.add(name)
        ctx.files[name] = path
    return ctx


class PartCache(Protocol):
    """Where :func:`load_context` finds the part of an export already read."""

    def part(self, name: str, path: Path, read: Callable[[Path], Part]) -> Part:
        """The part of ``path`` (a ``name`` export), from the cache or ``read``."""


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


# The large exports are first reduced to a compact part (plain values, what a cache keeps),
# then applied to the context.


def read_geographique(path: Path) -> Part:
    """The codes of the Géographique export: countries, communes, départements."""
    from ..io.reader import open_document
    from ..models.geographique import Commune, Departement, PaysNationalite

    countries: set[str] = set()
    communes: set[str] = set()
    departements: set[str] = set()
    with open_document(path) as doc:
        if doc.kind != "geographique":
            raise UnusableInput(f"{path} n'est pas un export Géographique ({doc.format.title}).")
        for _, record in doc.typed():
            if isinstance(record, PaysNationalite):
                countries.add(record.code_pays or "")
            elif isinstance(record, Commune):
                communes.add(record.code_commune_insee or "")
            elif isinstance(record, Departement):
                for code in (record.code_departement_men, record.code_departement_insee):
                    if code:
                        departements.add(code)
    return {
        "countries": sorted(countries),
        "communes": sorted(communes),
        "departements": sorted(departements),
    }


def _apply_geographique(part: Part, path: Path, ctx: Context) -> None:
    ctx.countries = set(part["countries"])
    ctx.communes = set(part["communes"])
    ctx.departements = set(part["departements"])


def read_etablissements(path: Path) -> Part:
    """The UAIs of the Établissements export."""
    from ..io.reader import open_document
    from ..models.etablissements import EtablissementRef

    found: set[str] = set()
    with open_document(path) as doc:
        if doc.kind != "etablissements":
            raise UnusableInput(f"{path} n'est pas un export Établissements ({doc.format.title}).")
        for _, record in doc.typed():
            if isinstance(record, EtablissementRef) and record.code_rne:
                found.add(record.code_rne)
    return {"establishments": sorted(found)}


def _apply_etablissements(part: Part, path: Path, ctx: Context) -> None:
    ctx.establishments = set(part["establishments"])


def read_eleves(path: Path) -> Part:
    """The school, year and pupil index of an Élèves export, as plain values."""
    from ..io.reader import open_document

    with open_document(path) as doc:
        if doc.kind != "eleves":
            raise UnusableInput(f"{path} n'est pas un export Élèves ({doc.format.title}).")
        index = PupilIndex.from_document(doc)
        uai, year = doc.uai, doc.school_year
    return {
        "uai": uai,
        "school_year": year,
        "pupils": [pupil_values(pupil) for pupil in index.pupils.values()],
    }


def _apply_eleves(part: Part, path: Path, ctx: Context) -> None:
    _same_school("Élèves", path, part["uai"], part["school_year"], ctx)
    shared: dict[str | None, str | None] = {}
    ctx.pupils = PupilIndex.from_pupils(
        pupil_from_values([shared.setdefault(value, value) for value in row])
        for row in part["pupils"]
    )


def read_responsables(path: Path) -> Part:
    """The school, year and SIECLE person ids (by private id) of a Responsables export."""
    from ..io.reader import open_document
    from ..models.responsables import Personne as ExportPersonne

    person_ids: dict[str, str] = {}
    with open_document(path) as doc:
        if doc.kind != "responsables":
            raise UnusableInput(f"{path} n'est pas un export Responsables ({doc.format.title}).")
        wanted = [block for block, model in doc.format.records.items() if model is ExportPersonne]
        for _, record in doc.typed(wanted):
            if isinstance(record, ExportPersonne) and record.id_prv_per and record.personne_id:
                person_ids[private_key(record.id_prv_per) or ""] = record.personne_id
        uai, year = doc.uai, doc.school_year
    return {"uai": uai, "school_year": year, "person_ids": person_ids}


def _apply_responsables(part: Part, path: Path, ctx: Context) -> None:
    _same_school("Responsables", path, part["uai"], part["school_year"], ctx)
    ctx.person_ids = dict(part["person_ids"])


def pupil_values(pupil: SieclePupil) -> list[str | None]:
    """A pupil of the index as a row of plain values (dates in ISO form)."""
    return [
        pupil.eleve_id,
        pupil.id_prv_ele,
        pupil.ine,
        pupil.family,
        pupil.usage,
        pupil.first,
        pupil.first2,
        pupil.first3,
        pupil.birth.isoformat() if pupil.birth else None,
        pupil.division,
        pupil.mef,
        pupil.left.isoformat() if pupil.left else None,
        pupil.written,
    ]


def pupil_from_values(row: list[str | None]) -> SieclePupil:
    """The pupil of :func:`pupil_values`' row."""
    (
        eleve_id,
        private,
        ine,
        family,
        usage,
        first,
        first2,
        first3,
        birth,
        division,
        mef,
        left,
        written,
    ) = row
    return SieclePupil(
        eleve_id=eleve_id or "",
        id_prv_ele=private,
        ine=ine,
        family=family or "",
        usage=usage or "",
        first=first or "",
        first2=first2 or "",
        first3=first3 or "",
        birth=dt.date.fromisoformat(birth) if birth else None,
        division=division,
        mef=mef,
        left=dt.date.fromisoformat(left) if left else None,
        written=written,
    )


#: what a large export is reduced to: plain values (JSON), for :mod:`.context_cache`
Part = dict[str, Any]

#: exports reduced to a part, then applied: ``name -> (read, apply)``
PARTS: dict[str, tuple[Callable[[Path], Part], Callable[[Part, Path, Context], None]]] = {
    "geographique": (read_geographique, _apply_geographique),
    "etablissements": (read_etablissements, _apply_etablissements),
    "eleves": (read_eleves, _apply_eleves),
    "responsables": (read_responsables, _apply_responsables),
}


_LOADERS = {
    "nomenclature": _load_nomenclature,
    "structures": _load_structures,
    "communs": _load_communs,
}
