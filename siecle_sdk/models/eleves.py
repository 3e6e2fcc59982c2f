"""Records of the Élèves export (``BEE_ELEVES``, "sans" and "avec adresses").

Blocks: ``ELEVES/ELEVE``, ``OPTIONS/OPTION``, ``STRUCTURES/STRUCTURES_ELEVE``, ``BOURSES/BOURSE``
and, in the "avec adresses" variant, ``ADRESSES/ADRESSE`` (:class:`~.adresse.Adresse`).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from ._base import Count, Date, Flag, Record
from .adresse import Adresse

__all__ = [
    "Adresse",
    "BourseEleve",
    "Eleve",
    "OptionEleve",
    "OptionsEleve",
    "ScolariteAnDernier",
    "Structure",
    "StructuresEleve",
]


class ScolariteAnDernier(Record):
    """``ELEVE/SCOLARITE_AN_DERNIER``: the pupil's previous year and school."""

    TAG: ClassVar[str] = "SCOLARITE_AN_DERNIER"

    code_mef: str | None = Field(None, alias="CODE_MEF")
    code_structure: str | None = Field(None, alias="CODE_STRUCTURE")
    code_rne: str | None = Field(None, alias="CODE_RNE")
    code_nature: str | None = Field(None, alias="CODE_NATURE")
    sigle: str | None = Field(None, alias="SIGLE")
    denom_princ: str | None = Field(None, alias="DENOM_PRINC")
    denom_compl: str | None = Field(None, alias="DENOM_COMPL")
    ligne1_adresse: str | None = Field(None, alias="LIGNE1_ADRESSE")
    ligne2_adresse: str | None = Field(None, alias="LIGNE2_ADRESSE")
    ligne3_adresse: str | None = Field(None, alias="LIGNE3_ADRESSE")
    ligne4_adresse: str | None = Field(None, alias="LIGNE4_ADRESSE")
    boite_postale: str | None = Field(None, alias="BOITE_POSTALE")
    commune_etrangere: str | None = Field(None, alias="COMMUNE_ETRANGERE")
    mel: str | None = Field(None, alias="MEL")
    telephone: str | None = Field(None, alias="TELEPHONE")
    code_commune_insee: str | None = Field(None, alias="CODE_COMMUNE_INSEE")
    ll_commune_insee: str | None = Field(None, alias="LL_COMMUNE_INSEE")


class Eleve(Record):
    """``ELEVES/ELEVE``: a pupil, leavers included (they keep ``DATE_SORTIE``)."""

    TAG: ClassVar[str] = "ELEVE"

    eleve_id: str | None = Field(None, alias="@ELEVE_ID")
    elenoet_attr: str | None = Field(None, alias="@ELENOET")
    id_national: str | None = Field(None, alias="ID_NATIONAL")
    ine_bea: str | None = Field(None, alias="INE_BEA")
    ine_rnie: str | None = Field(None, alias="INE_RNIE")
    elenoet: str | None = Field(None, alias="ELENOET")
    id_eleve_etab: str | None = Field(None, alias="ID_ELEVE_ETAB")
    id_prv_ele: str | None = Field(None, alias="ID_PRV_ELE")
    #: family name in files before summer 2016
    nom: str | None = Field(None, alias="NOM")
    nom_de_famille: str | None = Field(None, alias="NOM_DE_FAMILLE")
    nom_usage: str | None = Field(None, alias="NOM_USAGE")
    prenom: str | None = Field(None, alias="PRENOM")
    prenom2: str | None = Field(None, alias="PRENOM2")
    prenom3: str | None = Field(None, alias="PRENOM3")
    date_naiss: Date | None = Field(None, alias="DATE_NAISS")
    doublement: Flag | None = Field(None, alias="DOUBLEMENT")
    tel_professionnel: str | None = Field(None, alias="TEL_PROFESSIONNEL")
    code_pays: str | None = Field(None, alias="CODE_PAYS")
    accepte_sms: Flag | None = Field(None, alias="ACCEPTE_SMS")
    date_modification: Date | None = Field(None, alias="DATE_MODIFICATION")
    date_sortie: Date | None = Field(None, alias="DATE_SORTIE")
    mel: str | None = Field(None, alias="MEL")
    code_regime: str | None = Field(None, alias="CODE_REGIME")
    date_entree: Date | None = Field(None, alias="DATE_ENTREE")
    ville_naiss: str | None = Field(None, alias="VILLE_NAISS")
    adresse_id: str | None = Field(None, alias="ADRESSE_ID")
    code_motif_sortie: str | None = Field(None, alias="CODE_MOTIF_SORTIE")
    tel_personnel: str | None = Field(None, alias="TEL_PERSONNEL")
    code_sexe: str | None = Field(None, alias="CODE_SEXE")
    tel_portable: str | None = Field(None, alias="TEL_PORTABLE")
    code_pays_nat: str | None = Field(None, alias="CODE_PAYS_NAT")
    code_statut: str | None = Field(None, alias="CODE_STATUT")
    code_mef: str | None = Field(None, alias="CODE_MEF")
    code_departement_naiss: str | None = Field(None, alias="CODE_DEPARTEMENT_NAISS")
    code_commune_insee_naiss: str | None = Field(None, alias="CODE_COMMUNE_INSEE_NAISS")
    adhesion_transport: Flag | None = Field(None, alias="ADHESION_TRANSPORT")
    code_provenance: str | None = Field(None, alias="CODE_PROVENANCE")
    scolarite_an_dernier: ScolariteAnDernier | None = Field(None, alias="SCOLARITE_AN_DERNIER")

    @property
    def family_name(self) -> str | None:
        """``NOM_DE_FAMILLE``, or the legacy ``NOM`` of files before 2016."""
        return self.nom_de_famille if self.nom_de_famille is not None else self.nom

    @property
    def is_leaver(self) -> bool:
        """Whether the pupil has left the school (``DATE_SORTIE`` set)."""
        return bool(self.date_sortie)


