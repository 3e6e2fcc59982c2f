"""From SIECLE's exports to a :class:`~siecle_sdk.exchange.School` a vendor can store.

A school that adopts a software takes its pupils over from SIECLE: the Élèves and Responsables
exports are turned into the records of the import file, so that the next ``push`` sends back the
same pupils, responsables and links. What the exports do not carry is completed by a documented
rule and reported in the notes:

* a pupil or person without private id gets the next free one (above those already in the export);
* ``DATE_DEB_SCO`` (not exported) is the school year's first day (Communs), else the entry date,
  else the 1st of September of the school year;
* a bourse's ``NB_PART`` (not exported) is 0;
* ``HEBERGE_ELEVE`` of a legal representative or person in charge, absent from old-generation
  exports, is ``false``; ``ADHESION_TRANSPORT`` and ``DOUBLEMENT`` absent are ``false``;
* a current pupil whose previous school has no UAI in the export (known by its département
  only) gets no ``ETABLISSEMENT_AN_DERNIER``: a note asks for it, and ``push`` refuses the pupil
  until it is completed;
* ``ENFANT_A_CHARGE`` (not exported) is 1 for a legal representative: the value SIECLE itself
  applies when it is missing (anomaly ``NBENF_F_03``).

A mandatory value the exports do not hold (a person's civility, a pupil's régime...) is left empty:
``push`` then refuses the record by name, so that it is completed in the software, never invented;
so is the MEF of a pupil the export places in a division (or gives options) without a MEF.

Nothing is taken from exports that do not say which school and year they are of, or that are not
of one piece (:mod:`.export_audit`: a pupil or an INE twice, an empty record...). Every pupil,
person, link, option, grant and address read is then in the school, or left out with a note naming
it (a link to a pupil absent from the Élèves export, an address nobody uses...); the counts are
checked (:attr:`Takeover.read`, :attr:`Takeover.left_out`, :func:`school_counts`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CountMismatch, UnusableInput
from ..identifiers import school_problem
from ..io.reader import open_document
from ..models import eleves as ex
from ..models import import_eleves as im
from ..models import responsables as rx
from ..models.adresse import Adresse as ExportAdresse
from ..plugin.adapter import IneUpdate, School
from .export_audit import ExportAudit

__all__ = ["Takeover", "ine_updates", "read_exports", "school_counts"]

_CIVILITES = {"M.": "1", "M": "1", "MONSIEUR": "1", "MME": "2", "MADAME": "2"}


@dataclass
class Takeover:
    """The outcome of reading exports: the school and what was completed by default."""

    school: School
    notes: list[str] = field(default_factory=list)
    #: records read from the exports, per kind (for the count check)
    read: dict[str, int] = field(default_factory=dict)
    #: records read but not in the school, per kind (each named in a note)
    left_out: Counter[str] = field(default_factory=Counter)
    #: addresses of the exports given to a pupil or a person
    used_addresses: int = 0


def _given(value: str | None) -> str | None:
    return value if value not in (None, "") and not (value or "").isspace() else None


def _address(source: ExportAdresse | None) -> im.Adresse | None:
    if source is None:
        return None
    country = _given(source.code_pays) or "100"
    return im.Adresse(
        ligne1_adresse=_given(source.ligne1_adresse),
        ligne2_adresse=_given(source.ligne2_adresse),
        ligne3_adresse=_given(source.ligne3_adresse),
        ligne4_adresse=_given(source.ligne4_adresse),
        code_postal=_given(source.code_postal),
        ll_postal=_given(source.libelle_postal),
        commune_etrangere=_given(source.commune_etrangere),
        code_pays=country,
    )


class _Ids:
    """Private ids: keep those SIECLE echoes, give the next free one to the others."""

    def __init__(self, taken: Iterable[str | None]) -> None:
        numbers = [int(v) for v in taken if v and v.isdigit()]
        self._next = max(numbers, default=0) + 1
        self.assigned = 0

    def get(self, current: str | None) -> str:
        if current and current.isdigit():
            return str(int(current))
        value = self._next
        self._next += 1
        self.assigned += 1
        return str(value)


def _person(
    p: rx.Personne, address: im.Adresse | None, ids: _Ids, legal: bool, notes: list[str]
) -> im.Personne:
    civilite = _CIVILITES.get((p.lc_civilite or p.ll_civilite or "").strip().upper(), "")
    person = im.Personne(
        id_prv_per=ids.get(p.id_prv_per),
        code_civilite=civilite,
        nom_de_famille=p.family_name or "",
        nom_usage=_given(p.nom_usage),
        prenom=p.prenom or "",
        adresse=address,
        communication_adresse=p.communication_adresse
        if isinstance(p.communication_adresse, bool)
        else None,
        code_profession=_given(p.code_profession) or "99",
        tel_personnel=_given(p.tel_personnel),
        tel_professionnel=_given(p.tel_professionnel),
        tel_portable=_given(p.tel_portable),
        accepte_sms=p.accepte_sms if isinstance(p.accepte_sms, bool) else None,
        email=_given(p.mel),
        enfant_a_charge=1 if legal else None,
        personne_id=p.personne_id,
    )
    if not civilite:
        notes.append(f"{person.label} : civilité absente de l'export, à compléter.")
    return person


def _flag(value: object, default: bool | None) -> bool | None:
    return value if isinstance(value, bool) else default


def _link(link: rx.ResponsableEleve, id_prv_per: str) -> tuple[str, im.Lien]:
    level = link.level
    code = link.parente_code_2 or ""
    pays = _flag(link.paie_frais_scolaires, None)
    if pays is None:
        pays = _flag(link.resp_financier, None)
    if level == 1:
        return "LEGAL", im.Lien(
            id_prv_per=id_prv_per,
            code_parente=code,
            paie_frais_scolaires=pays,
            heberge_eleve=_flag(link.heberge_eleve, False),
            percoit_les_aides=_flag(link.percoit_les_aides, _flag(link.pers_paiement, None)),
            a_contacter_en_priorite=_flag(link.a_contacter_en_priorite, None),
        )
    if level == 2:
        return "PERSONNE_EN_CHARGE", im.Lien(
            id_prv_per=id_prv_per,
            code_parente=code,
            paie_frais_scolaires=pays,
            heberge_eleve=_flag(link.heberge_eleve, False),
            a_contacter_en_priorite=_flag(link.a_contacter_en_priorite, None),
        )
    return "CONTACT", im.Lien(id_prv_per=id_prv_per, code_parente=code)


@dataclass
class _Exports:
    uai: str | None = None
    year: str | None = None
    pupils: list[ex.Eleve] = field(default_factory=list)
    options: dict[str, list[ex.OptionEleve]] = field(default_factory=lambda: defaultdict(list))
    divisions: dict[str, str] = field(default_factory=dict)
    bourses: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    pupil_addresses: dict[str, ExportAdresse] = field(default_factory=dict)
    persons: dict[str, rx.Personne] = field(default_factory=dict)
    links: dict[str, list[rx.ResponsableEleve]] = field(default_factory=lambda: defaultdict(list))
    person_addresses: dict[str, ExportAdresse] = field(default_factory=dict)
    first_day: dt.date | None = None
    audit: ExportAudit = field(default_factory=ExportAudit)
    #: records read per kind (``eleves``, ``personnes``, ``liens``, ``options``, ``bourses``,
    #: ``adresses``), to account for each one
    read: Counter[str] = field(default_factory=Counter)
    responsables_read: bool = False


def _read_eleves(path: Path, into: _Exports) -> None:
    with open_document(path) as doc:
        if doc.kind != "eleves":
            raise UnusableInput(f"{path} n'est pas un export Élèves ({doc.format.title}).")
        into.uai, into.year = _school_of(path, doc.uai, doc.school_year)
        into.audit.begin("eleves", path)
        for block, record in doc.typed():
            into.audit.record(block, record)
            if isinstance(record, ex.Eleve):
                into.read["eleves"] += 1
                into.pupils.append(record)
            elif isinstance(record, ex.OptionsEleve) and record.eleve_id:
                into.read["options"] += len(record.options_eleve or [])
                into.options[record.eleve_id].extend(record.options_eleve or [])
            elif isinstance(record, ex.StructuresEleve) and record.eleve_id:
                division = record.division
                if division:
                    into.divisions[record.eleve_id] = division
            elif isinstance(record, ex.BourseEleve) and record.eleve_id:
                into.read["bourses"] += len(record.code_bourse or [])
                into.bourses[record.eleve_id].extend(record.code_bourse or [])
            elif isinstance(record, ExportAdresse):
                into.read["adresses"] += 1
                if record.adresse_id:
                    into.pupil_addresses[record.adresse_id] = record


def _read_responsables(path: Path, into: _Exports) -> None:
    with open_document(path) as doc:
        if doc.kind != "responsables":
            raise UnusableInput(f"{path} n'est pas un export Responsables ({doc.format.title}).")
        _school_of(path, doc.uai, doc.school_year)
        _same_school(path, doc.uai, doc.school_year, into)
        into.responsables_read = True
        into.audit.begin("responsables", path)
        for block, record in doc.typed():
            into.audit.record(block, record)
            if isinstance(record, rx.Personne):
                into.read["personnes"] += 1
                if record.personne_id:
                    into.persons[record.personne_id] = record
            elif isinstance(record, rx.ResponsableEleve):
                into.read["liens"] += 1
                if record.eleve_id:
                    into.links[record.eleve_id].append(record)
            elif isinstance(record, ExportAdresse):
                into.read["adresses"] += 1
                if record.adresse_id:
                    into.person_addresses[record.adresse_id] = record


def _school_of(path: Path, uai: str | None, year: str | None) -> tuple[str, str]:
    """The UAI and school year of an export's header, refused when absent or impossible: data
    of an unknown school are never taken in."""
    problem = school_problem(uai, year)
    if problem is not None:
        raise UnusableInput(
            f"{path} : {problem}. Ce fichier ne dit pas de quel établissement ou de quelle année "
            "il vient : rien n'en a été importé. Refaites l'export depuis SIECLE, sans le modifier."
        )
    return uai or "", year or ""


def _same_school(path: Path, uai: str | None, year: str | None, into: _Exports) -> None:
    if into.uai and uai and uai != into.uai:
        raise UnusableInput(
            f"{path} concerne l'établissement {uai}, l'export Élèves "
            f"l'établissement {into.uai} : fichiers incompatibles."
        )
    if into.year and year and year != into.year:
        raise UnusableInput(
            f"{path} est de l'année scolaire {year}, l'export Élèves de "
            f"l'année {into.year} : fichiers incompatibles."
        )


def read_exports(
    eleves: Path, responsables: Path | None = None, communs: Path | None = None
) -> Takeover:
    """Turn SIECLE's Élèves (and Responsables, Communs) exports into a school to store."""
    data = _Exports()
    _read_eleves(eleves, data)
    if responsables is not None:
        _read_responsables(responsables, data)
    audit = data.audit.result(with_responsables=data.responsables_read)
    if not audit.consistent:
        raise UnusableInput(
            f"Les exports ne sont pas d'un seul tenant ({len(audit.faults)} incohérence(s)) : "
            f"{audit.describe(faults_only=True)}. Rien n'a été importé : refaites les exports "
            "depuis SIECLE, sans les modifier ni les assembler."
        )
    if communs is not None:
        from ..models.communs import Communs

        loaded = Communs.load(communs)
        data.first_day = loaded.school_year_start
    taken = _build(data)
    taken.notes += audit.notes
    _account(data, taken)
    return taken


