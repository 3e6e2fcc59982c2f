"""Models of the "import du privé" file (root ``IMPORT_ELEVES``), schema versions 2.0, 3.0 and 3.1.

One superset model set covers the three versions: a field that a version does not have is simply
``None`` (``FINANCIER`` is 3.0, ``PAIE_FRAIS_SCOLAIRES`` and ``A_CONTACTER_EN_PRIORITE`` are 3.1,
``LEGAL1``/``LEGAL2`` are 2.0). Fields follow the XSD order; dates are ``yyyy-mm-dd`` and booleans
``true``/``false``, except ``PARAMETRES/DATE_IMPORT`` which is ``dd/mm/yyyy`` (so
:class:`Parametres` alone writes its dates in the French style).

SDK-only fields. ``Eleve.eleve_id`` and ``Personne.personne_id`` hold the SIECLE internal ids a
vendor may keep; SIECLE refuses them in this file, so they are never written nor read as XML: the
models list them in the ``NOT_XML`` class variable and :class:`ImportRecord` drops them from the
element plan the base class builds (``to_node`` skips them; an ``ELEVE_ID`` element met while
reading is kept in ``unknown`` like any other element the format does not have).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field

from ._base import Container, Count, Date, Flag, Record, Text

__all__ = [
    "PARENTE_NEW_TO_OLD",
    "PARENTE_OLD_TO_NEW",
    "Adresse",
    "Bourse",
    "Eleve",
    "EtablissementAnDernier",
    "Id",
    "ImportRecord",
    "Lien",
    "OptionEleve",
    "Parametres",
    "Personne",
    "ResponsablesEleve",
    "ScolariteActive",
]


def _id_text(value: Any) -> Any:
    """Accept an ``int`` where the file has digits (ids, year, send number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


#: digits kept as text (``ID_PRV_ELE``, ``ID_PRV_PER``, ``NUM_ENVOI``, ``ANNEE_SCOLAIRE``)
Id = Annotated[str, BeforeValidator(_id_text)]

#: 1-character ``CODE_PARENTE`` of schema 2.0 -> 2-character code of the 3.x schemas
PARENTE_OLD_TO_NEW: dict[str, str] = {
    "1": "20",
    "2": "10",
    "3": "50",
    "4": "39",
    "5": "51",
    "6": "90",
    "7": "70",
}
#: 2-character code -> 1-character 2.0 code. The old list has no ascendant, sibling, educator or
#: foster-carer entry: ascendant (38) and sibling (37) are family members (4 "autre membre de la
#: famille"); educator (41) and foster carer (42) are not family (6 "autre cas").
PARENTE_NEW_TO_OLD: dict[str, str] = {
    **{new: old for old, new in PARENTE_OLD_TO_NEW.items()},
    "38": "4",
    "37": "4",
    "41": "6",
    "42": "6",
}


def _given(value: Any) -> bool:
    return value is not None and value != ""


class ImportRecord(Record):
    """Base of the import-file records: ISO dates, ``true``/``false`` flags, SDK-only fields."""

    DATE_STYLE: ClassVar[str] = "iso"
    FLAG_STYLE: ClassVar[str] = "truefalse"
    #: fields that are not elements of the file (never written, never read from XML)
    NOT_XML: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        if cls.NOT_XML:
            cls._plan = {
                tag: slot for tag, slot in cls._plan.items() if slot.name not in cls.NOT_XML
            }
            cls._attr_plan = {
                tag: slot for tag, slot in cls._attr_plan.items() if slot.name not in cls.NOT_XML
            }


class Parametres(ImportRecord):
    """``PARAMETRES``: the school, the year, the send. ``DATE_IMPORT`` is written dd/mm/yyyy."""

    TAG: ClassVar[str] = "PARAMETRES"
    DATE_STYLE: ClassVar[str] = "fr"

    uaj: Text = Field(alias="UAJ")
    annee_scolaire: Id = Field(alias="ANNEE_SCOLAIRE")
    date_import: Date = Field(alias="DATE_IMPORT")
    num_envoi: Id = Field(alias="NUM_ENVOI")
    logiciel: Text = Field(alias="LOGICIEL")

    @property
    def date_import_text(self) -> str:
        """``DATE_IMPORT`` as the file spells it (``dd/mm/yyyy``)."""
        value = self.date_import
        if isinstance(value, dt.date):
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return value


class Adresse(ImportRecord):
    """``ADRESSE`` of a pupil or a person: postal code + label in France, else a foreign town."""

    TAG: ClassVar[str] = "ADRESSE"

    ligne1_adresse: Text | None = Field(None, alias="LIGNE1_ADRESSE")
    ligne2_adresse: Text | None = Field(None, alias="LIGNE2_ADRESSE")
    ligne3_adresse: Text | None = Field(None, alias="LIGNE3_ADRESSE")
    ligne4_adresse: Text | None = Field(None, alias="LIGNE4_ADRESSE")
    code_postal: Text | None = Field(None, alias="CODE_POSTAL")
    ll_postal: Text | None = Field(None, alias="LL_POSTAL")
    commune_etrangere: Text | None = Field(None, alias="COMMUNE_ETRANGERE")
    code_pays: Text = Field(alias="CODE_PAYS")


class Personne(ImportRecord):
    """``PERSONNE``: a legal representative, person in charge or contact (same in 2.0-3.1)."""

    TAG: ClassVar[str] = "PERSONNE"
    NOT_XML: ClassVar[frozenset[str]] = frozenset({"personne_id"})

    id_prv_per: Id = Field(alias="ID_PRV_PER")
    code_civilite: Text = Field(alias="CODE_CIVILITE")
    nom_de_famille: Text = Field(alias="NOM_DE_FAMILLE")
    nom_usage: Text | None = Field(None, alias="NOM_USAGE")
    prenom: Text = Field(alias="PRENOM")
    adresse: Adresse | None = Field(None, alias="ADRESSE")
    communication_adresse: Flag | None = Field(None, alias="COMMUNICATION_ADRESSE")
    code_profession: Text = Field(alias="CODE_PROFESSION")
    tel_personnel: Text | None = Field(None, alias="TEL_PERSONNEL")
    tel_professionnel: Text | None = Field(None, alias="TEL_PROFESSIONNEL")
    tel_portable: Text | None = Field(None, alias="TEL_PORTABLE")
    accepte_sms: Flag | None = Field(None, alias="ACCEPTE_SMS")
    email: Text | None = Field(None, alias="EMAIL")
    enfant_a_charge: Count | None = Field(None, alias="ENFANT_A_CHARGE")

    #: SIECLE's ``PERSONNE_ID``, kept by vendors; never written (see module docstring)
    personne_id: str | None = None

    @property
    def label(self) -> str:
        """How messages name the person: ``personne ID_PRV_PER=3 (DUPONT Anne)``."""
        return f"personne ID_PRV_PER={self.id_prv_per} ({self.nom_de_famille} {self.prenom})"


class Lien(ImportRecord):
    """One responsable link of a pupil; its role is the element name (``LEGAL``, ``CONTACT``...).

    ``FINANCIER`` (3.0) and ``PAIE_FRAIS_SCOLAIRES`` (3.1) are the same flag under two names:
    writers use :attr:`paie_frais`, whichever is set.
    """

    TAG: ClassVar[str] = "LEGAL"

    id_prv_per: Id = Field(alias="ID_PRV_PER")
    code_parente: Text = Field(alias="CODE_PARENTE")
    financier: Flag | None = Field(None, alias="FINANCIER")
    paie_frais_scolaires: Flag | None = Field(None, alias="PAIE_FRAIS_SCOLAIRES")
    heberge_eleve: Flag | None = Field(None, alias="HEBERGE_ELEVE")
    percoit_les_aides: Flag | None = Field(None, alias="PERCOIT_LES_AIDES")
    a_contacter_en_priorite: Flag | None = Field(None, alias="A_CONTACTER_EN_PRIORITE")

    @property
    def paie_frais(self) -> bool | None:
        """Whether the person pays school fees (3.1 name first, then the 3.0 one)."""
        for value in (self.paie_frais_scolaires, self.financier):
            if isinstance(value, bool):
                return value
        return None

    @property
    def code_parente_3x(self) -> str:
        """``CODE_PARENTE`` on 2 characters (a 2.0 one-character code is translated)."""
        return PARENTE_OLD_TO_NEW.get(self.code_parente, self.code_parente)

    @property
    def code_parente_20(self) -> str:
        """``CODE_PARENTE`` on 1 character for schema 2.0 (see :data:`PARENTE_NEW_TO_OLD`)."""
        return PARENTE_NEW_TO_OLD.get(self.code_parente, self.code_parente)


class ResponsablesEleve(ImportRecord):
    """``RESPONSABLES_ELEVE``: 3.x ``LEGAL`` (1..2), ``PERSONNE_EN_CHARGE``, ``CONTACT``;
    2.0 ``LEGAL1`` + ``LEGAL2``."""

    TAG: ClassVar[str] = "RESPONSABLES_ELEVE"

    legal: list[Lien] = Field(default_factory=list, alias="LEGAL")
    personne_en_charge: list[Lien] = Field(default_factory=list, alias="PERSONNE_EN_CHARGE")
    contact: list[Lien] = Field(default_factory=list, alias="CONTACT")
    legal1: Lien | None = Field(None, alias="LEGAL1")
    legal2: Lien | None = Field(None, alias="LEGAL2")

    def links(self) -> list[tuple[str, Lien]]:
        """Every link as ``(role element name, link)``, in file order."""
        pairs = [("LEGAL", link) for link in self.legal]
        pairs += [("PERSONNE_EN_CHARGE", link) for link in self.personne_en_charge]
        pairs += [("CONTACT", link) for link in self.contact]
        pairs += [
            (role, link)
            for role, link in (("LEGAL1", self.legal1), ("LEGAL2", self.legal2))
            if link is not None
        ]
        return pairs

    def legaux(self) -> list[Lien]:
        """The legal representatives: ``LEGAL`` links, or else ``LEGAL1``/``LEGAL2`` (2.0)."""
        if self.legal:
            return list(self.legal)
        return [link for link in (self.legal1, self.legal2) if link is not None]


class Bourse(ImportRecord):
    """``BOURSE``: a grant code and its number of shares."""

    TAG: ClassVar[str] = "BOURSE"

    code_bourse: Text = Field(alias="CODE_BOURSE")
    nb_part: Count = Field(alias="NB_PART")


class OptionEleve(ImportRecord):
    """``OPTION`` of the active schooling: 6-character matière code and election modality."""

    TAG: ClassVar[str] = "OPTION"

    code_matiere: Text = Field(alias="CODE_MATIERE")
    code_modalite_elect: Text = Field(alias="CODE_MODALITE_ELECT")


class ScolariteActive(ImportRecord):
    """``SCOLARITE_ACTIVE``: this year's MEF, division, status, dates and options (rank order)."""

    TAG: ClassVar[str] = "SCOLARITE_ACTIVE"

    code_mef: Text = Field(alias="CODE_MEF")
    code_division: Text | None = Field(None, alias="CODE_DIVISION")
    code_statut: Text = Field(alias="CODE_STATUT")
    date_deb_sco: Date = Field(alias="DATE_DEB_SCO")
    date_fin_sco: Date | None = Field(None, alias="DATE_FIN_SCO")
    arret_formation: Flag | None = Field(None, alias="ARRET_FORMATION")
    options: Annotated[list[OptionEleve], Container("OPTION")] = Field(
        default_factory=list, alias="OPTIONS"
    )


class EtablissementAnDernier(ImportRecord):
    """``ETABLISSEMENT_AN_DERNIER``: last year's school (UAI or département) and schooling."""

    TAG: ClassVar[str] = "ETABLISSEMENT_AN_DERNIER"

    code_rne: Text | None = Field(None, alias="CODE_RNE")
    code_departement: Text | None = Field(None, alias="CODE_DEPARTEMENT")
    code_provenance: Text = Field(alias="CODE_PROVENANCE")
    code_mef: Text | None = Field(None, alias="CODE_MEF")
    type_mef: Text | None = Field(None, alias="TYPE_MEF")
    code_division: Text | None = Field(None, alias="CODE_DIVISION")
    code_statut: Text | None = Field(None, alias="CODE_STATUT")
    date_deb_sco: Date | None = Field(None, alias="DATE_DEB_SCO")
    date_fin_sco: Date | None = Field(None, alias="DATE_FIN_SCO")
    #: 5-character ``CODE_GESTION`` of each matière followed last year
    options_an_dernier: Annotated[list[str], Container("CODE_MATIERE")] = Field(
        default_factory=list, alias="OPTIONS_AN_DERNIER"
    )


class Eleve(ImportRecord):
    """``ELEVE``: a current pupil, or a leaver (group starting with ``CODE_MOTIF_SORTIE``,
    ``DATE_SORTIE``; both are ``None`` for a current pupil)."""

    TAG: ClassVar[str] = "ELEVE"
    NOT_XML: ClassVar[frozenset[str]] = frozenset({"eleve_id"})

    code_motif_sortie: Text | None = Field(None, alias="CODE_MOTIF_SORTIE")
    date_sortie: Date | None = Field(None, alias="DATE_SORTIE")
    id_prv_ele: Id = Field(alias="ID_PRV_ELE")
    id_national: Text | None = Field(None, alias="ID_NATIONAL")
    ine_bea: Text | None = Field(None, alias="INE_BEA")
    ine_rnie: Text | None = Field(None, alias="INE_RNIE")
    nom_de_famille: Text = Field(alias="NOM_DE_FAMILLE")
    nom_usage: Text | None = Field(None, alias="NOM_USAGE")
    prenom: Text = Field(alias="PRENOM")
    prenom2: Text | None = Field(None, alias="PRENOM2")
    prenom3: Text | None = Field(None, alias="PRENOM3")
    code_pays_nat: Text | None = Field(None, alias="CODE_PAYS_NAT")
    date_naiss: Date = Field(alias="DATE_NAISS")
    code_sexe: Text | None = Field(None, alias="CODE_SEXE")
    code_pays: Text = Field(alias="CODE_PAYS")
    code_commune_insee_naiss: Text | None = Field(None, alias="CODE_COMMUNE_INSEE_NAISS")
    ville_naiss: Text | None = Field(None, alias="VILLE_NAISS")
    date_entree: Date | None = Field(None, alias="DATE_ENTREE")
    adresse: Adresse | None = Field(None, alias="ADRESSE")
    tel_personnel: Text | None = Field(None, alias="TEL_PERSONNEL")
    tel_professionnel: Text | None = Field(None, alias="TEL_PROFESSIONNEL")
    tel_portable: Text | None = Field(None, alias="TEL_PORTABLE")
    accepte_sms: Flag | None = Field(None, alias="ACCEPTE_SMS")
    email: Text | None = Field(None, alias="EMAIL")
    adhesion_transport: Flag = Field(alias="ADHESION_TRANSPORT")
    code_regime: Text = Field(alias="CODE_REGIME")
    doublement: Flag = Field(alias="DOUBLEMENT")
    bourses: Annotated[list[Bourse], Container("BOURSE")] | None = Field(None, alias="BOURSES")
    responsables_eleve: ResponsablesEleve | None = Field(None, alias="RESPONSABLES_ELEVE")
    scolarite_active: ScolariteActive | None = Field(None, alias="SCOLARITE_ACTIVE")
    etablissement_an_dernier: EtablissementAnDernier | None = Field(
        None, alias="ETABLISSEMENT_AN_DERNIER"
    )

    #: SIECLE's ``ELEVE_ID``, kept by vendors; never written (see module docstring)
    eleve_id: str | None = None

    @property
    def is_leaver(self) -> bool:
        """Whether the pupil has left (written in the ``ELEVE_SORTANT`` group)."""
        return _given(self.code_motif_sortie) or _given(self.date_sortie)

    @property
    def label(self) -> str:
        """How messages name the pupil: ``élève ID_PRV_ELE=12 (DUPONT Marie)``."""
        return f"élève ID_PRV_ELE={self.id_prv_ele} ({self.nom_de_famille} {self.prenom})"

    def links(self) -> list[tuple[str, Lien]]:
        """Every responsable link as ``(role, link)`` (empty when there is no block)."""
        return self.responsables_eleve.links() if self.responsables_eleve is not None else []