class OptionEleve(Record):
    """``OPTION/OPTIONS_ELEVE``: one option subject of a pupil."""

    TAG: ClassVar[str] = "OPTIONS_ELEVE"

    num_option: Count | None = Field(None, alias="NUM_OPTION")
    code_modalite_elect: str | None = Field(None, alias="CODE_MODALITE_ELECT")
    code_matiere: str | None = Field(None, alias="CODE_MATIERE")


class OptionsEleve(Record):
    """``OPTIONS/OPTION``: the per-pupil wrapper of the pupil's option rows."""

    TAG: ClassVar[str] = "OPTION"

    eleve_id: str | None = Field(None, alias="@ELEVE_ID")
    elenoet: str | None = Field(None, alias="@ELENOET")
    options_eleve: list[OptionEleve] | None = Field(None, alias="OPTIONS_ELEVE")


class Structure(Record):
    """``STRUCTURES_ELEVE/STRUCTURE``: a division (``D``) or group (``G``) of a pupil."""

    TAG: ClassVar[str] = "STRUCTURE"

    code_structure: str | None = Field(None, alias="CODE_STRUCTURE")
    type_structure: str | None = Field(None, alias="TYPE_STRUCTURE")


class StructuresEleve(Record):
    """``STRUCTURES/STRUCTURES_ELEVE``: the structures of one pupil, division not always first."""

    TAG: ClassVar[str] = "STRUCTURES_ELEVE"

    eleve_id: str | None = Field(None, alias="@ELEVE_ID")
    elenoet: str | None = Field(None, alias="@ELENOET")
    structure: list[Structure] | None = Field(None, alias="STRUCTURE")

    @property
    def division(self) -> str | None:
        """Code of the pupil's division (the ``D`` row, wherever it is)."""
        for row in self.structure or ():
            if (row.type_structure or "").strip() == "D":
                return row.code_structure
        return None

    @property
    def groupes(self) -> list[str]:
        """Codes of the pupil's groups."""
        return [
            row.code_structure or ""
            for row in self.structure or ()
            if (row.type_structure or "").strip() == "G"
        ]


class BourseEleve(Record):
    """``BOURSES/BOURSE``: the grant codes of one pupil."""

    TAG: ClassVar[str] = "BOURSE"

    eleve_id: str | None = Field(None, alias="@ELEVE_ID")
    elenoet: str | None = Field(None, alias="@ELENOET")
    code_bourse: list[str] | None = Field(None, alias="CODE_BOURSE")