def school_counts(school: School) -> Counter[str]:
    """Records a school holds per kind, as :func:`read_exports` counts what it read."""
    counts: Counter[str] = Counter(eleves=len(school.pupils), personnes=len(school.persons))
    for pupil in school.pupils:
        counts["liens"] += len(pupil.links())
        if pupil.scolarite_active is not None:
            counts["options"] += len(pupil.scolarite_active.options)
        counts["bourses"] += len(pupil.bourses or [])
    return counts


def _account(data: _Exports, taken: Takeover) -> None:
    """Every record read is in the school, or left out with a note: else a defect of ours."""
    kept = school_counts(taken.school)
    kept["adresses"] = taken.used_addresses
    for kind, count in data.read.items():
        expected = count - taken.left_out[kind]
        if kept[kind] != expected:
            raise CountMismatch(
                f"{count} {kind} lus dans les exports, {taken.left_out[kind]} laissés de côté "
                f"avec une note, mais {kept[kind]} repris au lieu de {expected} : rien n'a été "
                "importé (défaut de siecle-sdk, à signaler)."
            )


def _build(data: _Exports) -> Takeover:
    notes: list[str] = []
    left_out: Counter[str] = Counter()
    year = data.year or ""
    first_day = data.first_day or (dt.date(int(year), 9, 1) if year.isdigit() else None)
    person_ids = _Ids(p.id_prv_per for p in data.persons.values())
    legal_ids = {
        link.personne_id for links in data.links.values() for link in links if link.level == 1
    }
    persons: dict[str, im.Personne] = {}
    for personne_id, exported in data.persons.items():
        address = _address(data.person_addresses.get(exported.adresse_id or ""))
        persons[personne_id] = _person(
            exported, address, person_ids, personne_id in legal_ids, notes
        )
    if person_ids.assigned:
        notes.append(
            f"{person_ids.assigned} responsable(s) sans identifiant privé : identifiant attribué."
        )
    pupil_ids = _Ids(p.id_prv_ele for p in data.pupils)
    pupils: list[im.Eleve] = []
    parts_defaulted = 0
    for source in data.pupils:
        pupil, defaulted = _pupil(source, data, persons, pupil_ids, first_day, notes)
        parts_defaulted += defaulted
        pupils.append(pupil)
    if pupil_ids.assigned:
        notes.append(
            f"{pupil_ids.assigned} élève(s) sans identifiant privé : identifiant attribué."
        )
    if parts_defaulted:
        notes.append(
            f"{parts_defaulted} bourse(s) sans nombre de parts dans l'export : 0 "
            "retenu, à compléter."
        )
    school = School(
        uai=data.uai or "", school_year=year, persons=list(persons.values()), pupils=pupils
    )
    known = {p.eleve_id for p in data.pupils}
    for eleve_id, links in data.links.items():
        if eleve_id not in known:
            left_out["liens"] += len(links)
    for eleve_id, options in data.options.items():
        if eleve_id not in known:
            left_out["options"] += len(options)
    for eleve_id, codes in data.bourses.items():
        if eleve_id not in known:
            left_out["bourses"] += len(codes)
        else:
            left_out["bourses"] += len(codes) - len(set(codes))
    for source in data.pupils:
        for link in data.links.get(source.eleve_id or "", []):
            if (link.personne_id or "") not in persons:
                left_out["liens"] += 1
    used = {p.adresse_id for p in data.pupils if p.adresse_id in data.pupil_addresses}
    used_persons = {
        p.adresse_id for p in data.persons.values() if p.adresse_id in data.person_addresses
    }
    left_out["adresses"] = (
        len(data.pupil_addresses) - len(used) + len(data.person_addresses) - len(used_persons)
    )
    read = {"eleves": 0, "personnes": 0, "liens": 0, **data.read}
    return Takeover(school, notes, read, left_out, len(used) + len(used_persons))


