"""The INE return: which pupil of the software each pupil of SIECLE's Élèves export is.

SIECLE gives the national ids (INE) back through its Élèves export only; the software must take
them "INE only", without touching anything else (workflow §9). Writing an INE to the wrong pupil
is worse than not writing it, so the export is first checked to be of the school and year of the
software's data, then each exported pupil is matched as SIECLE matches (§8–§9): on the private
id it echoes (``ID_PRV_ELE``), else on SIECLE's id once stored (``ELEVE_ID``), else on the INE,
and the pupil found must have the same identity — family or usage name, first name, birth date.
When no id finds the pupil, the identity alone finds it, if it designates one pupil only.

The adapter then receives only matched updates, carrying the ids of the software's pupils.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import UnusableInput
from ..models.import_eleves import Eleve
from ..plugin.adapter import IneUpdate, School
from ..rules.reconcile import normalise, private_key

__all__ = ["IneMatching", "check_same_school", "match_updates"]


@dataclass
class IneMatching:
    """The exported pupils matched with the software's."""

    #: one per matched pupil, with the software pupil's ids (for the adapter)
    updates: list[IneUpdate] = field(default_factory=list)
    #: exported pupils that match nobody (labels)
    not_found: list[str] = field(default_factory=list)
    #: exported pupils whose id designates a pupil of another identity, or whose identity
    #: designates several pupils: no INE is written for them (French sentences)
    refused: list[str] = field(default_factory=list)


def check_same_school(export: str, uai: str, year: str, school: School) -> None:
    """Refuse an Élèves export of another school or year than the software's data."""
    if school.uai and school.uai != uai:
        raise UnusableInput(
            f"{export} est l'export de l'établissement {uai}, les données du logiciel sont "
            f"celles de l'établissement {school.uai} : aucun INE n'a été reporté. Utilisez "
            "l'export Élèves de votre établissement."
        )
    if school.school_year and school.school_year != year:
        raise UnusableInput(
            f"{export} est de l'année scolaire {year}, les données du logiciel de l'année "
            f"{school.school_year} : aucun INE n'a été reporté. Utilisez l'export Élèves de "
            "la même année, ou importez d'abord cette année dans le logiciel (siecle pull)."
        )


def _identity(nom: str, prenom: str, birth: dt.date | None) -> tuple[str, str, dt.date | None]:
    return normalise(nom), normalise(prenom), birth


def _same_person(update: IneUpdate, pupil: Eleve) -> bool:
    """Whether the software's pupil is the exported one: same family (or usage) name, first
    name and birth date, as SIECLE compares them."""
    name, first, birth = _identity(update.nom, update.prenom, update.date_naiss)
    names = {normalise(pupil.nom_de_famille), normalise(pupil.nom_usage)} - {""}
    stored_birth = pupil.date_naiss if isinstance(pupil.date_naiss, dt.date) else None
    return (
        name in names
        and first == normalise(pupil.prenom)
        and (birth is None or stored_birth is None or birth == stored_birth)
    )


def _label(pupil: Eleve) -> str:
    birth = pupil.date_naiss
    born = f", né(e) le {birth:%d/%m/%Y}" if isinstance(birth, dt.date) else ""
    return f"{pupil.nom_de_famille} {pupil.prenom}{born}"


def match_updates(updates: Iterable[IneUpdate], pupils: Iterable[Eleve]) -> IneMatching:
    """Match every exported pupil with a pupil of the software (see the module docstring)."""
    stored = list(pupils)
    by_private: dict[str, int] = {}
    by_siecle: dict[str, int] = {}
    by_ine: dict[str, int] = {}
    by_identity: dict[tuple[str, str, dt.date | None], set[int]] = {}
    for index, pupil in enumerate(stored):
        key = private_key(pupil.id_prv_ele)
        if key:
            by_private.setdefault(key, index)
        if pupil.eleve_id:
            by_siecle.setdefault(pupil.eleve_id, index)
        for ine in (pupil.id_national, pupil.ine_bea, pupil.ine_rnie):
            if ine:
                by_ine.setdefault(ine, index)
        birth = pupil.date_naiss if isinstance(pupil.date_naiss, dt.date) else None
        for name in {pupil.nom_de_famille, pupil.nom_usage or ""} - {""}:
            by_identity.setdefault(_identity(name, pupil.prenom, birth), set()).add(index)
    result = IneMatching()
    taken: dict[int, str] = {}
    for update in updates:
        position: int | None = _find(update, by_private, by_siecle, by_ine)
        if position is not None and not _same_person(update, stored[position]):
            result.refused.append(
                f"{update.label} : son identifiant désigne dans le logiciel un autre élève "
                f"({_label(stored[position])}) ; INE non reporté, vérifiez ces deux fiches"
            )
            continue
        if position is None:
            found = sorted(
                by_identity.get(_identity(update.nom, update.prenom, update.date_naiss), ())
            )
            if len(found) > 1:
                result.refused.append(
                    f"{update.label} : {len(found)} élèves du logiciel ont ces nom, prénom et "
                    "date de naissance ; INE non reporté, complétez N° d'élève ou N° SIECLE"
                )
                continue
            position = found[0] if found else None
        if position is None:
            result.not_found.append(update.label)
            continue
        if position in taken:
            result.refused.append(
                f"{update.label} : l'élève du logiciel {_label(stored[position])} est déjà "
                f"celui de {taken[position]} ; INE non reporté"
            )
            continue
        taken[position] = update.label
        pupil = stored[position]
        result.updates.append(
            dataclasses.replace(update, id_prv_ele=pupil.id_prv_ele, eleve_id=pupil.eleve_id)
        )
    return result


def _find(
    update: IneUpdate,
    by_private: dict[str, int],
    by_siecle: dict[str, int],
    by_ine: dict[str, int],
) -> int | None:
    """The software pupil designated by the first id of the export that finds one: private id,
    then SIECLE's id, then an INE."""
    key = private_key(update.id_prv_ele)
    if key and key in by_private:
        return by_private[key]
    if update.eleve_id and update.eleve_id in by_siecle:
        return by_siecle[update.eleve_id]
    for ine in (update.id_national, update.ine_bea, update.ine_rnie):
        if ine and ine in by_ine:
            return by_ine[ine]
    return None