def _pupil(
    source: ex.Eleve,
    data: _Exports,
    persons: dict[str, im.Personne],
    ids: _Ids,
    first_day: dt.date | None,
    notes: list[str],
) -> tuple[im.Eleve, int]:
    key = source.eleve_id or ""
    roles: dict[str, list[im.Lien]] = {"LEGAL": [], "PERSONNE_EN_CHARGE": [], "CONTACT": []}
    for link in data.links.get(key, []):
        person = persons.get(link.personne_id or "")
        if person is None:  # noted by the audit of the exports
            continue
        role, lien = _link(link, person.id_prv_per)
        roles[role].append(lien)
    responsables = im.ResponsablesEleve(
        legal=roles["LEGAL"],
        personne_en_charge=roles["PERSONNE_EN_CHARGE"],
        contact=roles["CONTACT"],
    )
    options = sorted(
        data.options.get(key, []),
        key=lambda o: o.num_option if isinstance(o.num_option, int) else 99,
    )
    scolarite = None
    division = data.divisions.get(key)
    if _given(source.code_mef) or division or options:
        if not _given(source.code_mef):
            notes.append(
                f"élève ELEVE_ID={key} ({source.family_name} {source.prenom}) : "
                f"{'division ' + division if division else 'options'} sans MEF dans l'export : "
                "gardées, MEF à compléter dans le logiciel avant l'envoi."
            )
        entry = source.date_entree if isinstance(source.date_entree, dt.date) else None
        scolarite = im.ScolariteActive(
            code_mef=source.code_mef or "",
            code_division=division,
            code_statut=_given(source.code_statut) or "ST",
            date_deb_sco=first_day or entry or "",
            options=[
                im.OptionEleve(
                    code_matiere=o.code_matiere or "",
                    code_modalite_elect=o.code_modalite_elect or "",
                )
                for o in options
            ],
        )
    previous = None
    before = source.scolarite_an_dernier
    if before is not None and _given(before.code_rne):
        previous = im.EtablissementAnDernier(
            code_rne=_given(before.code_rne),
            code_provenance=_given(source.code_provenance) or "",
            code_mef=_given(before.code_mef),
            code_division=_given(before.code_structure),
        )
    elif source.date_sortie in (None, ""):
        notes.append(
            f"élève ELEVE_ID={key} ({source.family_name} {source.prenom}) : établissement de "
            "l'an dernier absent de l'export (UAI inconnue), à compléter dans le logiciel avant "
            "l'envoi."
        )
    codes = data.bourses.get(key, [])
    if len(set(codes)) != len(codes):
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        notes.append(
            f"élève ELEVE_ID={key} ({source.family_name} {source.prenom}) : code(s) bourse "
            f"{', '.join(repeated)} répété(s) dans l'export, gardé(s) une fois."
        )
    pupil = im.Eleve(
        code_motif_sortie=_given(source.code_motif_sortie),
        date_sortie=source.date_sortie if isinstance(source.date_sortie, dt.date) else None,
        id_prv_ele=ids.get(source.id_prv_ele),
        id_national=_given(source.id_national),
        ine_bea=_given(source.ine_bea),
        ine_rnie=_given(source.ine_rnie),
        nom_de_famille=source.family_name or "",
        nom_usage=_given(source.nom_usage),
        prenom=source.prenom or "",
        prenom2=_given(source.prenom2),
        prenom3=_given(source.prenom3),
        code_pays_nat=_given(source.code_pays_nat),
        date_naiss=source.date_naiss if isinstance(source.date_naiss, dt.date) else "",
        code_sexe=_given(source.code_sexe),
        code_pays=_given(source.code_pays) or "",
        code_commune_insee_naiss=_given(source.code_commune_insee_naiss),
        ville_naiss=None if _given(source.code_commune_insee_naiss) else _given(source.ville_naiss),
        date_entree=source.date_entree if isinstance(source.date_entree, dt.date) else None,
        adresse=_address(data.pupil_addresses.get(source.adresse_id or "")),
        tel_personnel=_given(source.tel_personnel),
        tel_professionnel=_given(source.tel_professionnel),
        tel_portable=_given(source.tel_portable),
        accepte_sms=_flag(source.accepte_sms, None),
        email=_given(source.mel),
        adhesion_transport=_flag(source.adhesion_transport, False),
        code_regime=_given(source.code_regime) or "",
        doublement=_flag(source.doublement, False),
        bourses=[im.Bourse(code_bourse=c, nb_part=0) for c in dict.fromkeys(codes)] or None,
        responsables_eleve=responsables if responsables.links() else None,
        scolarite_active=scolarite,
        etablissement_an_dernier=previous,
        eleve_id=source.eleve_id,
    )
    return pupil, len(set(codes))


def ine_updates(eleves: Path) -> tuple[str, str, list[IneUpdate]]:
    """The school, year and national ids of every pupil of an Élèves export (for
    ``pull --ine-only``); an export without a valid school and year, or not of one piece (a
    pupil twice, an INE given to two pupils...), is refused."""
    updates: list[IneUpdate] = []
    audit = ExportAudit()
    with open_document(eleves) as doc:
        if doc.kind != "eleves":
            raise UnusableInput(
                f"{eleves} n'est pas un export Élèves ({doc.format.title}) : "
                "les INE n'arrivent que par l'export Élèves."
            )
        uai, year = _school_of(eleves, doc.uai, doc.school_year)
        audit.begin("eleves", eleves)
        for block, record in doc.typed():
            audit.record(block, record)
            if isinstance(record, ex.Eleve):
                updates.append(
                    IneUpdate(
                        eleve_id=record.eleve_id,
                        id_prv_ele=_given(record.id_prv_ele),
                        id_national=_given(record.id_national),
                        ine_bea=_given(record.ine_bea),
                        ine_rnie=_given(record.ine_rnie),
                        nom=record.family_name or "",
                        prenom=record.prenom or "",
                        date_naiss=record.date_naiss
                        if isinstance(record.date_naiss, dt.date)
                        else None,
                    )
                )
    found = audit.result()
    if not found.consistent:
        raise UnusableInput(
            f"{eleves} n'est pas d'un seul tenant ({len(found.faults)} incohérence(s)) : "
            f"{found.describe(faults_only=True)}. Aucun INE n'a été reporté : refaites l'export "
            "depuis SIECLE, sans le modifier."
        )
    return uai, year, updates
